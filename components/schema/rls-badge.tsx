import { Badge } from '@/components/ui/badge';

/** RLS state in one badge: red when an exposed table has it off. */
export function RlsBadge({ enabled, forced, exposed }: { enabled: boolean; forced: boolean; exposed: boolean }) {
  if (!enabled)
    return (
      <Badge tone={exposed ? 'bad' : 'warn'} data-test="rls" data-rls="disabled">
        RLS off
      </Badge>
    );
  return (
    <Badge tone="good" data-test="rls" data-rls={forced ? 'forced' : 'enabled'}>
      {forced ? 'RLS on, forced' : 'RLS on'}
    </Badge>
  );
}
