import 'server-only';
import { cache } from 'react';
import { createClient } from '@/lib/supabase/server';
import { isRole, type Role } from './roles';

export type Viewer = { userId: string; email: string; roles: Role[] };

/** The console cannot reach the project (API or database down); pages show a banner for it. */
export class ConsoleUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConsoleUnavailableError';
  }
}

/**
 * The signed-in person and their console roles, once per request. Identity comes from
 * `getClaims()` (signature verified against the project's JWKS), roles from the database through
 * the person's own session. Returns null when nobody is signed in.
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

  const { data: roles, error: rolesError } = await supabase.schema('console').rpc('my_roles');
  if (rolesError) {
    // An invalid or expired token, or a session that was signed out: treat as signed out.
    if (rolesError.code === 'PGRST301' || rolesError.code === 'PGRST303' || rolesError.code === '28000') return null;
    throw new ConsoleUnavailableError('The console could not read your roles from the database.', { cause: rolesError });
  }
  return {
    userId: claims.sub,
    email: typeof claims.email === 'string' ? claims.email : '',
    roles: (Array.isArray(roles) ? roles : []).filter(isRole),
  };
});
