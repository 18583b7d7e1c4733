import { History } from 'lucide-react';
import { describeAsOf } from '@/lib/outage/as-of';
import type { LastKnown } from '@/lib/outage/page-fallback';
import { cn } from '@/lib/ui/cn';

/** Beside data that is the last known copy rather than live: when it was read. Nothing when live. */
export function LastKnownNote({ lastKnown, className }: { lastKnown?: LastKnown; className?: string }) {
  if (!lastKnown) return null;
  return (
    <p className={cn('flex items-center gap-1.5 text-xs font-medium text-amber-800', className)} data-test="last-known">
      <History aria-hidden className="size-3.5" />
      {/* eslint-disable-next-line react-hooks/purity -- a server component, rendered once per request: now is the request's time */}
      Last known state, as of {describeAsOf(lastKnown.readAt, Date.now())}; not live.
    </p>
  );
}
