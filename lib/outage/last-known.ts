import 'server-only';
import type { Role } from '@/lib/auth/roles';

/**
 * The last successful reads from the project, kept in this server process so that, while the
 * project cannot be reached, pages can show their last known state under an outage banner
 * instead of only an error.
 *
 * Why this is safe:
 * - Identity is never taken from here. A person counts as signed in only when `getClaims()`
 *   verified their token's signature in this request (against the JWKS, which auth-js caches for
 *   ten minutes); without that there is no viewer and the page shows the plain error.
 * - Roles come only from this process's own earlier live read of `console.my_roles` for that same
 *   user id, and only while it is at most LAST_KNOWN_ROLES_MAX_AGE_MS old. A role revoked just
 *   before an outage keeps opening read-only pages for at most that long; it never authorizes a
 *   write, because `defineAction` refuses every action of a degraded viewer.
 * - Only project-level data that every operator sees alike is kept: the migration history and the
 *   schema catalog. Nothing personal (profiles, phone numbers, members, the audit log, pushes),
 *   no keys, no tokens. Pages still apply `requireRole` with the last known roles before showing it.
 * - It is memory of one process: nothing is shared between instances or written anywhere, it is
 *   gone on restart, and nothing but outage pages reads it. Callers treat values as read-only.
 */

/**
 * How old the last live read of someone's roles may be for them to keep reading pages during an
 * outage. Ten minutes: long enough to ride out a restart or a failover of the database, short
 * enough that a revoked member stops seeing the project soon; it is also how long auth-js trusts
 * its cached JWKS, beyond which an API outage ends verified identity anyway.
 */
export const LAST_KNOWN_ROLES_MAX_AGE_MS = 10 * 60 * 1000;

/** Table pages each keep their own detailed catalog; least recently read goes first. */
const MAX_DATA_ENTRIES = 128;
const MAX_ROLE_ENTRIES = 1000;

export type Remembered<T> = { value: T; readAt: number };

/** A typed name for one remembered read. */
export type DataKey<T> = { readonly id: string; readonly valueType?: T };

export function dataKey<T>(id: string): DataKey<T> {
  return { id };
}

/** When this process last had an answer from the project, and since when it has had none. */
export type ProjectContact = { lastContactAt: number | null; unreachableSince: number | null };

export function createLastKnownStore(now: () => number = () => Date.now()) {
  const data = new Map<string, Remembered<unknown>>();
  const roles = new Map<string, Remembered<readonly Role[]>>();
  let lastContactAt: number | null = null;
  let unreachableSince: number | null = null;

  function keep<T>(map: Map<string, Remembered<T>>, key: string, value: T, max: number) {
    map.delete(key);
    map.set(key, { value, readAt: now() });
    if (map.size > max) map.delete(map.keys().next().value as string);
  }

  /** A live read succeeded: the outage, if any, is over. */
  function reached() {
    lastContactAt = now();
    unreachableSince = null;
  }

  return {
    reached,
    /** A live read found the project unreachable. */
    unreachable() {
      unreachableSince ??= now();
    },
    contact(): ProjectContact {
      return { lastContactAt, unreachableSince };
    },
    remember<T>(key: DataKey<T>, value: T) {
      keep(data, key.id, value, MAX_DATA_ENTRIES);
      reached();
    },
    recall<T>(key: DataKey<T>): Remembered<T> | null {
      return (data.get(key.id) as Remembered<T> | undefined) ?? null;
    },
    rememberRoles(userId: string, value: readonly Role[]) {
      keep(roles, userId, [...value], MAX_ROLE_ENTRIES);
      reached();
    },
    /** The roles last read live for this user id, if recent enough to stand in during an outage. */
    recallRoles(userId: string): Remembered<readonly Role[]> | null {
      const entry = roles.get(userId);
      if (!entry) return null;
      if (now() - entry.readAt > LAST_KNOWN_ROLES_MAX_AGE_MS) {
        roles.delete(userId);
        return null;
      }
      return entry;
    },
  };
}

export type LastKnownStore = ReturnType<typeof createLastKnownStore>;

const STORE = Symbol.for('migration-console.last-known');

/**
 * The process's store. Held on globalThis so that every route's server bundle, and the layout
 * and the page of one request, see the same one.
 */
export function lastKnownStore(): LastKnownStore {
  const holder = globalThis as unknown as Record<symbol, LastKnownStore | undefined>;
  return (holder[STORE] ??= createLastKnownStore());
}
