'use client';

import { useActionState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import type { ActionResult, FormAction } from '@/lib/auth/action';

type Props = {
  requestPush: FormAction;
  planToken: string;
  needsIncludeAll: boolean;
  needsNonTransactionalAck: boolean;
  needsDestructiveAck: boolean;
  needsHeavyLockAck: boolean;
};

export function RequestPushForm({ requestPush, planToken, needsIncludeAll, needsNonTransactionalAck, needsDestructiveAck, needsHeavyLockAck }: Props) {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(requestPush, null);
  return (
    <form action={action} className="space-y-4" data-test="request-push-form">
      <input type="hidden" name="planToken" value={planToken} />
      <label className="block space-y-1 text-sm">
        <span className="font-medium text-zinc-700">Note for the approver (what this push is for, ticket, rollout plan)</span>
        <textarea name="note" rows={3} maxLength={2000} className="w-full rounded-md border border-zinc-300 px-3 py-2 text-sm" data-test="push-note" />
      </label>
      {needsIncludeAll ? (
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" name="includeAll" required className="mt-0.5 size-4 accent-brand-600" data-test="ack-include-all" />
          <span>
            I checked that the files older than the last applied migration can run now, before the newer ones (the CLI’s <code>--include-all</code>).
          </span>
        </label>
      ) : null}
      {needsNonTransactionalAck ? (
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" name="acknowledgeNonTransactional" required className="mt-0.5 size-4 accent-brand-600" data-test="ack-non-transactional" />
          <span>
            I understand that the flagged files run statement by statement outside a transaction and can be left partly applied if one of their statements
            fails.
          </span>
        </label>
      ) : null}
      {needsDestructiveAck ? (
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" name="acknowledgeDestructive" required className="mt-0.5 size-4 accent-brand-600" data-test="ack-destructive" />
          <span>
            I checked the destructive statements (drops, TRUNCATE, DELETE or UPDATE without WHERE, column type changes): nothing still needs what they remove,
            and the data is backed up or no longer needed.
          </span>
        </label>
      ) : null}
      {needsHeavyLockAck ? (
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" name="acknowledgeHeavyLock" required className="mt-0.5 size-4 accent-brand-600" data-test="ack-heavy-lock" />
          <span>I checked the lock impact above: large tables are rewritten or read in full while writes to them wait, and this push is timed for it.</span>
        </label>
      ) : null}
      {state && !state.ok ? (
        <Alert tone="bad" data-test="request-push-result">
          {[state.error, ...Object.values(state.fieldErrors ?? {})].join(' ')}
        </Alert>
      ) : null}
      <Button type="submit" variant="brand" disabled={pending} data-test="request-push">
        {pending ? 'Requesting…' : 'Request this push'}
      </Button>
    </form>
  );
}
