import type { ReactNode } from 'react';
import { NavLinks } from '@/components/shell/nav-links';
import { SignOutButton } from '@/components/shell/sign-out-button';
import { Badge } from '@/components/ui/badge';
import { navigationFor } from '@/lib/auth/navigation';
import { getViewer } from '@/lib/auth/viewer';

/**
 * The console shell. It only decides what the navigation shows: every page checks its own role,
 * because a layout does not re-run on client navigation.
 */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const viewer = await getViewer();
  // Not signed in, or not a member: the page's own requireRole redirects, with the path it knows.
  if (!viewer || viewer.roles.length === 0) return <>{children}</>;
  return (
    <div className="flex min-h-screen">
      <aside className="flex w-56 shrink-0 flex-col border-r border-zinc-200 bg-white px-3 py-4">
        <div className="mb-6 flex items-center gap-2 px-3">
          <div className="flex size-7 items-center justify-center rounded-md bg-brand-600 font-mono text-xs font-bold text-white">MC</div>
          <span className="text-sm font-semibold">Migration Console</span>
        </div>
        <NavLinks items={navigationFor(viewer.roles)} />
        <div className="mt-auto space-y-3 border-t border-zinc-100 px-3 pt-4">
          <div className="min-w-0">
            <p className="truncate text-sm font-medium" data-test="viewer-email">
              {viewer.email}
            </p>
            <div className="mt-1 flex flex-wrap gap-1" data-test="viewer-roles">
              {viewer.roles.map((role) => (
                <Badge key={role}>{role}</Badge>
              ))}
            </div>
          </div>
          <SignOutButton />
        </div>
      </aside>
      <main className="min-w-0 flex-1 px-8 py-6">{children}</main>
    </div>
  );
}
