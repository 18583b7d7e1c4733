import { Badge } from '@/components/ui/badge';
import { formatUtc } from '@/lib/support/format';
import { describeChange } from '@/lib/support/describe-change';
import type { PhoneHistoryEntry } from '@/lib/support/types';

function actorText(entry: PhoneHistoryEntry): string {
  switch (entry.actor.kind) {
    case 'customer':
      return 'by the customer';
    case 'account':
      return entry.actor.email ? `by ${entry.actor.email}` : 'by another account';
    case 'system':
      return 'no signed-in user';
  }
}

const OPERATION_DOT: Record<PhoneHistoryEntry['operation'], string> = {
  insert: 'bg-emerald-500',
  update: 'bg-sky-500',
  delete: 'bg-red-500',
};

export function PhoneHistory({ entries, numberLabels }: { entries: PhoneHistoryEntry[]; numberLabels: Map<string, string> }) {
  if (entries.length === 0) {
    return (
      <p className="px-5 py-8 text-center text-sm text-zinc-500" data-test="phone-history-empty">
        No phone number of this person has changed yet.
      </p>
    );
  }
  return (
    <ol className="relative px-5 py-4" data-test="phone-history">
      {entries.map((entry, index) => {
        const current = numberLabels.get(entry.phoneNumberId);
        return (
          <li key={entry.id} className="relative flex gap-4 pb-5 last:pb-0" data-test="phone-history-entry" data-operation={entry.operation}>
            {index < entries.length - 1 ? <span aria-hidden className="absolute top-3 left-[5px] h-full w-px bg-zinc-200" /> : null}
            <span aria-hidden className={`relative mt-1.5 size-[11px] shrink-0 rounded-full ring-4 ring-white ${OPERATION_DOT[entry.operation]}`} />
            <div className="min-w-0 flex-1">
              {entry.operation === 'update' ? <p className="font-mono text-xs text-zinc-500">{entry.newMasked ?? entry.oldMasked}</p> : null}
              {describeChange(entry).map((line) => (
                <p key={line} className="text-sm text-zinc-900">
                  {line}
                </p>
              ))}
              <p className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-zinc-500">
                <time dateTime={entry.changedAt}>{formatUtc(entry.changedAt)}</time>
                <span aria-hidden>·</span>
                <span>{actorText(entry)}</span>
                <span aria-hidden>·</span>
                <span>via</span>
                <Badge className="py-0">{entry.source}</Badge>
                {current ? (
                  <span className="text-zinc-400">· now the “{current}” number</span>
                ) : entry.operation !== 'delete' ? (
                  <span className="text-zinc-400">· number since removed</span>
                ) : null}
              </p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
