'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import type { ActionResult, FormAction } from '@/lib/auth/action';
import { ROLES, type Role } from '@/lib/auth/roles';

type Props = {
  saveRoles: FormAction;
  remove: FormAction;
  email: string;
  fullName: string | null;
  roles: Role[];
  lastSignInAt: string | null;
  isViewer: boolean;
};

/** One member with role checkboxes; only what the row shows is passed in, never the whole record. */
export function MemberRow({ saveRoles, remove: removeAction, email, fullName, roles, lastSignInAt, isViewer }: Props) {
  const [saveState, save, saving] = useActionState<ActionResult | null, FormData>(saveRoles, null);
  const [removeState, remove, removing] = useActionState<ActionResult | null, FormData>(removeAction, null);
  const state = removeState ?? saveState;
  return (
    <tr data-test="member-row" data-email={email}>
      <td className="border-b border-zinc-100 px-3 py-3 align-top">
        <p className="font-medium">
          {email}
          {isViewer ? <span className="ml-2 text-xs text-zinc-500">(you)</span> : null}
        </p>
        <p className="text-xs text-zinc-500">
          {fullName ?? '—'} · last sign-in {lastSignInAt ? new Date(lastSignInAt).toLocaleString('en-GB', { timeZone: 'UTC' }) + ' UTC' : 'never'}
        </p>
        {state ? (
          <p role="status" className={state.ok ? 'mt-1 text-xs text-emerald-700' : 'mt-1 text-xs text-red-700'} data-test="member-row-result">
            {state.ok ? state.message : state.error}
          </p>
        ) : null}
      </td>
      <td className="border-b border-zinc-100 px-3 py-3 align-top">
        <form action={save} className="flex flex-wrap items-center gap-4" data-test="member-roles-form">
          <input type="hidden" name="email" value={email} />
          {ROLES.map((role) => (
            <label key={role} className="flex items-center gap-1.5 text-sm">
              <input
                type="checkbox"
                name="roles"
                value={role}
                defaultChecked={roles.includes(role)}
                className="size-4 accent-brand-600"
                data-test={`role-${role}`}
              />
              {role}
            </label>
          ))}
          <Button type="submit" size="sm" variant="outline" disabled={saving} data-test="save-roles">
            {saving ? 'Saving…' : 'Save roles'}
          </Button>
        </form>
      </td>
      <td className="border-b border-zinc-100 px-3 py-3 text-right align-top">
        <form
          action={remove}
          onSubmit={(event) => {
            if (!confirm(`Remove ${email} from the console?`)) event.preventDefault();
          }}
        >
          <input type="hidden" name="email" value={email} />
          <Button type="submit" size="sm" variant="ghost" className="text-red-700" disabled={removing} data-test="remove-member">
            Remove
          </Button>
        </form>
      </td>
    </tr>
  );
}
