import 'server-only';
import { cache } from 'react';
import { lastKnownStore } from '@/lib/outage/last-known';
import { projectUnreachable } from '@/lib/outage/unreachable';
import { createClient } from '@/lib/supabase/server';
import { isRole, type Role } from './roles';
import { ConsoleUnavailableError } from '@/lib/errors';

/**
 * Set when the project cannot be reached and the roles are the last ones read live for this
 * person in this process (see lib/outage/last-known.ts for why that is safe). Such a viewer may
 * read pages that have a last known state; every action refuses them. Times are epoch ms.
 */
export type ViewerOutage = {
  /** The first failed read of this outage. */
  since: number;
  /** The last time this process had an answer from the project. */
  lastContactAt: number;
  /** When the roles used now were read live. */
  rolesReadAt: number;
};

export type Viewer = { userId: string; email: string; roles: Role[]; outage?: ViewerOutage };

/**
 * The signed-in person and their console roles, once per request. Identity comes from
 * `getClaims()` (signature verified against the project's JWKS), roles from the database through
 * the person's own session. Returns null when nobody is signed in.
 *
 * When the roles cannot be read because the project does not answer, a person whose identity was
 * just verified gets the roles read for them live in this process at most
 * LAST_KNOWN_ROLES_MAX_AGE_MS ago, marked `outage`; with none, or when identity itself cannot be
 * verified, this throws ConsoleUnavailableError and the page shows the plain error.
 */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const supabase = await createClient();
  const { data, error } = await supabase.auth.getClaims();
  if (error) {
    if (error.name === 'AuthRetryableFetchError' || error.status === 0 || (error.status ?? 0) >= 500) {
      throw new ConsoleUnavailableError('The Supabase Auth service cannot be reached.', { cause: error });
    }
    return null;
  }
  const claims = data?.claims;
  if (!claims?.sub || claims.role !== 'authenticated') return null;
  const userId = claims.sub;
  const email = typeof claims.email === 'string' ? claims.email : '';

  const store = lastKnownStore();
  const { data: roles, error: rolesError, status } = await supabase.schema('console').rpc('my_roles');
  if (rolesError) {
    // An invalid or expired token, or a session that was signed out: treat as signed out.
    if (rolesError.code === 'PGRST301' || rolesError.code === 'PGRST303' || rolesError.code === '28000') return null;
    if (projectUnreachable({ status, code: rolesError.code })) {
      store.unreachable();
      const known = store.recallRoles(userId);
      const contact = store.contact();
      if (known && contact.lastContactAt !== null) {
        return {
          userId,
          email,
          roles: [...known.value],
          outage: { since: contact.unreachableSince ?? Date.now(), lastContactAt: contact.lastContactAt, rolesReadAt: known.readAt },
        };
      }
    }
    throw new ConsoleUnavailableError('The console could not read your roles from the database.', { cause: rolesError });
  }
  const held = (Array.isArray(roles) ? roles : []).filter(isRole);
  store.rememberRoles(userId, held);
  return { userId, email, roles: held };
});
