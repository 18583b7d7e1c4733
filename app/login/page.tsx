import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/sign-in-form';
import { Alert } from '@/components/ui/alert';
import { Card, CardContent } from '@/components/ui/card';
import { safeNextPath } from '@/lib/auth/sign-in';
import { getViewer } from '@/lib/auth/viewer';
import { signIn } from './actions';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string; signed_out?: string }> }) {
  const { next, signed_out: signedOut } = await searchParams;
  const viewer = await getViewer().catch(() => null);
  if (viewer) redirect(safeNextPath(next));
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <div className="mx-auto mb-3 flex size-10 items-center justify-center rounded-lg bg-brand-600 font-mono text-sm font-bold text-white">MC</div>
          <h1 className="text-xl font-semibold">Migration Console</h1>
          <p className="mt-1 text-sm text-zinc-500">Sign in with your account on the shared Supabase project.</p>
        </div>
        {signedOut === 'this-browser' ? (
          <Alert tone="warn" className="mb-4" data-test="signed-out-locally">
            You are signed out in this browser. Supabase Auth could not be reached to end your sessions elsewhere: they stop when their access tokens expire
            (within the hour). Sign in and out again once the project is back to end them at once.
          </Alert>
        ) : null}
        <Card>
          <CardContent className="py-6">
            <SignInForm next={safeNextPath(next)} signIn={signIn} />
          </CardContent>
        </Card>
      </div>
    </main>
  );
}
