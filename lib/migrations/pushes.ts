import 'server-only';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after } from 'next/server';
import { recordAudit } from '@/lib/audit/record';
import { getViewer } from '@/lib/auth/viewer';
import { serverEnv } from '@/lib/env/server';
import { createClient } from '@/lib/supabase/server';
import { getRequestId } from '@/lib/supabase/request-id';
import { rpcFailure } from '@/lib/supabase/rpc-error';
import { migrationsDirPath, readMigrationsConfig } from './config';
import { loadStatusReport } from './load-status';
import { describeFailure, startPushRun } from './push-engine';
import { parseActAnswer, parsePushDetail, parsePushSummaries, sentence, type PushDetail, type PushState, type PushSummary } from './push-records';
import { readPushSettings, sessionUrlProblem } from './push-settings';
import { lockImpact, type LockFile, type LockImpact } from '@/lib/advisor/lock-impact-report';
import { loadCatalog } from '@/lib/catalog/load-schema';
import type { LocalMigration, MigrationRow } from './types';
import { acknowledgementProblems, planPush, requestPayload, snapshotHash, staleReasons, type PushPlan, type StaleReason } from './push-snapshot';

/**
 * Push requests for the pages and their server actions. Every read and act goes through the
 * console's SQL functions with the signed-in person's own session, so the database decides who may
 * do what (the two-person rule included); the caller has already passed `requireRole` or
 * `defineAction`. Refusals come back as `{ ok: false, code, message }` in plain words and are
 * already audited (by SQL, or here) — an action should return them, not rethrow them as
 * `ActionError('…', 'refused')`, which would audit them a second time.
 */

export type PushActResult<T> = { ok: true; data: T } | { ok: false; code: string; message: string; reasons?: StaleReason[] };

export type PushPreview = {
  /** The pending files, their hashes, flags and findings, and what blocks a request now. */
  plan: PushPlan;
  /** The locks the files take on existing tables, with their sizes; null when the catalog could not be read. */
  locks: LockImpact[] | null;
  /** Some file rewrites or reads a large table while writes wait: the request needs that acknowledgement. */
  needsHeavyLockAck: boolean;
  /** Pass back to createPushRequest: it refuses if the pending files changed in between. */
  planToken: string;
  /** False without SUPABASE_DB_URL: requests can be made, but nothing can run. */
  pushesEnabled: boolean;
  pushesDisabledReason: string | null;
};

/** What a new request would contain right now (the new-request page). */
export async function previewPush(): Promise<PushPreview> {
  const plan = planPush(await loadStatusReport());
  const reason = pushesDisabledReason();
  const locks = await lockImpactOf(plan.files.map((file) => file.version));
  return {
    plan,
    locks,
    // Without the catalog the database still judges the locks when the request is made; asking for
    // the acknowledgement then is the safe side.
    needsHeavyLockAck: locks === null ? plan.files.some((file) => file.locks.some((lock) => lock.rewrite || lock.scan)) : locks.some((lock) => lock.heavy),
    planToken: planToken(plan),
    pushesEnabled: reason === null,
    pushesDisabledReason: reason,
  };
}

/** Lock impact of these versions' files on the live project; null when its catalog cannot be read now. */
export async function lockImpactOf(versions: readonly string[]): Promise<LockImpact[] | null> {
  if (versions.length === 0) return [];
  try {
    const report = await loadStatusReport();
    const wanted = new Set(versions);
    const files = report.rows.flatMap((row) => (row.version && wanted.has(row.version) && row.local?.statements ? [lockFileOf(row.version, row.local)] : []));
    return lockImpact(files, await loadCatalog());
  } catch (error) {
    console.error('lock impact: the catalog could not be read', error);
    return null;
  }
}

/** A pending file for the lock-impact report, with the locks its content's review already read. */
function lockFileOf(version: string, file: LocalMigration): LockFile {
  return { version, fileName: file.fileName, statements: file.statements ?? [], ...(file.review ? { locks: file.review.locks() } : {}) };
}

/**
 * The heavy locks (a rewrite or full read of a large table while writes wait) of the pending rows
 * given, by version: the /migrations risk column shows them next to the other risks. Null when the
 * catalog cannot be read now (the request page and the database still judge them).
 */
export async function heavyLocksOf(rows: readonly MigrationRow[]): Promise<Map<string, LockImpact[]> | null> {
  const files = rows.flatMap((row) =>
    (row.status === 'pending' || row.status === 'pending_out_of_order') && row.version && row.local?.statements ? [lockFileOf(row.version, row.local)] : [],
  );
  if (files.length === 0) return new Map();
  try {
    const heavy = new Map<string, LockImpact[]>();
    for (const impact of lockImpact(files, await loadCatalog())) {
      if (impact.heavy) heavy.set(impact.version, [...(heavy.get(impact.version) ?? []), impact]);
    }
    return heavy;
  } catch (error) {
    console.error('heavy locks: the catalog could not be read', error);
    return null;
  }
}

