import type { ReactNode } from 'react';
import type { ViewerOutage } from '@/lib/auth/viewer';
import { OutageBanner } from './outage-banner';

/**
 * The title of a page, with the outage banner above it. Every page passes its viewer's outage
 * (the page has read the viewer for its role check already): the banner is rendered per page, not
 * by the layout, because a layout is not rendered again on client navigation.
 */
export function PageHeader({
  title,
  description,
  actions,
  outage,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  outage?: ViewerOutage | null;
}) {
  return (
    <>
      <OutageBanner outage={outage ?? null} />
      <header className="mb-6 flex items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight" data-test="page-title">
            {title}
          </h1>
          {description ? <p className="mt-1 max-w-3xl text-sm text-zinc-500">{description}</p> : null}
        </div>
        {actions}
      </header>
    </>
  );
}
