import Link from 'next/link';
import { PageHeader } from '@/components/shell/page-header';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { navigationFor } from '@/lib/auth/navigation';
import { requireMember } from '@/lib/auth/require-role';
import { ROLE_DESCRIPTIONS } from '@/lib/auth/roles';

export default async function OverviewPage() {
  const viewer = await requireMember('/');
  const destinations = navigationFor(viewer.roles).filter((item) => item.href !== '/');
  return (
    <>
      <PageHeader title="Overview" description="The shared Supabase project of Aloha, Sync, Insights and Studio: what is applied, what is pending, and who changed what." />
      <div className="grid gap-4 md:grid-cols-2">
        <Card data-test="your-roles">
          <CardHeader>
            <CardTitle>Your access</CardTitle>
            <CardDescription>Signed in as {viewer.email}.</CardDescription>
          </CardHeader>
          <CardContent>
            <ul className="space-y-3">
              {viewer.roles.map((role) => (
                <li key={role}>
                  <p className="text-sm font-medium capitalize">{role}</p>
                  <p className="text-sm text-zinc-500">{ROLE_DESCRIPTIONS[role]}</p>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
        {destinations.length ? (
          <Card>
            <CardHeader>
              <CardTitle>Go to</CardTitle>
            </CardHeader>
            <CardContent>
              <ul className="space-y-2">
                {destinations.map((item) => (
                  <li key={item.href}>
                    <Link className="text-sm font-medium text-brand-700 hover:underline" href={item.href}>{item.label}</Link>
                  </li>
                ))}
              </ul>
            </CardContent>
          </Card>
        ) : null}
      </div>
    </>
  );
}
