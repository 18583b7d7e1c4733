import { StatusOverview } from '@/components/migrations/status-overview';
import { LastKnownNote } from '@/components/shell/last-known-note';
import { PageHeader } from '@/components/shell/page-header';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { requireMember } from '@/lib/auth/require-role';
import { holdsRole, ROLE_DESCRIPTIONS } from '@/lib/auth/roles';
import { loadStatusReportOrLastKnown } from '@/lib/migrations/load-status';

export default async function OverviewPage() {
  const viewer = await requireMember('/');
  // Migration status is operator information; support members see only their own access.
  const report = holdsRole(viewer.roles, 'operator') ? await loadStatusReportOrLastKnown() : null;
  return (
    <>
      <PageHeader
        outage={viewer.outage}
        title="Overview"
        description="The shared Supabase project of Aloha, Sync, Insights and Studio: what is applied, what is pending, and what needs attention."
      />
      <div className="space-y-6">
        {report ? (
          <div className="space-y-3">
            <LastKnownNote lastKnown={report.lastKnown} />
            <StatusOverview report={report} />
          </div>
        ) : null}
        <Card data-test="your-roles">
          <CardHeader>
            <CardTitle>Your access</CardTitle>
            <CardDescription>Signed in as {viewer.email}.</CardDescription>
          </CardHeader>
          <CardContent>
            <ul className="grid gap-3 md:grid-cols-3">
              {viewer.roles.map((role) => (
                <li key={role}>
                  <p className="text-sm font-medium capitalize">{role}</p>
                  <p className="text-sm text-zinc-500">{ROLE_DESCRIPTIONS[role]}</p>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      </div>
    </>
  );
}
