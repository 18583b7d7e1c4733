import 'server-only';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Sql } from 'postgres';
import { z } from 'zod';
import { locateStatementError } from './error-location';
import { HISTORY_COLUMNS_PRESENT, HISTORY_SETUP_STATEMENTS, INSERT_HISTORY_ROW } from './history';
import { acknowledgementProblems, planPush, staleReasons, type PushPlan, type StaleReason } from './push-snapshot';
import { DEFAULT_PUSH_SETTINGS, isValidTimeout, redactUrl, sessionUrlProblem, type PushSettings } from './push-settings';
import { readMigrationsFolderAsync, type FolderReading } from './read-folder';
import { fetchRemoteHistoryFromDb, type RemoteHistory } from './remote-history';
import { splitStatements } from '@/lib/sql/split-statements';
import { computeStatus } from './status';

/**
 * The push engine: applies an approved push request to the target database over one dedicated
 * session connection, the way `supabase db push` records it, but with a real transaction per file.
 *
 * Two connections, on purpose:
 * - the *target* connection (max 1, never pooled or recycled) holds the session-level advisory
 *   lock for the whole run and runs every file; if it dies, Postgres rolls back the open file and
 *   releases the lock with it;
 * - the *control* connection writes the run's steps into the console schema, committed at once so
 *   that any console instance polling `console.get_push` sees progress, and so that a lost target
 *   connection can still be recorded.
 * In production both point at SUPABASE_DB_URL; tests point the target at scratch databases.
 *
 * Who may run is decided by the database: after taking the lock, the engine calls
 * `console.start_push_run` with the admin's own session, which checks the role, the state and the
 * approval and creates the run. Nothing is kept in process memory between calls: the lock and the
 * rows in Postgres are the only state, so several console instances can run side by side.
 */

/** 'consPush' as a bigint; `console_private.push_lock_key()` returns the same. */
export const PUSH_LOCK_KEY = '7165066974256788328';

export type PushActor = { userId: string };

export type PushEngineOptions = {
  /** The push request to run. */
  requestId: string;
  /** A client holding the admin's own session: the run is authorised by SQL with it. */
  session: SupabaseClient;
  /** The same person, from their verified session; attributes refusals made before the run exists. */
  actor: PushActor;
  /** The console's database (SUPABASE_DB_URL): runs, steps and audit rows. */
  controlUrl: string;
  /** The database the migrations apply to; the console's own database unless a test says otherwise. */
  targetUrl?: string;
  /** The migrations folder, already resolved. */
  migrationsDir: string;
  modules?: readonly string[];
  maxFileBytes?: number;
  settings?: PushSettings;
  /** The request id of the web request or command, for the audit rows. */
  auditRequestId?: string | null;
  onProgress?: (event: PushProgress) => void;
};

export type PushRefusalCode =
  'pooler_url' | 'unavailable' | 'session_ended' | 'push_in_progress' | 'already_ran' | 'not_approved' | 'forbidden' | 'not_found' | 'stale';

export type PushRefusal = { ok: false; code: PushRefusalCode; message: string; reasons?: StaleReason[] };

export type PushFileError = {
  ordinal: number;
  fileName: string;
  version: string;
  /** From 0, like the CLI's "At statement"; null when the error came from the history row or COMMIT. */
  statementIndex: number | null;
  line: number | null;
  column: number | null;
  sqlstate: string | null;
  message: string;
  detail: string | null;
  hint: string | null;
  /** An unwrapped file whose earlier statements committed before the failure. */
  partial: boolean;
  statementsRun: number;
};

export type PushFailureKind = 'statement' | 'connection_lost' | 'stale' | 'internal';

export type PushFailure = { kind: PushFailureKind; message: string; file: PushFileError | null };

export type PushRunResult = {
  runId: string;
  status: 'succeeded' | 'failed';
  filesApplied: number;
  filesTotal: number;
  durationMs: number;
  failure: PushFailure | null;
};

export type StepMode = 'transaction' | 'unwrapped';

