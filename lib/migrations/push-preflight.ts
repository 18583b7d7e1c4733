import 'server-only';
import type { Sql } from 'postgres';
import { z } from 'zod';
import { HISTORY_COLUMNS_PRESENT, HISTORY_SETUP_STATEMENTS } from './history';
import { planPush, type PushPlan } from './push-snapshot';
import type { PushSettings } from './push-settings';
import { readMigrationsFolderAsync } from './read-folder';
import { fetchRemoteHistoryFromDb } from './remote-history';
import { computeStatus } from './status';
import type { ApprovedRequest, PushEngineOptions, PushRefusal, PushRefusalCode, RunErrorRecord } from './push-types';
import type { LockState } from './push-connection';
import { capitalize, errorText } from './push-failure';

/**
 * Before any file runs: the database authorises the run (`console.start_push_run` with the admin's
 * own session), runs left behind by a lost engine are ended, the history table is made as the CLI
 * makes it, and the approved request and the current plan are read for the staleness check.
 * Also how a run ends in the database (`finishRun`), which the engine and the recovery share.
 */

const claimSchema = z.union([z.object({ ok: z.literal(true), run_id: z.string() }), z.object({ ok: z.literal(false), code: z.string(), message: z.string() })]);

const REFUSAL_CODES = new Set<string>(['push_in_progress', 'already_ran', 'not_approved', 'forbidden', 'not_found']);

export async function claimRun(options: PushEngineOptions, lock: LockState, settings: PushSettings): Promise<{ ok: true; runId: string } | PushRefusal> {
  const { data, error } = await options.session.schema('console').rpc('start_push_run', {
    p_id: options.requestId,
    p_target_database: lock.database,
    p_backend_pid: lock.pid,
    p_lock_timeout: settings.lockTimeout,
    p_statement_timeout: settings.statementTimeout,
  });
  if (error) {
    if (error.code === '28000' || error.code === 'PGRST301' || error.code === 'PGRST303') {
      return { ok: false, code: 'session_ended', message: 'Your session has ended. Sign in again.' };
    }
    if (error.code === '22P02') return { ok: false, code: 'not_found', message: 'There is no such push request.' };
    return { ok: false, code: 'unavailable', message: `The console could not start the run: ${error.message}` };
  }
  const parsed = claimSchema.safeParse(data);
  if (!parsed.success)
    return {
      ok: false,
      code: 'unavailable',
      message: 'console.start_push_run answered in an unexpected shape; the console and its database functions are out of step.',
    };
  if (parsed.data.ok) return { ok: true, runId: parsed.data.run_id };
  const code = REFUSAL_CODES.has(parsed.data.code) ? (parsed.data.code as PushRefusalCode) : 'not_approved';
  return { ok: false, code, message: capitalize(parsed.data.message) + '.' };
}

export async function auditRefusal(control: Sql, options: PushEngineOptions, code: PushRefusalCode, reason: string): Promise<void> {
  try {
    await control.unsafe("select console_private.write_audit($1::uuid, 'push.run', $2, 'refused', $3::text::jsonb, $4)", [
      options.actor.userId,
      `push:${options.requestId}`,
      JSON.stringify({ code, reason }),
      options.auditRequestId ?? null,
    ]);
  } catch (error) {
    // The refusal still stands; only its record is missing, so say so in the server log.
    console.error('push: could not audit a refused run', { requestId: options.requestId, code, error: errorText(error) });
  }
}

/**
 * Runs of this database still marked running although this process holds the lock: their engine
 * is gone (crash, killed connection). A file that was running is applied only if the history
 * records it; anything else of it was rolled back with its connection.
 */
export async function recoverInterruptedRuns(control: Sql, target: Sql, database: string): Promise<void> {
  const orphans = await control.unsafe<{ run_id: string; unfinished_versions: string[] }[]>(
    'select run_id, unfinished_versions from console_private.orphaned_push_runs($1)',
    [database],
  );
  for (const orphan of orphans) {
    const applied = await appliedVersions(target, orphan.unfinished_versions);
    await finishRun(
      control,
      orphan.run_id,
      'failed',
      {
        kind: 'connection_lost',
        message: 'The run was interrupted: its connection or the console process ended while it ran. Files not recorded in the history were rolled back.',
      },
      applied,
    );
  }
}

