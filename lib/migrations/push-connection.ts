import 'server-only';
import type { Sql } from 'postgres';

/**
 * The push's connections and its lock: one session connection per role (never pooled or
 * recycled, so the session-level advisory lock cannot be lost silently), and the lock itself.
 */

/** 'consPush' as a bigint; `console_private.push_lock_key()` returns the same. */
export const PUSH_LOCK_KEY = '7165066974256788328';

export type LockState = { locked: boolean; pid: number; database: string };

// Loaded on first use: the command line starts without it for commands that never push.
const loadPostgres = () => import('postgres').then((module) => module.default);
let postgresLoader: ReturnType<typeof loadPostgres> | undefined;

export async function connect(url: string, applicationName: string): Promise<Sql> {
  const postgres = await (postgresLoader ??= loadPostgres());
  let hasSslMode = false;
  try {
    hasSslMode = new URL(url).searchParams.has('sslmode');
  } catch {
    // sessionUrlProblem has already explained an unparsable URL.
  }
  return postgres(url, {
    // One connection, so that BEGIN/COMMIT and the session lock all live on it.
    max: 1,
    // Never recycled mid-run: a new connection would silently lose the advisory lock.
    max_lifetime: null,
    idle_timeout: 0,
    // Statements are unnamed unless a query asks (only the history INSERT does): see recordVersion.
    prepare: true,
    // The array types are needed to send the history row's `statements` as text[].
    fetch_types: true,
    connect_timeout: 15,
    onnotice: () => {},
    connection: { application_name: applicationName },
    ...(hasSslMode ? {} : { ssl: 'prefer' as const }),
  });
}

export async function takeLock(target: Sql): Promise<LockState> {
  const [row] = await target.unsafe<{ locked: boolean; pid: number; database: string }[]>(
    'select pg_try_advisory_lock($1::bigint) as locked, pg_backend_pid() as pid, current_database() as database',
    [PUSH_LOCK_KEY],
  );
  if (!row) throw new Error('the lock query returned nothing');
  return { locked: row.locked, pid: Number(row.pid), database: row.database };
}

export async function releaseLock(target: Sql): Promise<void> {
  // A lost connection has already released it (the lock is session-level).
  await target.unsafe('select pg_advisory_unlock($1::bigint)', [PUSH_LOCK_KEY]).catch(() => {});
}

export async function closeAll(...clients: Sql[]): Promise<void> {
  await Promise.all(clients.map((client) => client.end({ timeout: 5 }).catch(() => {})));
}
