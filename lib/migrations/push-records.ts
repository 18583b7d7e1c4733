/**
 * The shapes of push requests as the pages use them, parsed (never trusted) from what the console's
 * SQL functions return. Pure: types for components, parsers for the server and the tests.
 */
import { z } from 'zod';
import { RISK_CODES } from '@/lib/sql/risk-codes';

export const PUSH_STATES = ['requested', 'approved', 'rejected', 'cancelled', 'running', 'succeeded', 'failed', 'stale'] as const;
export type PushState = (typeof PUSH_STATES)[number];

export const RUN_STATUSES = ['running', 'succeeded', 'failed', 'refused'] as const;
export type PushRunStatus = (typeof RUN_STATUSES)[number];

export const STEP_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'skipped'] as const;
export type PushStepStatus = (typeof STEP_STATUSES)[number];

const findingSchema = z.object({
  code: z.string(),
  severity: z.enum(['blocking', 'warning', 'info']),
  title: z.string(),
  explanation: z.string(),
  nextStep: z.string(),
  command: z.string().optional(),
  key: z.string().optional(),
  risk: z.object({ code: z.enum(RISK_CODES), statementIndex: z.number().nullable(), line: z.number().nullable(), column: z.number().nullable() }).optional(),
  acknowledge: z.enum(['no_transaction', 'destructive']).optional(),
});

const transactionIssueSchema = z.object({
  statementIndex: z.number(),
  code: z.string(),
  severity: z.enum(['no_transaction', 'warning', 'info']),
  message: z.string(),
});

const fileSchema = z.object({
  ordinal: z.number(),
  version: z.string(),
  name: z.string(),
  file_name: z.string(),
  module: z.string(),
  sha256: z.string(),
  size_bytes: z.number(),
  statement_count: z.number(),
  out_of_order: z.boolean(),
  non_transactional: z.boolean(),
  // Requests made before destructive files were flagged have none.
  destructive: z.boolean().optional(),
  transaction_issues: z.array(transactionIssueSchema),
  findings: z.array(findingSchema),
});

const staleReasonSchema = z.object({ code: z.string(), file_name: z.string().nullable().optional(), message: z.string() });

const approvalSchema = z.object({
  approved_by: z.string(),
  approved_by_email: z.string().nullable(),
  approved_at: z.string(),
  snapshot_hash: z.string(),
});