export type PushProgress =
  | { type: 'started'; runId: string; files: { ordinal: number; fileName: string; mode: StepMode }[] }
  | { type: 'file_started'; ordinal: number; fileName: string; mode: StepMode }
  | { type: 'file_succeeded'; ordinal: number; fileName: string; durationMs: number }
  | { type: 'file_failed'; ordinal: number; fileName: string; error: PushFileError }
  | { type: 'finished'; result: PushRunResult };

export type PushStart = { ok: true; runId: string; filesTotal: number; done: Promise<PushRunResult> } | PushRefusal;

/**
 * Takes the lock, has the database authorise the run, creates the history table if needed and
 * checks that the approved snapshot still matches the files and the history. Returns a refusal
 * (nothing changed) or the started run, whose files apply in the background: `done` settles when
 * the run ends and never rejects. Progress is in the database (and `onProgress`).
 */
export async function startPushRun(options: PushEngineOptions): Promise<PushStart> {
  const targetUrl = options.targetUrl ?? options.controlUrl;
  const settings = options.settings ?? DEFAULT_PUSH_SETTINGS;
  if (!isValidTimeout(settings.lockTimeout) || !isValidTimeout(settings.statementTimeout)) {
    throw new Error('The push timeouts must be durations such as 5s or 15min.');
  }
  const urlProblem = sessionUrlProblem(targetUrl) ?? sessionUrlProblem(options.controlUrl);
  if (urlProblem) return { ok: false, code: 'pooler_url', message: urlProblem };

  const control = await connect(options.controlUrl, 'migration-console push control');
  const target = await connect(targetUrl, 'migration-console push');
  // Every refusal is on record: those decided in SQL (start_push_run, finish_push_run) audit
  // themselves; the others are written here, under the person's id from their verified session.
  const refuse = async (code: PushRefusalCode, message: string, extra: { reasons?: StaleReason[]; audited?: boolean } = {}): Promise<PushRefusal> => {
    if (!extra.audited) await auditRefusal(control, options, code, message);
    return { ok: false, code, message, ...(extra.reasons ? { reasons: extra.reasons } : {}) };
  };
  let handedOver = false;
  let lock: LockState | null = null;
  try {
    try {
      lock = await takeLock(target);
    } catch (error) {
      return await refuse('unavailable', `The target database cannot be reached (${redactUrl(targetUrl)}): ${errorText(error)}`);
    }
    if (!lock.locked) {
      return await refuse('push_in_progress', 'Push in progress: another push is running on this database. Try again when it has finished.');
    }

    let claim: { ok: true; runId: string } | PushRefusal;
    try {
      await recoverInterruptedRuns(control, target, lock.database);
      claim = await claimRun(options, lock, settings);
    } catch (error) {
      return await refuse('unavailable', `The console could not start the run: ${errorText(error)}`);
    }
    if (!claim.ok) return await refuse(claim.code, claim.message, { audited: claim.code !== 'session_ended' && claim.code !== 'unavailable' });
    const runId = claim.runId;

    // From here the run exists: every way out ends it in the database (finish_push_run audits).
    let plan: PushPlan;
    let request: ApprovedRequest;
    try {
      // The approved request (control connection) and the plan (target) are read side by side; both
      // are waited for before anything else uses the connections, even when one fails.
      const [loaded, planned] = await Promise.allSettled([
        loadApprovedRequest(control, options.requestId),
        ensureHistoryTable(target).then(() => readPlan(target, options)),
      ]);
      if (loaded.status === 'rejected') throw loaded.reason;
      if (planned.status === 'rejected') throw planned.reason;
      [request, plan] = [loaded.value, planned.value];
    } catch (error) {
      const message = `The pre-flight check could not complete: ${errorText(error)}`;
      // If even this fails, the next run finds the run orphaned and ends it.
      await finishRun(control, runId, 'refused', { kind: 'internal', message }).catch(() => {});
      return await refuse('unavailable', message, { audited: true });
    }
    const reasons = [...staleReasons(request, plan), ...acknowledgementProblems(request, plan)];
    if (reasons.length > 0) {
      const message = `The approved snapshot is stale: ${reasons.map((reason) => reason.message).join(' ')} Request a new push.`;
      await finishRun(control, runId, 'refused', { kind: 'stale', message, reasons }).catch(() => {});
      return await refuse('stale', message, { reasons, audited: true });
    }

    handedOver = true;
    const done = applyFiles({ options, control, target, lock, runId, request, settings });
    return { ok: true, runId, filesTotal: request.files.length, done };
  } finally {
    if (!handedOver) {
      if (lock?.locked) await releaseLock(target);
      await closeAll(control, target);
    }
  }
}

