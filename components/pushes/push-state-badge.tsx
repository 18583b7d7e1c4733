import { Badge } from '@/components/ui/badge';
import type { PushState } from '@/lib/migrations/push-records';

const TONE: Record<PushState, 'good' | 'info' | 'warn' | 'bad' | 'neutral'> = {
  requested: 'info',
  approved: 'warn',
  rejected: 'neutral',
  cancelled: 'neutral',
  running: 'info',
  succeeded: 'good',
  failed: 'bad',
  // Its snapshot no longer matches the files or the history: it can never be approved or run.
  stale: 'neutral',
};

export function PushStateBadge({ state }: { state: PushState }) {
  return (
    <Badge tone={TONE[state]} data-test="push-state" data-state={state}>
      {state}
    </Badge>
  );
}