const stepSchema = z.object({
  ordinal: z.number(),
  version: z.string(),
  file_name: z.string(),
  mode: z.enum(['transaction', 'unwrapped']),
  status: z.enum(STEP_STATUSES),
  statements_total: z.number(),
  statements_run: z.number().nullable(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  duration_ms: z.number().nullable(),
  statement_index: z.number().nullable(),
  error_line: z.number().nullable(),
  error_column: z.number().nullable(),
  sqlstate: z.string().nullable(),
  error_message: z.string().nullable(),
  error_detail: z.string().nullable(),
  error_hint: z.string().nullable(),
  partial: z.boolean(),
});

const runErrorSchema = z
  .object({
    kind: z.string(),
    message: z.string(),
    reasons: z.array(z.object({ code: z.string(), fileName: z.string().nullable(), message: z.string() })).optional(),
  })
  .passthrough();

const runSchema = z.object({
  id: z.string(),
  status: z.enum(RUN_STATUSES),
  started_by: z.string(),
  started_by_email: z.string().nullable(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  target_database: z.string(),
  backend_pid: z.number().nullable(),
  lock_timeout: z.string(),
  statement_timeout: z.string(),
  files_total: z.number(),
  files_applied: z.number(),
  error: runErrorSchema.nullable(),
  engine_active: z.boolean(),
  steps: z.array(stepSchema),
});

const detailSchema = z.object({
  id: z.string(),
  state: z.enum(PUSH_STATES),
  requested_by: z.string(),
  requested_by_email: z.string().nullable(),
  requested_at: z.string(),
  note: z.string().nullable(),
  include_all: z.boolean(),
  acknowledge_non_transactional: z.boolean(),
  acknowledge_destructive: z.boolean(),
  acknowledge_heavy_lock: z.boolean(),
  stale_reasons: z.array(staleReasonSchema).nullable(),
  stale_at: z.string().nullable(),
  last_applied_version: z.string().nullable(),
  history_fingerprint: z.string(),
  snapshot_hash: z.string(),
  findings: z.array(findingSchema),
  file_count: z.number(),
  closed_by: z.string().nullable(),
  closed_by_email: z.string().nullable(),
  closed_at: z.string().nullable(),
  close_reason: z.string().nullable(),
  updated_at: z.string(),
  files: z.array(fileSchema),
  approvals: z.array(approvalSchema),
  runs: z.array(runSchema),
  viewer: z.object({ can_approve: z.boolean(), can_reject: z.boolean(), can_cancel: z.boolean(), can_run: z.boolean() }),
});

const summarySchema = z.object({
  id: z.string(),
  state: z.enum(PUSH_STATES),
  requested_by: z.string(),
  requested_by_email: z.string().nullable(),
  requested_at: z.string(),
  note: z.string().nullable(),
  file_count: z.number(),
  first_version: z.string().nullable(),
  last_version: z.string().nullable(),
  approved_by_email: z.string().nullable(),
  approved_at: z.string().nullable(),
  closed_by_email: z.string().nullable(),
  closed_at: z.string().nullable(),
  run_status: z.enum(RUN_STATUSES).nullable(),
  run_started_at: z.string().nullable(),
  run_finished_at: z.string().nullable(),
  files_applied: z.number().nullable(),
  error_message: z.string().nullable(),
});

export type PushFinding = z.infer<typeof findingSchema>;
export type PushTransactionIssue = z.infer<typeof transactionIssueSchema>;

export type PushFileRecord = {
  ordinal: number;
  version: string;
  name: string;
  fileName: string;
  module: string;
  sha256: string;
  sizeBytes: number;
  statementCount: number;
  outOfOrder: boolean;
  nonTransactional: boolean;
  destructive: boolean;
  transactionIssues: PushTransactionIssue[];
  findings: PushFinding[];
};

export type PushApproval = { approvedBy: string; approvedByEmail: string | null; approvedAt: string; snapshotHash: string };

export type PushStep = {
  ordinal: number;
  version: string;
  fileName: string;
  mode: 'transaction' | 'unwrapped';
  status: PushStepStatus;
  statementsTotal: number;
  statementsRun: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  /** From 0, like the CLI's "At statement". */
  statementIndex: number | null;
  line: number | null;
  column: number | null;
  sqlstate: string | null;
  message: string | null;
  detail: string | null;
  hint: string | null;
  /** An unwrapped file that failed after some of its statements committed. */
  partial: boolean;
};

export type PushRunError = z.infer<typeof runErrorSchema>;

export type PushRun = {
  id: string;
  status: PushRunStatus;
  startedBy: string;
  startedByEmail: string | null;
  startedAt: string;
  finishedAt: string | null;
  targetDatabase: string;
  backendPid: number | null;
  lockTimeout: string;
  statementTimeout: string;
  filesTotal: number;
  filesApplied: number;
  /** kind: statement | connection_lost | stale | internal; with `reasons` for stale. */
  error: PushRunError | null;
  /** False for a run still marked running whose engine is gone (the next run ends it as failed). */
  engineActive: boolean;
  steps: PushStep[];
};

export type PushDetail = {
  id: string;
  state: PushState;
  requestedBy: string;
  requestedByEmail: string | null;
  requestedAt: string;
  note: string | null;
  includeAll: boolean;
  acknowledgeNonTransactional: boolean;
  acknowledgeDestructive: boolean;
  acknowledgeHeavyLock: boolean;
  /** Why the request went stale (its own state): the files or the history moved since it was made. */
  staleReasons: { code: string; fileName: string | null; message: string }[] | null;
  staleAt: string | null;
  lastAppliedVersion: string | null;
  historyFingerprint: string;
  /** What an approver confirms they reviewed (pass it back to approvePush). */
  snapshotHash: string;
  findings: PushFinding[];
  fileCount: number;
  closedBy: string | null;
  closedByEmail: string | null;
  closedAt: string | null;
  closeReason: string | null;
  updatedAt: string;
  files: PushFileRecord[];
  approvals: PushApproval[];
  /** Newest first; refused pre-flight attempts included. */
  runs: PushRun[];
  /** What the signed-in person may do now, decided by the same rules as the SQL functions. */
  viewer: { canApprove: boolean; canReject: boolean; canCancel: boolean; canRun: boolean };
};

export type PushSummary = {
  id: string;
  state: PushState;
  requestedBy: string;
  requestedByEmail: string | null;
  requestedAt: string;
  note: string | null;
  fileCount: number;
  firstVersion: string | null;
  lastVersion: string | null;
  approvedByEmail: string | null;
  approvedAt: string | null;
  closedByEmail: string | null;
  closedAt: string | null;
  runStatus: PushRunStatus | null;
  runStartedAt: string | null;
  runFinishedAt: string | null;
  filesApplied: number | null;
  errorMessage: string | null;
};

/** `console.get_push` → PushDetail; null for no such request. Throws on an unexpected shape. */
export function parsePushDetail(data: unknown): PushDetail | null {
  if (data === null || data === undefined) return null;
  const row = detailSchema.parse(data);
  return {
    id: row.id,
    state: row.state,
    requestedBy: row.requested_by,
    requestedByEmail: row.requested_by_email,
    requestedAt: row.requested_at,
    note: row.note,
    includeAll: row.include_all,
    acknowledgeNonTransactional: row.acknowledge_non_transactional,
    acknowledgeDestructive: row.acknowledge_destructive,
    acknowledgeHeavyLock: row.acknowledge_heavy_lock,
    staleReasons: row.stale_reasons
      ? row.stale_reasons.map((reason) => ({ code: reason.code, fileName: reason.file_name ?? null, message: reason.message }))
      : null,
    staleAt: row.stale_at,
    lastAppliedVersion: row.last_applied_version,
    historyFingerprint: row.history_fingerprint,
    snapshotHash: row.snapshot_hash,
    findings: row.findings,
    fileCount: row.file_count,
    closedBy: row.closed_by,
    closedByEmail: row.closed_by_email,
    closedAt: row.closed_at,
    closeReason: row.close_reason,
    updatedAt: row.updated_at,
    files: row.files.map((file) => ({
      ordinal: file.ordinal,
      version: file.version,
      name: file.name,
      fileName: file.file_name,
      module: file.module,
      sha256: file.sha256,
      sizeBytes: file.size_bytes,
      statementCount: file.statement_count,
      outOfOrder: file.out_of_order,
      nonTransactional: file.non_transactional,
      destructive: file.destructive ?? false,
      transactionIssues: file.transaction_issues,
      findings: file.findings,
    })),
    approvals: row.approvals.map((approval) => ({
      approvedBy: approval.approved_by,
      approvedByEmail: approval.approved_by_email,
      approvedAt: approval.approved_at,
      snapshotHash: approval.snapshot_hash,
    })),
    runs: row.runs.map((run) => ({
      id: run.id,
      status: run.status,
      startedBy: run.started_by,
      startedByEmail: run.started_by_email,
      startedAt: run.started_at,
      finishedAt: run.finished_at,
      targetDatabase: run.target_database,
      backendPid: run.backend_pid,
      lockTimeout: run.lock_timeout,
      statementTimeout: run.statement_timeout,
      filesTotal: run.files_total,
      filesApplied: run.files_applied,
      error: run.error,
      engineActive: run.engine_active,
      steps: run.steps.map((step) => ({
        ordinal: step.ordinal,
        version: step.version,
        fileName: step.file_name,
        mode: step.mode,
        status: step.status,
        statementsTotal: step.statements_total,
        statementsRun: step.statements_run,
        startedAt: step.started_at,
        finishedAt: step.finished_at,
        durationMs: step.duration_ms,
        statementIndex: step.statement_index,
        line: step.error_line,
        column: step.error_column,
        sqlstate: step.sqlstate,
        message: step.error_message,
        detail: step.error_detail,
        hint: step.error_hint,
        partial: step.partial,
      })),
    })),
    viewer: {
      canApprove: row.viewer.can_approve,
      canReject: row.viewer.can_reject,
      canCancel: row.viewer.can_cancel,
      canRun: row.viewer.can_run,
    },
  };
}

/** `console.list_pushes` → PushSummary[]. */
export function parsePushSummaries(data: unknown): PushSummary[] {
  return z
    .array(summarySchema)
    .parse(data ?? [])
    .map((row) => ({
      id: row.id,
      state: row.state,
      requestedBy: row.requested_by,
      requestedByEmail: row.requested_by_email,
      requestedAt: row.requested_at,
      note: row.note,
      fileCount: row.file_count,
      firstVersion: row.first_version,
      lastVersion: row.last_version,
      approvedByEmail: row.approved_by_email,
      approvedAt: row.approved_at,
      closedByEmail: row.closed_by_email,
      closedAt: row.closed_at,
      runStatus: row.run_status,
      runStartedAt: row.run_started_at,
      runFinishedAt: row.run_finished_at,
      filesApplied: row.files_applied,
      errorMessage: row.error_message,
    }));
}

const actSchema = z.union([z.object({ ok: z.literal(true) }).passthrough(), z.object({ ok: z.literal(false), code: z.string(), message: z.string() })]);

/** The `{ok, code, message}` answer of the act functions (request, approve, reject, cancel). */
export function parseActAnswer(data: unknown): { ok: true; fields: Record<string, unknown> } | { ok: false; code: string; message: string } {
  const parsed = actSchema.parse(data);
  if (parsed.ok) return { ok: true, fields: parsed };
  return { ok: false, code: parsed.code, message: parsed.message };
}

/** A SQL function's refusal ("the request is stale: …") as a sentence for people. */
export function sentence(text: string): string {
  const capitalized = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capitalized) ? capitalized : `${capitalized}.`;
}
