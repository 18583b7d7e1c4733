import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, CardContent } from '@/components/ui/card';

export const metadata: Metadata = { title: 'Not allowed' };

export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<{ path?: string; need?: string }> }) {
  const { path, need } = await searchParams;
  const roles = (need ?? '').split(',').filter((role) => /^[a-z]+$/.test(role));
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <Card className="w-full max-w-md" data-test="forbidden">
        <CardContent className="space-y-4 py-6">
          <h1 className="text-lg font-semibold">You cannot open this page</h1>
          <p className="text-sm text-zinc-600">
            {roles.length ? `It needs the ${roles.join(' or ')} role. ` : ''}
            The attempt{path && path.startsWith('/') ? ` to open ${path}` : ''} was recorded in the audit log. If you need access, ask a console admin.
          </p>
          <Link href="/" className="text-sm font-medium text-brand-700 hover:underline">
            Back to the overview
          </Link>
        </CardContent>
      </Card>
    </main>
  );
}
