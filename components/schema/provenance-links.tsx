import Link from 'next/link';
import type { ProvenanceEvent } from '@/lib/catalog/provenance';
import { cn } from '@/lib/ui/cn';

const VERB: Record<ProvenanceEvent['action'], string> = {
  created: 'Created',
  altered: 'Changed',
  dropped: 'Dropped',
  renamed: 'Renamed',
  skipped_if_not_exists: 'Skipped (IF NOT EXISTS)',
};

/** Where an object came from: each migration that created or changed it, one click to the file. */
export function ProvenanceLinks({
  events,
  compact = false,
  className,
  none,
}: {
  events: readonly ProvenanceEvent[] | undefined;
  compact?: boolean;
  className?: string;
  none?: string;
}) {
  if (!events || events.length === 0) {
    return (
      <span className={cn('text-xs text-zinc-500', className)} data-test="provenance-none">
        {none ?? 'No migration file creates this: it was made outside the migrations.'}
      </span>
    );
  }
  // Compact: the creation and the latest change only.
  const shown = compact && events.length > 2 ? [events[0]!, events[events.length - 1]!] : events;
  return (
    <ul className={cn('space-y-0.5 text-xs', className)} data-test="provenance">
      {shown.map((event, index) => (
        <li key={`${event.version}-${event.statementIndex}-${index}`} className="text-zinc-600" data-test="provenance-event" data-action={event.action}>
          <span className={cn('font-medium', event.action === 'skipped_if_not_exists' && 'text-amber-700')}>{VERB[event.action]}</span> in{' '}
          <Link href={`/migrations/${encodeURIComponent(event.version)}`} className="font-mono text-brand-700 hover:underline" data-test="provenance-link">
            {event.fileName}
          </Link>
          {compact ? null : (
            <span className="text-zinc-400">
              {' '}
              · statement {event.statementIndex} · {event.summary}
            </span>
          )}
        </li>
      ))}
      {compact && events.length > 2 ? (
        <li className="text-zinc-400">
          and {events.length - 2} more change{events.length - 2 === 1 ? '' : 's'}
        </li>
      ) : null}
    </ul>
  );
}