/** Starts the run and waits for its end (the command line). */
export async function runPushToEnd(options: PushEngineOptions): Promise<PushRunResult | PushRefusal> {
  const start = await startPushRun(options);
  return start.ok ? start.done : start;
}

/**
 * The pending files of the folder against the history of a database, as a push request snapshot
 * would list them (what `createPushRequest` does through the API, over a direct connection).
 */
export async function readPushPlan(options: {
  migrationsDir: string;
  databaseUrl: string;
  modules?: readonly string[];
  maxFileBytes?: number;
}): Promise<PushPlan> {
  const sql = await connect(options.databaseUrl, 'migration-console push plan');
  try {
    return await readPlan(sql, options);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

// ---- Connections and the lock ----

type LockState = { locked: boolean; pid: number; database: string };

// Loaded on first use: the command line starts without it for commands that never push.
const loadPostgres = () => import('postgres').then((module) => module.default);
let postgresLoader: ReturnType<typeof loadPostgres> | undefined;

async function connect(url: string, applicationName: string): Promise<Sql> {
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

async function takeLock(target: Sql): Promise<LockState> {
  const [row] = await target.unsafe<{ locked: boolean; pid: number; database: string }[]>(
    'select pg_try_advisory_lock($1::bigint) as locked, pg_backend_pid() as pid, current_database() as database',
    [PUSH_LOCK_KEY],
  );
  if (!row) throw new Error('the lock query returned nothing');
  return { locked: row.locked, pid: Number(row.pid), database: row.database };
}

async function releaseLock(target: Sql): Promise<void> {
  // A lost connection has already released it (the lock is session-level).
  await target.unsafe('select pg_advisory_unlock($1::bigint)', [PUSH_LOCK_KEY]).catch(() => {});
}

async function closeAll(...clients: Sql[]): Promise<void> {
  await Promise.all(clients.map((client) => client.end({ timeout: 5 }).catch(() => {})));
}

// ---- Authorisation, recovery and the pre-flight check ----

const claimSchema = z.union([z.object({ ok: z.literal(true), run_id: z.string() }), z.object({ ok: z.literal(false), code: z.string(), message: z.string() })]);

const REFUSAL_CODES = new Set<string>(['push_in_progress', 'already_ran', 'not_approved', 'forbidden', 'not_found']);

async function claimRun(options: PushEngineOptions, lock: LockState, settings: PushSettings): Promise<{ ok: true; runId: string } | PushRefusal> {
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

async function auditRefusal(control: Sql, options: PushEngineOptions, code: PushRefusalCode, reason: string): Promise<void> {
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
async function recoverInterruptedRuns(control: Sql, target: Sql, database: string): Promise<void> {
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

async function appliedVersions(sql: Sql, versions: readonly string[]): Promise<string[]> {
  if (versions.length === 0) return [];
  const [probe] = await sql.unsafe<{ present: boolean }[]>("select to_regclass('supabase_migrations.schema_migrations') is not null as present");
  if (!probe?.present) return [];
  const rows = await sql.unsafe<{ version: string }[]>('select version from supabase_migrations.schema_migrations where version = any($1::text[])', [
    versions as string[],
  ]);
  return rows.map((row) => row.version);
}

/** The CLI's history-table setup, skipped like the CLI's when the three columns exist. */
async function ensureHistoryTable(target: Sql): Promise<void> {
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

type ApprovedFile = {
  ordinal: number;
  version: string;
  name: string;
  fileName: string;
  sha256: string;
  statementCount: number;
  outOfOrder: boolean;
  nonTransactional: boolean;
};

type ApprovedRequest = {
  historyFingerprint: string;
  includeAll: boolean;
  acknowledgeNonTransactional: boolean;
  acknowledgeDestructive: boolean;
  files: ApprovedFile[];
};

async function loadApprovedRequest(control: Sql, requestId: string): Promise<ApprovedRequest> {
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

async function readPlan(sql: Sql, options: PlanOptions): Promise<PushPlan> {
  // The history query runs while the folder is read (the reading gives the event loop turns).
  const history = fetchRemoteHistoryFromDb(sql);
  history.catch(() => {});
  const folder = await readFolder(options);
  return planFrom(folder, await history, options);
}

async function readFolder(options: PlanOptions): Promise<FolderReading> {
  return readMigrationsFolderAsync(options.migrationsDir, {
    ...(options.modules ? { modules: options.modules } : {}),
    ...(options.maxFileBytes ? { maxFileBytes: options.maxFileBytes } : {}),
  });
}

function planFrom(folder: FolderReading, remote: RemoteHistory, options: PlanOptions): PushPlan {
  return planPush(
    computeStatus(folder.files, remote.tableExists ? remote.rows : null, {
      ...(options.modules ? { modules: options.modules } : {}),
      folderProblem: folder.problem,
      ignoredFiles: folder.ignored,
      migrationsDir: options.migrationsDir,
    }),
  );
}

// ---- Applying the files ----

type RunContext = {
  options: PushEngineOptions;
  control: Sql;
  target: Sql;
  lock: LockState;
  runId: string;
  request: ApprovedRequest;
  settings: PushSettings;
};

type RunErrorRecord = {
  kind: PushFailureKind;
  message: string;
  reasons?: StaleReason[];
  file?: PushFileError | null;
};

class FileFailure extends Error {
  constructor(
    readonly kind: PushFailureKind,
    readonly fileError: PushFileError,
  ) {
    super(fileError.message);
  }
}

async function applyFiles(context: RunContext): Promise<PushRunResult> {
  const { options, control, target, runId, request } = context;
  const started = performance.now();
  const emit = (event: PushProgress) => {
    try {
      options.onProgress?.(event);
    } catch {
      // A progress printer must never stop a push.
    }
  };
  const modeOf = (file: ApprovedFile): StepMode => (file.nonTransactional ? 'unwrapped' : 'transaction');
  emit({ type: 'started', runId, files: request.files.map((file) => ({ ordinal: file.ordinal, fileName: file.fileName, mode: modeOf(file) })) });

  let applied = 0;
  let failure: PushFailure | null = null;
  let connectionLost = false;
  let inFlight: ApprovedFile | null = null;
  const progress = new ProgressRecorder(control, runId);
  try {
    for (const file of request.files) {
      inFlight = file;
      // Stop at once if the progress can no longer be recorded: a run nobody can follow must not go on.
      progress.check();
      const fileStarted = Date.now();
      progress.record({ ordinal: file.ordinal, status: 'running', at: new Date(fileStarted).toISOString() });
      emit({ type: 'file_started', ordinal: file.ordinal, fileName: file.fileName, mode: modeOf(file) });
      const statementsRun = await applyFile(context, file);
      inFlight = null;
      applied++;
      const durationMs = Date.now() - fileStarted;
      progress.record({
        ordinal: file.ordinal,
        status: 'succeeded',
        at: new Date().toISOString(),
        duration_ms: durationMs,
        result: { statements_run: statementsRun },
      });
      emit({ type: 'file_succeeded', ordinal: file.ordinal, fileName: file.fileName, durationMs });
    }
    await progress.drain();
  } catch (error) {
    const file = inFlight;
    if (error instanceof FileFailure) {
      connectionLost = error.kind === 'connection_lost';
      failure = { kind: error.kind, message: describeFailure(error.fileError), file: error.fileError };
    } else {
      connectionLost = isConnectionLost(error);
      failure = {
        kind: connectionLost ? 'connection_lost' : 'internal',
        message: connectionLost ? `The connection to the database was lost: ${errorText(error)}` : `The push stopped: ${errorText(error)}`,
        file: null,
      };
    }
    if (file) {
      // Lost mid-COMMIT, a file may have committed after all: the history row says so.
      const committed = connectionLost ? await committedAfterLoss(context, file) : false;
      if (committed) {
        applied++;
        progress.record({ ordinal: file.ordinal, status: 'succeeded', at: new Date().toISOString(), result: {} });
      } else {
        const fileError = failure.file ?? blankFileError(file, failure.message);
        progress.record({ ordinal: file.ordinal, status: 'failed', at: new Date().toISOString(), result: stepResult(fileError) });
        emit({ type: 'file_failed', ordinal: file.ordinal, fileName: file.fileName, error: fileError });
      }
    }
    await progress.drain().catch(() => {});
  }

  const result: PushRunResult = {
    runId,
    status: failure ? 'failed' : 'succeeded',
    filesApplied: applied,
    filesTotal: request.files.length,
    durationMs: Math.round(performance.now() - started),
    failure,
  };
  try {
    await finishRun(control, runId, result.status, failure ? { kind: failure.kind, message: failure.message, file: failure.file } : null);
  } catch {
    // Recorded as interrupted by the next run (the lock shows nobody is running it).
  }
  if (!connectionLost) await releaseLock(target);
  await closeAll(control, target);
  emit({ type: 'finished', result });
  return result;
}

type ProgressEvent =
  | { ordinal: number; status: 'running'; at: string }
  | { ordinal: number; status: 'succeeded' | 'failed'; at: string; duration_ms?: number; result: Record<string, unknown> };

/**
 * Records step events on the control connection without holding up the files: whatever queued
 * while one call was in flight goes in the next call (`console_private.record_push_progress`).
 */
class ProgressRecorder {
  private queue: ProgressEvent[] = [];
  private flushing: Promise<void> | null = null;
  private failure: unknown = null;

  constructor(
    private readonly control: Sql,
    private readonly runId: string,
  ) {}

  record(event: ProgressEvent): void {
    this.queue.push(event);
    this.flushing ??= this.flush();
  }

  /** Throws the error of a failed call, if any. */
  check(): void {
    if (this.failure !== null) throw this.failure;
  }

  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.check();
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0 && this.failure === null) {
        const batch = this.queue.splice(0);
        try {
          await this.control.unsafe('select console_private.record_push_progress($1::uuid, $2::text::jsonb)', [this.runId, JSON.stringify(batch)]);
        } catch (error) {
          this.failure = error;
        }
      }
    } finally {
      this.flushing = null;
    }
  }
}

/** Applies one file; returns the number of statements run. Throws FileFailure with the location. */
async function applyFile(context: RunContext, file: ApprovedFile): Promise<number> {
  const { target, lock, settings } = context;
  const text = readApprovedFile(context, file);
  const statements = splitStatements(text);
  if (statements.length !== file.statementCount) {
    throw new FileFailure('stale', blankFileError(file, `${file.fileName} no longer splits into the ${file.statementCount} statements that were approved.`));
  }

  const fail = (error: unknown, index: number | null, statementsRun: number, partial: boolean, phase?: 'history' | 'commit'): FileFailure => {
    const lost = isConnectionLost(error);
    const prefix = phase === 'history' ? `Recording version ${file.version} in the history failed: ` : phase === 'commit' ? 'COMMIT failed: ' : '';
    const pg = postgresErrorOf(error);
    // Without a position (or after a lost connection) the statement's own first line is still useful.
    const location = index === null ? null : locateStatementError(text, statements, index, pg ? { position: pg.position, where: pg.where ?? null } : {});
    return new FileFailure(lost ? 'connection_lost' : 'statement', {
      ordinal: file.ordinal,
      fileName: file.fileName,
      version: file.version,
      statementIndex: index,
      line: location?.line ?? null,
      column: location?.column ?? null,
      sqlstate: pg?.code ?? null,
      message: lost ? `The connection to the database was lost while ${file.fileName} ran: ${errorText(error)}` : prefix + errorText(error),
      detail: pg?.detail ?? null,
      hint: pg?.hint ?? null,
      partial,
      statementsRun,
    });
  };

  if (file.nonTransactional) {
    // Like the CLI, every file starts from the session defaults; the pid proves the connection
    // (and with it the lock) is still the one the run started on.
    const [, pidRows] = await Promise.all([target.unsafe('RESET ALL'), target.unsafe<{ pid: number }[]>('select pg_backend_pid() as pid')]);
    if (Number(pidRows[0]?.pid) !== lock.pid) throw new FileFailure('connection_lost', blankFileError(file, REPLACED));
    return applyUnwrapped(context, file, statements, fail);
  }

  // One pipelined batch, like the CLI's, but inside a real transaction block. SET LOCAL, not
  // set_config(): a file may begin with SET TRANSACTION ISOLATION LEVEL, which must come before any
  // query that takes a snapshot. After a failure the rest answer 25P02 and COMMIT ends the
  // transaction as a ROLLBACK, so the first rejection in order is the statement that failed.
  // The pid check before the history row makes a file roll back whole if the connection (and with
  // it the session lock) was silently replaced: nothing commits without the lock.
  const head = [
    target.unsafe('RESET ALL'),
    target.unsafe('BEGIN'),
    target.unsafe(`SET LOCAL lock_timeout = '${settings.lockTimeout}'`),
    target.unsafe(`SET LOCAL statement_timeout = '${settings.statementTimeout}'`),
  ];
  const body = statements.map((statement) => runStatement(target, statement));
  const tail = [
    target.unsafe(`select 1 / (pg_backend_pid() = ${lock.pid})::integer as same_connection`),
    recordVersion(target, file, statements),
    target.unsafe('COMMIT'),
  ];
  const results = await Promise.allSettled([...head, ...body, ...tail]);
  const failedAt = results.findIndex((result) => result.status === 'rejected');
  if (failedAt >= 0) {
    const rejected = results[failedAt] as PromiseRejectedResult;
    await rollback(target);
    const index = failedAt - head.length;
    if (index < 0) throw fail(rejected.reason, null, 0, false);
    if (index < statements.length) throw fail(rejected.reason, index, index, false);
    if (index === statements.length && !isConnectionLost(rejected.reason)) throw new FileFailure('connection_lost', blankFileError(file, REPLACED));
    throw fail(rejected.reason, null, statements.length, false, index === statements.length + 1 ? 'history' : 'commit');
  }
  return statements.length;
}

const REPLACED = 'The connection that holds the push lock was replaced; the run stops, and nothing of this file was applied.';

/**
 * One statement as the splitter cut it. Without parameters postgres.js sends it with the simple
 * protocol; the CLI uses the extended one, which differs only for a piece holding two commands
 * (a splitter quirk): the CLI refuses such a piece, the console runs it in the file's transaction.
 */
function runStatement(target: Sql, statement: string): Promise<unknown> {
  return target.unsafe(statement);
}

/**
 * The CLI's history INSERT with its parameters. Prepared once per connection, so that it needs no
 * describe round trip and stays in the file's pipeline.
 */
function recordVersion(target: Sql, file: ApprovedFile, statements: string[]): Promise<unknown> {
  return target.unsafe(INSERT_HISTORY_ROW, [file.version, file.name, statements], { prepare: true });
}

/**
 * The CLI's way for files that cannot run in a transaction block: each statement on its own, then
 * the history row. A failure leaves the statements before it applied and the version unrecorded.
 */
async function applyUnwrapped(
  context: RunContext,
  file: ApprovedFile,
  statements: string[],
  fail: (error: unknown, index: number | null, statementsRun: number, partial: boolean, phase?: 'history' | 'commit') => FileFailure,
): Promise<number> {
  const { target, settings } = context;
  try {
    await target.unsafe(`SET lock_timeout = '${settings.lockTimeout}'`);
    await target.unsafe(`SET statement_timeout = '${settings.statementTimeout}'`);
  } catch (error) {
    throw fail(error, null, 0, false);
  }
  let index = 0;
  try {
    for (index = 0; index < statements.length; index++) await runStatement(target, statements[index] ?? '');
  } catch (error) {
    // The file's own BEGIN may have left a transaction open; close it (a no-op otherwise).
    await rollback(target);
    throw fail(error, index, index, index > 0);
  }
  try {
    await recordVersion(target, file, statements);
  } catch (error) {
    throw fail(error, null, statements.length, statements.length > 0, 'history');
  }
  return statements.length;
}

async function rollback(target: Sql): Promise<void> {
  await target.unsafe('ROLLBACK').catch(() => {});
}

/** The file's bytes, verified against the approved SHA-256 right before they run. */
function readApprovedFile(context: RunContext, file: ApprovedFile): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path.join(context.options.migrationsDir, file.fileName));
  } catch (error) {
    throw new FileFailure('stale', blankFileError(file, `${file.fileName} cannot be read any more: ${errorText(error)}`));
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== file.sha256) {
    throw new FileFailure(
      'stale',
      blankFileError(
        file,
        `${file.fileName} changed after the run started (SHA-256 ${sha256.slice(0, 12)}, approved ${file.sha256.slice(0, 12)}); nothing of it was applied.`,
      ),
    );
  }
  return bytes.toString('utf8');
}

async function committedAfterLoss(context: RunContext, file: ApprovedFile): Promise<boolean> {
  const targetUrl = context.options.targetUrl ?? context.options.controlUrl;
  let fresh: Sql | null = null;
  try {
    fresh = await connect(targetUrl, 'migration-console push check');
    return (await appliedVersions(fresh, [file.version])).length > 0;
  } catch {
    return false;
  } finally {
    await fresh?.end({ timeout: 5 }).catch(() => {});
  }
}

async function finishRun(
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

function stepResult(error: PushFileError): Record<string, unknown> {
  return {
    statements_run: error.statementsRun,
    statement_index: error.statementIndex,
    error_line: error.line,
    error_column: error.column,
    sqlstate: error.sqlstate,
    error_message: error.message,
    error_detail: error.detail,
    error_hint: error.hint,
    partial: error.partial,
  };
}

function blankFileError(file: ApprovedFile, message: string): PushFileError {
  return {
    ordinal: file.ordinal,
    fileName: file.fileName,
    version: file.version,
    statementIndex: null,
    line: null,
    column: null,
    sqlstate: null,
    message,
    detail: null,
    hint: null,
    partial: false,
    statementsRun: 0,
  };
}

/** `20240101_x.sql:6:13: statement 2: relation "…" does not exist (42P01)` */
export function describeFailure(error: PushFileError): string {
  const where = error.line === null ? error.fileName : `${error.fileName}:${error.line}:${error.column ?? 1}`;
  const statement = error.statementIndex === null ? '' : ` statement ${error.statementIndex}:`;
  const code = error.sqlstate ? ` (SQLSTATE ${error.sqlstate})` : '';
  const partial = error.partial ? ' The statements before it stay applied (the file ran unwrapped).' : '';
  return `${where}:${statement} ${error.message}${code}.${partial}`;
}

const CONNECTION_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNREFUSED',
]);

function isConnectionLost(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : null;
  return typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'));
}

type PostgresErrorFields = { code: string; position?: string; where?: string; detail?: string; hint?: string };

/** The server's error fields (postgres.js names its server errors PostgresError). */
function postgresErrorOf(error: unknown): PostgresErrorFields | null {
  if (!(error instanceof Error) || error.name !== 'PostgresError') return null;
  const fields = error as Error & Partial<PostgresErrorFields>;
  return typeof fields.code === 'string' ? (fields as Error & PostgresErrorFields) : null;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
