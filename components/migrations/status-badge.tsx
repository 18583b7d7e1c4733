import { Badge } from '@/components/ui/badge';
import type { MigrationStatus } from '@/lib/migrations/types';

export const STATUS_LABEL: Record<MigrationStatus, string> = {
  applied: 'applied',
  pending: 'pending',
  pending_out_of_order: 'pending, out of order',
  remote_only: 'remote only',
  edited_after_apply: 'edited after apply',
  invalid_name: 'invalid file name',
  duplicate_version: 'duplicate version',
  unreadable: 'unreadable file',
};

const TONE: Record<MigrationStatus, 'good' | 'info' | 'warn' | 'bad' | 'neutral'> = {
  applied: 'good',
  pending: 'info',
  pending_out_of_order: 'warn',
  remote_only: 'bad',
  edited_after_apply: 'bad',
  invalid_name: 'bad',
  duplicate_version: 'bad',
  unreadable: 'bad',
};

export function StatusBadge({ status }: { status: MigrationStatus }) {
  return (
    <Badge tone={TONE[status]} data-test="status-badge" data-status={status}>
      {STATUS_LABEL[status]}
    </Badge>
  );
}