export type CreatePushInput = {
  /** The person's acknowledgement that out-of-order files run (the CLI's --include-all). */
  includeAll: boolean;
  /** The person's acknowledgement that some files run unwrapped and can be left partly applied. */
  acknowledgeNonTransactional: boolean;
  /** The person's acknowledgement that some files drop, empty or rewrite data. */
  acknowledgeDestructive?: boolean;
  /** The person's acknowledgement that large tables are rewritten or read while writes wait. */
  acknowledgeHeavyLock?: boolean;
  note?: string | null;
  /** From previewPush: the request is refused if the pending files changed since. */
  planToken?: string;
};

/** Builds the snapshot on the server from the current status report and records the request. */
export async function createPushRequest(input: CreatePushInput): Promise<PushActResult<{ id: string; snapshotHash: string }>> {
  const viewer = await getViewer();
  if (!viewer) return sessionEnded();
  const plan = planPush(await loadStatusReport());
  if (plan.blockers.length > 0) {
    const message = plan.blockers.map((blocker) => blocker.message).join(' ');
    await recordAudit({
      actorId: viewer.userId,
      action: 'push.request',
      target: 'push:new',
      outcome: 'refused',
      details: { code: 'blocked', reason: message },
    });
    return { ok: false, code: 'blocked', message };
  }
  if (input.planToken !== undefined && input.planToken !== planToken(plan)) {
    const message = 'The pending files changed while you were reviewing them. Review the new list and request again.';
    await recordAudit({ actorId: viewer.userId, action: 'push.request', target: 'push:new', outcome: 'refused', details: { code: 'plan_changed' } });
    return { ok: false, code: 'plan_changed', message };
  }
  const supabase = await createClient();
  const { data, error } = await supabase.schema('console').rpc('request_push', {
    p_snapshot: requestPayload(plan),
    p_include_all: input.includeAll,
    p_acknowledge_non_transactional: input.acknowledgeNonTransactional,
    p_acknowledge_destructive: input.acknowledgeDestructive ?? false,
    p_acknowledge_heavy_lock: input.acknowledgeHeavyLock ?? false,
    p_note: input.note?.trim() || null,
  });
  if (error) throw rpcFailure('record the push request', error);
  const answer = parseActAnswer(data);
  if (!answer.ok) return { ok: false, code: answer.code, message: sentence(answer.message) };
  return { ok: true, data: { id: String(answer.fields.id), snapshotHash: String(answer.fields.snapshot_hash) } };
}

/**
 * Approval by an admin other than the requester, for the snapshot hash the page showed them. A
 * request whose files or history moved since is marked stale first (the database then refuses the
 * approval, with the reasons kept on the request).
 */
export async function approvePush(id: string, reviewedSnapshotHash: string): Promise<PushActResult<{ id: string }>> {
  const push = await getPush(id);
  if (push) await markStaleIfMoved(push);
  return act('approve_push', 'approve the push', id, { p_id: id, p_snapshot_hash: reviewedSnapshotHash });
}

/**
 * Why a requested or approved push no longer matches the files and the history, empty when it
 * still does; the request is then marked stale in the database (its own state, no approval or run).
 */
export async function markStaleIfMoved(push: PushDetail): Promise<StaleReason[]> {
  if (push.state !== 'requested' && push.state !== 'approved') return [];
  const plan = planPush(await loadStatusReport());
  const reasons = [...staleReasons({ historyFingerprint: push.historyFingerprint, files: push.files }, plan), ...acknowledgementProblems(push, plan)];
  if (reasons.length === 0) return [];
  const supabase = await createClient();
  const { data, error } = await supabase.schema('console').rpc('mark_push_stale', {
    p_id: push.id,
    p_reasons: reasons.map((reason) => ({ code: reason.code, file_name: reason.fileName, message: reason.message })),
  });
  if (error) throw rpcFailure('mark the push request stale', error);
  parseActAnswer(data);
  return reasons;
}

export async function rejectPush(id: string, reason: string): Promise<PushActResult<{ id: string }>> {
  return act('reject_push', 'reject the push', id, { p_id: id, p_reason: reason });
}

export async function cancelPush(id: string, reason?: string | null): Promise<PushActResult<{ id: string }>> {
  return act('cancel_push', 'cancel the push', id, { p_id: id, p_reason: reason ?? null });
}

export type PushListFilter = {
  state?: PushState;
  /** Keyset paging: requests made before this time (the last row's requestedAt). */
  before?: string;
  /** 1–200, default 50. */
  limit?: number;
};

export async function listPushes(filter: PushListFilter = {}): Promise<PushSummary[]> {
  const supabase = await createClient();
  const { data, error } = await supabase.schema('console').rpc('list_pushes', {
    p_state: filter.state ?? null,
    p_before: filter.before ?? null,
    p_limit: filter.limit ?? 50,
  });
  if (error) throw rpcFailure('list the push requests', error);
  return parsePushSummaries(data);
}

