import 'server-only';
import { acknowledgementProblems, staleReasons, type PushPlan, type StaleReason } from './push-snapshot';
import { DEFAULT_PUSH_SETTINGS, isValidTimeout, redactUrl, sessionUrlProblem } from './push-settings';
import type {
  ApprovedFile,
  ApprovedRequest,
  PushEngineOptions,
  PushFailure,
  PushProgress,
  PushRefusal,
  PushRefusalCode,
  PushRunResult,
  PushStart,
  RunContext,
  StepMode,
} from './push-types';
import { closeAll, connect, releaseLock, takeLock, type LockState } from './push-connection';
import { auditRefusal, claimRun, ensureHistoryTable, finishRun, loadApprovedRequest, readPlan, recoverInterruptedRuns } from './push-preflight';
import { ProgressRecorder } from './push-progress';
import { applyFile, committedAfterLoss } from './push-apply-file';
import { FileFailure, blankFileError, describeFailure, errorText, isConnectionLost, stepResult } from './push-failure';
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
export * from './push-types';
export { PUSH_LOCK_KEY } from './push-connection';
export { describeFailure } from './push-failure';

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
