import type { ReactNode } from 'react';
import { OutageBanner } from './outage-banner';

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <>
      <OutageBanner />
      <header className="mb-6 flex items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight" data-test="page-title">{title}</h1>
          {description ? <p className="mt-1 max-w-3xl text-sm text-zinc-500">{description}</p> : null}
        </div>
        {actions}
      </header>
    </>
  );
}
