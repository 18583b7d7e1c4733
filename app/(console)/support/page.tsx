import type { Metadata } from 'next';
import { PageHeader } from '@/components/shell/page-header';
import { SearchTips } from '@/components/support/search-tips';
import { UserSearch } from '@/components/support/user-search';
import { Card, CardContent } from '@/components/ui/card';
import { requireRole } from '@/lib/auth/require-role';
import { defaultPhoneRegion } from '@/lib/support/default-region';
import { regionName, regionOptions } from '@/lib/support/phone';
import { readSearchBudget } from '@/lib/support/search';
import { searchUsers } from './actions';

export const metadata: Metadata = { title: 'Support' };

export default async function SupportPage() {
  const viewer = await requireRole('support', '/support');
  const region = defaultPhoneRegion();
  const budget = await readSearchBudget();
  const regions = regionOptions().map((option) => ({ code: option.code, label: `${option.name} (+${option.callingCode})` }));
  return (
    <>
      <PageHeader
        outage={viewer.outage}
        title="Support"
        description="Find a person by email, name, user id or phone number in any format. Phone numbers stay masked and match only as whole numbers; every search and every reveal is recorded in the audit log."
      />
      <Card className="mb-6">
        <CardContent className="py-5">
          <UserSearch searchAction={searchUsers} regions={regions} defaultRegion={region} initialBudget={budget} />
        </CardContent>
      </Card>
      <SearchTips regionName={regionName(region)} />
    </>
  );
}
