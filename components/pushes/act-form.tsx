'use client';

import { useActionState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import type { ActionResult } from '@/lib/auth/action';

type Props = {
  action: (previous: ActionResult | null, formData: FormData) => Promise<ActionResult>;
  fields: Record<string, string>;
  label: string;
  pendingLabel: string;
  variant?: 'default' | 'brand' | 'outline' | 'destructive';
  /** A text box for a reason or note, when the act needs one. */
  reason?: { name: string; label: string; required: boolean };
  confirm?: string;
  testId: string;
};

/** One act on a push request (approve, reject, cancel, run): a small form bound to its server action. */
export function ActForm({ action, fields, label, pendingLabel, variant = 'default', reason, confirm, testId }: Props) {
  const [state, formAction, pending] = useActionState<ActionResult | null, FormData>(action, null);
  return (
    <form
      action={formAction}
      className="space-y-2"
      data-test={testId}
      onSubmit={(event) => {
        if (confirm && !window.confirm(confirm)) event.preventDefault();
      }}
    >
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {reason ? (
        <label className="block space-y-1 text-sm">
          <span className="font-medium text-zinc-700">{reason.label}</span>
          <textarea
            name={reason.name}
            required={reason.required}
            rows={2}
            className="w-full rounded-md border border-zinc-300 px-3 py-2 text-sm"
            data-test={`${testId}-reason`}
          />
        </label>
      ) : null}
      <Button type="submit" variant={variant} disabled={pending} data-test={`${testId}-submit`}>
        {pending ? pendingLabel : label}
      </Button>
      {state ? (
        <Alert tone={state.ok ? 'good' : 'bad'} data-test={`${testId}-result`}>
          {state.ok
            ? state.message
            : [state.error, ...Object.values(state.fieldErrors ?? {})].filter((text, index, all) => text && all.indexOf(text) === index).join(' ')}
        </Alert>
      ) : null}
    </form>
  );
}
