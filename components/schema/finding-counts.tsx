import type { ReactNode } from 'react';
import { Badge } from '@/components/ui/badge';
import type { AdvisorLevel } from '@/lib/advisor/types';

const LABEL: Record<AdvisorLevel, [string, string]> = { error: ['error', 'errors'], warning: ['warning', 'warnings'], info: ['note', 'notes'] };
const TONE = { error: 'bad', warning: 'warn', info: 'info' } as const;

/** Finding counts by level; nothing when there are none. */
export function FindingCounts({ counts, empty = null }: { counts: Record<AdvisorLevel, number>; empty?: ReactNode }) {
  const levels = (['error', 'warning', 'info'] as const).filter((level) => counts[level] > 0);
  if (levels.length === 0) return <>{empty}</>;
  return (
    <span className="inline-flex flex-wrap gap-1" data-test="finding-counts">
      {levels.map((level) => (
        <Badge key={level} tone={TONE[level]} data-level={level}>
          {counts[level]} {LABEL[level][counts[level] === 1 ? 0 : 1]}
        </Badge>
      ))}
    </span>
  );
}