export async function appliedVersions(sql: Sql, versions: readonly string[]): Promise<string[]> {
  if (versions.length === 0) return [];
  const [probe] = await sql.unsafe<{ present: boolean }[]>("select to_regclass('supabase_migrations.schema_migrations') is not null as present");
  if (!probe?.present) return [];
  const rows = await sql.unsafe<{ version: string }[]>('select version from supabase_migrations.schema_migrations where version = any($1::text[])', [
    versions as string[],
  ]);
  return rows.map((row) => row.version);
}

/** The CLI's history-table setup, skipped like the CLI's when the three columns exist. */
export async function ensureHistoryTable(target: Sql): Promise<void> {
  const [row] = await target.unsafe<{ present: boolean }[]>(HISTORY_COLUMNS_PRESENT);
  if (row?.present) return;
  await target.unsafe('BEGIN');
  try {
    await target.unsafe("SET LOCAL lock_timeout = '4s'");
    for (const statement of HISTORY_SETUP_STATEMENTS) await target.unsafe(statement);
    await target.unsafe('COMMIT');
  } catch (error) {
    await target.unsafe('ROLLBACK').catch(() => {});
    throw error;
  }
}

export async function loadApprovedRequest(control: Sql, requestId: string): Promise<ApprovedRequest> {
  const [request] = await control.unsafe<
    { history_fingerprint: string; include_all: boolean; acknowledge_non_transactional: boolean; acknowledge_destructive: boolean }[]
  >('select history_fingerprint, include_all, acknowledge_non_transactional, acknowledge_destructive from console.push_requests where id = $1::uuid', [
    requestId,
  ]);
  if (!request) throw new Error('the push request disappeared');
  const files = await control.unsafe<
    {
      ordinal: number;
      version: string;
      name: string;
      file_name: string;
      sha256: string;
      statement_count: number;
      out_of_order: boolean;
      non_transactional: boolean;
    }[]
  >(
    `select ordinal, version, name, file_name, sha256, statement_count, out_of_order, non_transactional
     from console.push_request_files where request_id = $1::uuid order by ordinal`,
    [requestId],
  );
  return {
    historyFingerprint: request.history_fingerprint,
    includeAll: request.include_all,
    acknowledgeNonTransactional: request.acknowledge_non_transactional,
    acknowledgeDestructive: request.acknowledge_destructive,
    files: files.map((file) => ({
      ordinal: file.ordinal,
      version: file.version,
      name: file.name,
      fileName: file.file_name,
      sha256: file.sha256,
      statementCount: file.statement_count,
      outOfOrder: file.out_of_order,
      nonTransactional: file.non_transactional,
    })),
  };
}

type PlanOptions = { migrationsDir: string; modules?: readonly string[]; maxFileBytes?: number };

export async function readPlan(sql: Sql, options: PlanOptions): Promise<PushPlan> {
  // The history query runs while the folder is read (the reading gives the event loop turns).
  const history = fetchRemoteHistoryFromDb(sql);
  history.catch(() => {});
  const folder = await readMigrationsFolderAsync(options.migrationsDir, {
    ...(options.modules ? { modules: options.modules } : {}),
    ...(options.maxFileBytes ? { maxFileBytes: options.maxFileBytes } : {}),
  });
  const remote = await history;
  return planPush(
    computeStatus(folder.files, remote.tableExists ? remote.rows : null, {
      ...(options.modules ? { modules: options.modules } : {}),
      folderProblem: folder.problem,
      ignoredFiles: folder.ignored,
      migrationsDir: options.migrationsDir,
    }),
  );
}

export async function finishRun(
  control: Sql,
  runId: string,
  status: 'succeeded' | 'failed' | 'refused',
  error: RunErrorRecord | null,
  appliedVersionsList: readonly string[] = [],
): Promise<void> {
  await control.unsafe('select console_private.finish_push_run($1::uuid, $2, $3::text::jsonb, $4::text[])', [
    runId,
    status,
    error === null ? null : JSON.stringify(error),
    appliedVersionsList as string[],
  ]);
}
