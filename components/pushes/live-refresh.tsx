'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/**
 * Re-renders the server page every `intervalMs` while a push runs, so each file's progress shows
 * up. The state is read from the database each time: any console instance can serve the page.
 */
export function LiveRefresh({ active, intervalMs = 1500 }: { active: boolean; intervalMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs, router]);
  return active ? (
    <span className="inline-flex items-center gap-2 text-xs text-sky-700" data-test="live">
      <span className="size-2 animate-pulse rounded-full bg-sky-500" />
      live
    </span>
  ) : null;
}
