import 'server-only';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Sql } from 'postgres';
import { projectUnreachable } from '@/lib/outage/unreachable';
import { compareVersions } from './order';
import type { RemoteMigration } from './types';

/**
 * The remote side of migration status: the rows of `supabase_migrations.schema_migrations`.
 * Two ways in, one result: the service-role client through `console.migration_history()` (the
 * pages, and `console status` without a database URL), or a direct database connection as the
 * Supabase CLI uses with `--db-url`.
 */
export type RemoteHistory = {
  /** False when nothing was ever pushed: the history table does not exist yet. */
  tableExists: boolean;
  /** In the CLI's order: versions compared as text. */
  rows: RemoteMigration[];
};

/** The history could not be read; the message is safe to show (no SQL, no keys). */
export class RemoteHistoryError extends Error {
  readonly code: string | null;
  /** The API's HTTP status (0: no answer), when the failure came from the API. */
  readonly status: number | null;
  constructor(message: string, options: { cause?: unknown; code?: string | null; status?: number | null } = {}) {
    super(message, { cause: options.cause });
    this.name = 'RemoteHistoryError';
    this.code = options.code ?? null;
    this.status = options.status ?? null;
  }
}

/**
 * Through the API with the service-role client. Call it only after `requireRole('operator')`.
 * The function returns one jsonb value rather than a set, so PostgREST's `max_rows` (1000 in
 * supabase/config.toml) cannot cut a long history short.
 */
export async function fetchRemoteHistory(client: SupabaseClient): Promise<RemoteHistory> {
  // The marker is read before the history: a push landing in between leaves a marker older than
  // the rows kept with it, which costs one extra read next time, never a stale page.
  const fingerprint = await readHistoryFingerprint(client);
  if (fingerprint !== null && lastRead?.fingerprint === fingerprint) return lastRead.history;
  const history = await readHistoryThroughApi(client);
  lastRead = fingerprint === null ? null : { fingerprint, history };
  return history;
}

/**
 * The history last read through the API, with the marker of `console.migration_history_fingerprint()`
 * taken just before. One server process serves one project (its environment names it), so one
 * slot is enough. Holds no secrets; the pages that show it have passed their role checks.
 */
let lastRead: { fingerprint: string; history: RemoteHistory } | null = null;

/**
 * Null when the marker cannot be had (a project without the function yet): the history is then
 * read in full. A project that does not answer fails here at once, rather than being waited for
 * a second time on the history itself.
 */
async function readHistoryFingerprint(client: SupabaseClient): Promise<string | null> {
  const { data, error, status } = await client.schema('console').rpc('migration_history_fingerprint');
  if (error && projectUnreachable({ status, code: error.code })) throw apiReadFailed(error, status);
  if (error || !isRecord(data)) return null;
  if (data.table_exists === false) return 'no history table';
  return typeof data.fingerprint === 'string' ? data.fingerprint : null;
}

async function readHistoryThroughApi(client: SupabaseClient): Promise<RemoteHistory> {
  const { data, error, status } = await client.schema('console').rpc('migration_history');
  if (error) {
    const code = error.code || null;
    if (code === 'PGRST202' || code === '42883') {
      throw new RemoteHistoryError("The project has no console.migration_history() function yet: push the console's migrations (supabase db push) first.", {
        cause: error,
        code,
      });
    }
    if (code === 'PGRST106') {
      throw new RemoteHistoryError(
        'The console schema is not exposed through the API: add "console" to the exposed schemas (Settings → API, or [api] schemas in supabase/config.toml).',
        { cause: error, code },
      );
    }
    if (code === '42501') {
      throw new RemoteHistoryError('The migration history is readable with the service-role key only; check SUPABASE_SERVICE_ROLE_KEY.', {
        cause: error,
        code,
      });
    }
    throw apiReadFailed(error, status);
  }
  return parseHistoryPayload(data);
}

/** A failed read with no more specific explanation; supabase-js reports network failures without a code. */
function apiReadFailed(error: { code: string; message: string }, status: number): RemoteHistoryError {
  const detail = error.message ? `: ${error.message}` : '';
  return new RemoteHistoryError(`The migration history could not be read through the API${detail}.`, { cause: error, code: error.code || null, status });
}

/** Whether the history table exists, and which of the CLI's later columns it has. */
const PROBE_HISTORY_TABLE = `
  select t.oid is not null as exists,
         exists (select 1 from pg_attribute a where a.attrelid = t.oid and a.attname = 'name' and not a.attisdropped) as has_name,
         exists (select 1 from pg_attribute a where a.attrelid = t.oid and a.attname = 'statements' and not a.attisdropped) as has_statements
  from (select to_regclass('supabase_migrations.schema_migrations') as oid) t`;

/**
 * The rows, in byte order of the versions whatever the collation. Tables made by very old CLIs
 * lack `name` and `statements`; those read as null. array_to_json costs the server half of
 * to_jsonb on 2,000 rows, which is why the columns are probed first rather than read generically.
 */
export function selectHistoryRows(columns: { hasName: boolean; hasStatements: boolean }): string {
  return `
  select m.version,
         ${columns.hasName ? 'm.name' : 'null::text'} as name,
         ${columns.hasStatements ? 'array_to_json(m.statements)' : 'null::json'} as statements
  from supabase_migrations.schema_migrations m
  order by m.version collate "C"`;
}

/** Over a direct connection (`--db-url`, SUPABASE_DB_URL), reading the table as the CLI does. */
export async function fetchRemoteHistoryFromDb(sql: Sql): Promise<RemoteHistory> {
  const [probe] = await sql.unsafe<{ exists: boolean; has_name: boolean; has_statements: boolean }[]>(PROBE_HISTORY_TABLE);
  if (!probe?.exists) return { tableExists: false, rows: [] };
  const rows = await sql.unsafe<{ version: string; name: unknown; statements: unknown }[]>(
    selectHistoryRows({ hasName: probe.has_name, hasStatements: probe.has_statements }),
  );
  return { tableExists: true, rows: sortRows(rows.map((row) => toRemoteMigration(row))) };
}

/** Checks the JSON of `console.migration_history()` without trusting it. */
export function parseHistoryPayload(data: unknown): RemoteHistory {
  if (!isRecord(data) || typeof data.table_exists !== 'boolean' || !Array.isArray(data.rows)) {
    throw new RemoteHistoryError('console.migration_history() returned an unexpected shape; the console and its database functions are out of step.');
  }
  if (!data.table_exists) return { tableExists: false, rows: [] };
  return { tableExists: true, rows: sortRows(data.rows.map((row) => toRemoteMigration(row))) };
}

function toRemoteMigration(row: unknown): RemoteMigration {
  if (!isRecord(row) || typeof row.version !== 'string') {
    throw new RemoteHistoryError('A migration history row has no version; the history table is not the one the Supabase CLI writes.');
  }
  const statements = Array.isArray(row.statements) && row.statements.every((statement) => typeof statement === 'string') ? row.statements : null;
  return { version: row.version, name: typeof row.name === 'string' ? row.name : null, statements };
}

function sortRows(rows: RemoteMigration[]): RemoteMigration[] {
  // The database already orders them; this keeps the CLI's order whatever sent them.
  return rows.sort((a, b) => compareVersions(a.version, b.version));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
