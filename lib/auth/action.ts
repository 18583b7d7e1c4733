import 'server-only';
import { unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import { recordAudit } from '@/lib/audit/record';
import { holdsAnyRole, type Role } from './roles';
import { ActionError, ConsoleUnavailableError } from '@/lib/errors';
import { getViewer, type Viewer } from './viewer';

export type ActionResult<T = undefined> = { ok: true; message?: string; data?: T } | { ok: false; error: string; fieldErrors?: Record<string, string> };

/** A server action made by `defineAction`, as a page hands it to a client component. */
export type FormAction<T = undefined> = (previous: ActionResult<T> | null, formData: FormData) => Promise<ActionResult<T>>;

type ActionDefinition<S extends z.ZodType, T> = {
  /** Stable name used in the audit log and the role matrix, e.g. `members.set_roles`. */
  name: string;
  roles: readonly Role[];
  input: S;
  run: (input: z.infer<S>, viewer: Viewer) => Promise<ActionResult<T>>;
};

/** What an action answers while the project cannot be reached. */
export const PROJECT_UNREACHABLE_MESSAGE = 'The console cannot reach the project right now. Nothing was changed; try again in a moment.';

/** Every action declared through `defineAction`, with the roles it needs (read by the role-matrix test). */
export const declaredActions = new Map<string, readonly Role[]>();

/** Turns form data into a plain object; repeated keys become arrays. */
export function formDataToObject(formData: FormData): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    if (key.startsWith('$ACTION')) continue;
    const values = formData.getAll(key).filter((value): value is string => typeof value === 'string');
    result[key] = values.length > 1 ? values : values[0];
  }
  return result;
}

/**
 * The one way to declare a server action: it names the roles it needs, checks them against the
 * verified session on every call (a page's check does not cover its actions), validates input
 * with zod, audits refusals, and turns every failure into plain words. A viewer whose roles are
 * only the last known ones (the project cannot be reached) is refused before anything runs.
 * Usable directly as a `useActionState` action `(previousState, formData)`.
 */
export function defineAction<S extends z.ZodType, T = undefined>(definition: ActionDefinition<S, T>) {
  if (definition.roles.length === 0) throw new Error(`Action ${definition.name} must name the roles it needs`);
  declaredActions.set(definition.name, definition.roles);

  return async function action(_previous: ActionResult<T> | null, formData: FormData): Promise<ActionResult<T>> {
    let viewer: Viewer | null;
    try {
      viewer = await getViewer();
    } catch (error) {
      return unavailable(definition.name, error);
    }
    if (!viewer) return { ok: false, error: 'Your session has ended. Sign in again.' };
    if (viewer.outage) {
      // Roles from before the outage may open read-only pages; they never authorize a change.
      // Nothing can be audited either while the project is away: the refusal goes to the server log.
      console.warn(`action ${definition.name} refused: the project cannot be reached`, {
        userId: viewer.userId,
        since: new Date(viewer.outage.since).toISOString(),
      });
      return { ok: false, error: PROJECT_UNREACHABLE_MESSAGE };
    }
    if (!holdsAnyRole(viewer.roles, definition.roles)) {
      await recordAudit({
        actorId: viewer.userId,
        action: 'access.refused',
        target: `action:${definition.name}`,
        outcome: 'refused',
        details: { required: definition.roles },
      });
      return { ok: false, error: `You need the ${definition.roles.join(' or ')} role to do this.` };
    }
    const parsed = definition.input.safeParse(formDataToObject(formData));
    if (!parsed.success) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of parsed.error.issues) fieldErrors[issue.path.join('.') || 'form'] ??= issue.message;
      return { ok: false, error: 'Check the highlighted fields.', fieldErrors };
    }
    try {
      return await definition.run(parsed.data, viewer);
    } catch (error) {
      // redirect() and notFound() signal by throwing; they must reach Next.js untouched.
      unstable_rethrow(error);
      if (error instanceof ActionError) {
        if (error.kind === 'refused') {
          await recordAudit({
            actorId: viewer.userId,
            action: 'access.refused',
            target: `action:${definition.name}`,
            outcome: 'refused',
            details: { reason: error.message },
          });
        }
        return { ok: false, error: error.message };
      }
      return unavailable(definition.name, error);
    }
  };
}

function unavailable(name: string, error: unknown): { ok: false; error: string } {
  console.error(`action ${name} failed`, error);
  return {
    ok: false,
    error:
      error instanceof ConsoleUnavailableError
        ? PROJECT_UNREACHABLE_MESSAGE
        : 'Something went wrong and nothing was changed. Try again; if it keeps failing, tell the console admins.',
  };
}