/** One request with files, approvals, runs and steps; null when there is none. Poll it for progress. */
export async function getPush(id: string): Promise<PushDetail | null> {
  if (!UUID.test(id)) return null;
  const supabase = await createClient();
  const { data, error } = await supabase.schema('console').rpc('get_push', { p_id: id });
  if (error) throw rpcFailure('read the push request', error);
  return parsePushDetail(data);
}

export type PushFileText = {
  fileName: string;
  /** The file as it is on disk now; null when it is gone or unreadable. */
  text: string | null;
  /** True when the file's bytes still have the SHA-256 in the snapshot. */
  matchesSnapshot: boolean;
};

/**
 * The SQL of a request's files for review, read from the migrations folder now and checked against
 * the snapshot's hashes (the snapshot stores hashes, not contents, so requests stay small).
 */
export function readPushFiles(detail: PushDetail): PushFileText[] {
  const config = readMigrationsConfig();
  const dir = migrationsDirPath(config);
  return detail.files.map((file) => {
    try {
      const bytes = fs.readFileSync(path.join(dir, file.fileName));
      if (bytes.length > config.maxFileBytes) return { fileName: file.fileName, text: null, matchesSnapshot: false };
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      return { fileName: file.fileName, text: bytes.toString('utf8'), matchesSnapshot: sha256 === file.sha256 };
    } catch {
      return { fileName: file.fileName, text: null, matchesSnapshot: false };
    }
  });
}

/**
 * Runs an approved request. It waits for the checks that can refuse (push in progress, already
 * ran, not approved, not an admin, stale snapshot) and returns as soon as the files start to apply;
 * the run continues after the response (`after`), and the page polls `getPush` for progress. A
 * server action cannot hold a browser request open for a long push, and nothing is lost if the
 * person closes the page: the run's state lives in the database.
 */
export async function runPush(id: string): Promise<PushActResult<{ runId: string; filesTotal: number }>> {
  const viewer = await getViewer();
  if (!viewer) return sessionEnded();
  if (!UUID.test(id)) return { ok: false, code: 'not_found', message: 'There is no such push request.' };
  const disabled = pushesDisabledReason();
  const env = serverEnv();
  if (disabled !== null || !env.SUPABASE_DB_URL) {
    const message = disabled ?? 'Pushes are disabled.';
    await recordAudit({
      actorId: viewer.userId,
      action: 'push.run',
      target: `push:${id}`,
      outcome: 'refused',
      details: { code: 'read_only', reason: message },
    });
    return { ok: false, code: 'read_only', message };
  }
  const config = readMigrationsConfig();
  const start = await startPushRun({
    requestId: id,
    session: await createClient(),
    actor: { userId: viewer.userId },
    controlUrl: env.SUPABASE_DB_URL,
    migrationsDir: migrationsDirPath(config),
    modules: config.modules,
    maxFileBytes: config.maxFileBytes,
    settings: readPushSettings(),
    auditRequestId: await getRequestId(),
  });
  if (!start.ok) {
    if (start.code === 'session_ended') return sessionEnded();
    return { ok: false, code: start.code, message: start.message, ...(start.reasons ? { reasons: start.reasons } : {}) };
  }
  after(async () => {
    const result = await start.done;
    if (result.status === 'failed') {
      console.error('push failed', {
        requestId: id,
        runId: result.runId,
        failure: result.failure?.file ? describeFailure(result.failure.file) : result.failure?.message,
      });
    }
  });
  return { ok: true, data: { runId: start.runId, filesTotal: start.filesTotal } };
}

/** Why the console cannot run pushes in this configuration, or null when it can. */
export function pushesDisabledReason(): string | null {
  const url = serverEnv().SUPABASE_DB_URL;
  if (!url) return 'The console has no database URL (SUPABASE_DB_URL), so it is read-only: pushes can be requested and approved, but not run.';
  return sessionUrlProblem(url);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function act(fn: string, operation: string, id: string, args: Record<string, unknown>): Promise<PushActResult<{ id: string }>> {
  if (!UUID.test(id)) return { ok: false, code: 'not_found', message: 'There is no such push request.' };
  const supabase = await createClient();
  const { data, error } = await supabase.schema('console').rpc(fn, args);
  if (error) throw rpcFailure(operation, error);
  const answer = parseActAnswer(data);
  return answer.ok ? { ok: true, data: { id } } : { ok: false, code: answer.code, message: sentence(answer.message) };
}

function planToken(plan: PushPlan): string {
  return snapshotHash({
    lastAppliedVersion: plan.lastAppliedVersion,
    historyFingerprint: plan.historyFingerprint,
    includeAll: false,
    acknowledgeNonTransactional: false,
    files: plan.files,
  });
}

function sessionEnded(): { ok: false; code: 'session_ended'; message: string } {
  return { ok: false, code: 'session_ended', message: 'Your session has ended. Sign in again.' };
}
