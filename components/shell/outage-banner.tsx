import { CloudOff } from 'lucide-react';
import type { ViewerOutage } from '@/lib/auth/viewer';
import { describeAsOf } from '@/lib/outage/as-of';

/**
 * While the project cannot be reached and the viewer's roles are the last known ones: what the
 * page shows is not live, and actions are paused. Rendered by every page (through PageHeader, with
 * the outage of the viewer the page read) rather than by the layout, because a layout is not
 * rendered again on client navigation: the banner would stay after the project returns, or be
 * missing when an outage starts.
 */
export function OutageBanner({ outage }: { outage: ViewerOutage | null }) {
  if (!outage) return null;
  // eslint-disable-next-line react-hooks/purity -- a server component, rendered once per request: now is the request's time
  const lastContact = describeAsOf(outage.lastContactAt, Date.now());
  return (
    <div role="status" className="mb-6 flex gap-3 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950" data-test="outage-banner">
      <CloudOff aria-hidden className="mt-0.5 size-4 shrink-0 text-amber-700" />
      <div>
        <p className="font-semibold">The Supabase project cannot be reached.</p>
        <p className="mt-0.5">
          Its API or database is not answering; the console last heard from it at{' '}
          <span className="font-medium" data-test="outage-last-contact">
            {lastContact}
          </span>
          . What you see is the last known state, read before then. Actions are paused until the project answers again: nothing can be changed meanwhile.
        </p>
      </div>
    </div>
  );
}
