'use client';

import { useActionState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input, Label } from '@/components/ui/input';
import type { ActionResult, FormAction } from '@/lib/auth/action';
import { ROLES } from '@/lib/auth/roles';

export function AddMemberForm({ saveRoles }: { saveRoles: FormAction }) {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(saveRoles, null);
  const fieldErrors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <form action={action} className="space-y-3" data-test="add-member-form">
      <input type="hidden" name="intent" value="add" />
      <div className="flex flex-wrap items-end gap-4">
        <div className="min-w-72 flex-1 space-y-1.5">
          <Label htmlFor="new-member-email">Email of an existing project user</Label>
          <Input
            id="new-member-email"
            name="email"
            type="email"
            required
            placeholder="name@company.com"
            aria-invalid={Boolean(fieldErrors.email)}
            data-test="new-member-email"
          />
        </div>
        <fieldset className="flex gap-4 pb-2" aria-invalid={Boolean(fieldErrors.roles)}>
          <legend className="sr-only">Roles</legend>
          {ROLES.map((role) => (
            <label key={role} className="flex items-center gap-1.5 text-sm">
              <input type="checkbox" name="roles" value={role} className="size-4 accent-brand-600" data-test={`new-member-role-${role}`} />
              {role}
            </label>
          ))}
        </fieldset>
        <Button type="submit" variant="brand" disabled={pending} data-test="add-member">
          {pending ? 'Adding…' : 'Add member'}
        </Button>
      </div>
      {state ? (
        <Alert tone={state.ok ? 'good' : 'bad'} data-test="add-member-result">
          {state.ok ? state.message : [state.error, ...Object.values(fieldErrors)].filter((text, index, all) => all.indexOf(text) === index).join(' ')}
        </Alert>
      ) : null}
    </form>
  );
}
