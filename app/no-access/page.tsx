import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignOutButton } from '@/components/shell/sign-out-button';
import { Card, CardContent } from '@/components/ui/card';
import { getViewer } from '@/lib/auth/viewer';

export const metadata: Metadata = { title: 'No access' };

/** What a person who can sign in to the project, but is not a console member, sees. Nothing else. */
export default async function NoAccessPage() {
  const viewer = await getViewer();
  if (!viewer) redirect('/login');
  if (viewer.roles.length > 0) redirect('/');
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <Card className="w-full max-w-md" data-test="no-access">
        <CardContent className="space-y-4 py-6">
          <h1 className="text-lg font-semibold">You are not a member of the console yet</h1>
          <p className="text-sm text-zinc-600">
            You are signed in as <span className="font-medium">{viewer.email}</span>, but this account holds no console role. Ask a console admin to add you as
            an operator, admin or support member.
          </p>
          <SignOutButton />
        </CardContent>
      </Card>
    </main>
  );
}
