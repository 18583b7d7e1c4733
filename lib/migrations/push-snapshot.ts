/**
 * The snapshot a push request carries, built from a status report, and the checks the engine makes
 * against it before a run. Pure: the same functions build the snapshot when a person requests a
 * push and rebuild it from the files and the database right before the run, so "still the same"
 * means equal outputs of one function.
 */
import { createHash } from 'node:crypto';
import { compareVersions } from './order';
import { fileLocks, type LockMode } from '@/lib/sql/lock-impact';
import { parseStatement } from '@/lib/sql/parser';
import type { ContentLocks } from '@/lib/sql/review-file';
import { classifyParsedStatements, type TransactionIssue, type TransactionSafety } from '@/lib/sql/transaction-safety';
import type { Finding, LocalMigration, MigrationRow, RemoteMigration, StatusReport } from './types';

export type SnapshotFinding = Finding & { key: string };

export type PushSnapshotFile = {
  version: string;
  name: string;
  fileName: string;
  module: string;
  /** SHA-256 (hex) of the file's bytes. */
  sha256: string;
  sizeBytes: number;
  statementCount: number;
  /** Older than the last applied version: runs only with the include-all acknowledgement. */
  outOfOrder: boolean;
  /** Has a statement that cannot run in a transaction block: runs unwrapped, with acknowledgement. */
  nonTransactional: boolean;
  transactionIssues: TransactionIssue[];
  /** Drops, truncates, deletes or updates every row, or changes a column's type: needs its own acknowledgement. */
  destructive: boolean;
  /** The table locks its statements take (the database judges which are heavy on its live tables). */
  locks: SnapshotLock[];
  /** The file's findings worth keeping with the request (warnings, comment-only files). */
  findings: Finding[];
};

export type SnapshotLock = { schema: string; table: string; mode: LockMode; rewrite: boolean; scan: boolean };

/**
 * How a file's statements must run and what they lock: from the folder reading's review of its
 * content (the safety from the parse that found its risks), or parsed here for a file given without one.
 */
function contentFacts(file: LocalMigration, statements: readonly string[]): { transactionSafety: TransactionSafety; locks: ContentLocks } {
  if (file.review) return { transactionSafety: file.review.analysis().transactionSafety, locks: file.review.locks() };
  const parsed = statements.map(parseStatement);
  return {
    transactionSafety: classifyParsedStatements(statements, parsed),
    locks: fileLocks(parsed.map((result) => (result.ok ? result.nodes : null))),
  };
}

/** The locks of a file's statements on named tables, as the request records them. */
function snapshotLocks(locks: ContentLocks): SnapshotLock[] {
  return locks.flatMap(({ lock }) => (lock.table ? [{ schema: lock.schema, table: lock.table, mode: lock.mode, rewrite: lock.rewrite, scan: lock.scan }] : []));
}

export type PushBlockerCode =
  'nothing_pending' | 'remote_only' | 'duplicate_version' | 'unreadable' | 'folder_problem' | 'edited_after_apply' | 'invalid_name' | 'broken';
export type PushBlocker = { code: PushBlockerCode; key: string | null; message: string };

export type PushPlan = {
  /** The pending files in push order (the CLI's, with --include-all). */
  files: PushSnapshotFile[];
  lastAppliedVersion: string | null;
  historyFingerprint: string;
  /** The project's other findings at this moment (edited files, skipped names…), for the record. */
  findings: SnapshotFinding[];
  /** Why no push can be requested now; empty when one can. */
  blockers: PushBlocker[];
  needsIncludeAll: boolean;
  needsNonTransactionalAck: boolean;
  needsDestructiveAck: boolean;
};

/** What the snapshot hash covers: everything that decides what a run applies and how. */
export type SnapshotHashInput = {
  lastAppliedVersion: string | null;
  historyFingerprint: string;
  includeAll: boolean;
  acknowledgeNonTransactional: boolean;
  files: readonly Pick<PushSnapshotFile, 'version' | 'sha256' | 'statementCount' | 'outOfOrder' | 'nonTransactional' | 'fileName'>[];
};

const PENDING = new Set(['pending', 'pending_out_of_order']);

/** The pending files of a status report as a push would run them, and what stands in the way. */
export function planPush(report: StatusReport): PushPlan {
  const files: PushSnapshotFile[] = [];
  const findings: SnapshotFinding[] = [];
  const blockers: PushBlocker[] = [];

  if (report.folderProblem) blockers.push({ code: 'folder_problem', key: null, message: report.folderProblem });
  for (const notice of report.notices ?? []) {
    if (notice.severity !== 'info') findings.push({ key: 'project', ...notice });
  }

  for (const row of report.rows) {
    const file = row.local;
    if (PENDING.has(row.status) && file && file.version !== null && file.sha256 !== null && file.statements !== null) {
      const facts = contentFacts(file, file.statements);
      const safety = facts.transactionSafety;
      const broken = row.findings.find((finding) => finding.severity === 'blocking');
      if (broken) blockers.push(brokenBlocker(file.fileName, row.key, broken));
      files.push({
        version: file.version,
        name: file.name ?? '',
        fileName: file.fileName,
        module: file.module,
        sha256: file.sha256,
        sizeBytes: file.sizeBytes,
        statementCount: file.statements.length,
        outOfOrder: row.status === 'pending_out_of_order',
        nonTransactional: safety.nonTransactional,
        transactionIssues: safety.issues,
        destructive: row.findings.some((finding) => finding.acknowledge === 'destructive'),
        locks: snapshotLocks(facts.locks),
        findings: row.findings.filter((finding) => finding.severity !== 'info' || finding.code === 'comment_only'),
      });
      continue;
    }
    const blocker = blockerOf(row);
    if (blocker) blockers.push(blocker);
    for (const finding of row.findings) {
      if (finding.severity !== 'info') findings.push({ key: row.key, ...finding });
    }
  }
  if (files.length === 0 && blockers.length === 0) {
    blockers.push({ code: 'nothing_pending', key: null, message: 'Nothing to push: every migration file is applied.' });
  }

  return {
    files,
    lastAppliedVersion: report.lastApplied?.version ?? null,
    historyFingerprint: historyFingerprint(remoteRows(report)),
    findings,
    blockers,
    needsIncludeAll: files.some((file) => file.outOfOrder),
    needsNonTransactionalAck: files.some((file) => file.nonTransactional),
    needsDestructiveAck: files.some((file) => file.destructive),
  };
}

function brokenBlocker(fileName: string, key: string, finding: Finding): PushBlocker {
  const where = finding.risk?.line ? ` at line ${finding.risk.line}, column ${finding.risk.column ?? 1}` : '';
  return {
    code: 'broken',
    key,
    message: `${fileName} is broken${where} (${finding.title.toLowerCase()}): fix the file so that PostgreSQL can read it; nothing can be pushed while it is broken.`,
  };
}

function blockerOf(row: MigrationRow): PushBlocker | null {
  switch (row.status) {
    case 'remote_only':
      return {
        code: 'remote_only',
        key: row.key,
        message: `Version ${row.key} is applied but its file is missing here; the Supabase CLI refuses to push until this is resolved.`,
      };
    case 'duplicate_version':
      return { code: 'duplicate_version', key: row.key, message: `Several files share version ${row.key}; only one of them can ever be recorded.` };
    case 'unreadable':
      return row.remote
        ? null
        : {
            code: 'unreadable',
            key: row.key,
            message: `${row.local?.fileName ?? row.key} cannot be read, so it cannot be reviewed or pushed: fix the file (encoding, size, permissions, a broken link).`,
          };
    case 'edited_after_apply':
      return {
        code: 'edited_after_apply',
        key: row.key,
        message: `${row.local?.fileName ?? row.key} was edited after it was applied: restore it to what was applied and put the change in a new migration, or record it as applied with a repair if the database already has the change.`,
      };
    case 'invalid_name':
      return {
        code: 'invalid_name',
        key: row.key,
        message: `${row.local?.fileName ?? row.key} has a name the Supabase CLI skips, so its SQL would never run: rename it to <version>_<name>.sql (supabase migration new), or move it out of the folder.`,
      };
    default:
      return null;
  }
}

/** Every history row of a report (each version appears on exactly one row). */
export function remoteRows(report: StatusReport): RemoteMigration[] {
  return report.rows.flatMap((row) => (row.remote ? [row.remote] : []));
}

/**
 * SHA-256 of the history rows (version, name, statements) in the CLI's version order. A missing
 * table and an empty one are the same history: the engine creates the table before it compares.
 */
export function historyFingerprint(rows: readonly RemoteMigration[] | null): string {
  const sorted = [...(rows ?? [])]
    .map((row) => [row.version, row.name, row.statements] as const)
    .sort((a, b) => compareVersions(a[0], b[0]) || compareText(JSON.stringify(a), JSON.stringify(b)));
  return sha256Hex(JSON.stringify(sorted));
}

/** The canonical text of a snapshot; `console_private.push_snapshot_text` builds the same. */
export function snapshotText(input: SnapshotHashInput): string {
  const lines = [
    'migration-console push snapshot v1',
    `last_applied_version ${input.lastAppliedVersion ?? '-'}`,
    `history_fingerprint ${input.historyFingerprint}`,
    `include_all ${String(input.includeAll)}`,
    `acknowledge_non_transactional ${String(input.acknowledgeNonTransactional)}`,
    ...input.files.map(
      (file, ordinal) =>
        `file ${ordinal} ${file.version} ${file.sha256} ${file.statementCount} ${String(file.outOfOrder)} ${String(file.nonTransactional)} ${Buffer.from(file.fileName, 'utf8').toString('hex')}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

export function snapshotHash(input: SnapshotHashInput): string {
  return sha256Hex(snapshotText(input));
}

/** The JSON `console.request_push` takes (snake_case, as stored). */
export function requestPayload(plan: PushPlan): Record<string, unknown> {
  return {
    last_applied_version: plan.lastAppliedVersion,
    history_fingerprint: plan.historyFingerprint,
    findings: plan.findings,
    // The database refuses a request while the console found something blocking.
    blockers: plan.blockers.filter((blocker) => blocker.code !== 'nothing_pending'),
    files: plan.files.map((file) => ({
      version: file.version,
      name: file.name,
      file_name: file.fileName,
      module: file.module,
      sha256: file.sha256,
      size_bytes: file.sizeBytes,
      statement_count: file.statementCount,
      out_of_order: file.outOfOrder,
      non_transactional: file.nonTransactional,
      destructive: file.destructive,
      locks: file.locks,
      transaction_issues: file.transactionIssues,
      findings: file.findings,
    })),
  };
}

export type StaleReasonCode = 'history_changed' | 'file_changed' | 'file_renamed' | 'file_not_pending' | 'file_added' | 'classification_changed' | 'blocked';

export type StaleReason = { code: StaleReasonCode; fileName: string | null; message: string };

export type ApprovedSnapshot = {
  historyFingerprint: string;
  files: readonly Pick<PushSnapshotFile, 'version' | 'fileName' | 'sha256' | 'statementCount' | 'outOfOrder' | 'nonTransactional'>[];
};

/**
 * Why the approved snapshot no longer describes what a push would do now; empty when it still
 * does. Any difference refuses the run: the approval was for exactly those files on exactly that
 * history.
 */
export function staleReasons(approved: ApprovedSnapshot, current: PushPlan): StaleReason[] {
  const reasons: StaleReason[] = [];
  const now = new Map(current.files.map((file) => [file.version, file]));
  const then = new Set(approved.files.map((file) => file.version));

  for (const file of approved.files) {
    const present = now.get(file.version);
    if (!present) {
      reasons.push({
        code: 'file_not_pending',
        fileName: file.fileName,
        message: `${file.fileName} is no longer pending (applied meanwhile, or removed from the folder).`,
      });
    } else if (present.fileName !== file.fileName) {
      reasons.push({ code: 'file_renamed', fileName: file.fileName, message: `${file.fileName} was renamed to ${present.fileName} since the request.` });
    } else if (present.sha256 !== file.sha256) {
      reasons.push({
        code: 'file_changed',
        fileName: file.fileName,
        message: `${file.fileName} was edited since the request (SHA-256 ${short(file.sha256)} then, ${short(present.sha256)} now).`,
      });
    } else if (present.statementCount !== file.statementCount || present.outOfOrder !== file.outOfOrder || present.nonTransactional !== file.nonTransactional) {
      reasons.push({
        code: 'classification_changed',
        fileName: file.fileName,
        message: `${file.fileName} would now run differently than when it was approved (order or transaction handling changed).`,
      });
    }
  }
  for (const file of current.files) {
    if (!then.has(file.version)) {
      reasons.push({
        code: 'file_added',
        fileName: file.fileName,
        message: `${file.fileName} became pending after the request; it is not part of the approved snapshot.`,
      });
    }
  }
  if (current.historyFingerprint !== approved.historyFingerprint) {
    reasons.push({
      code: 'history_changed',
      fileName: null,
      message: 'The migration history of the database changed since the request (a push, repair or revert was made meanwhile).',
    });
  }
  for (const blocker of current.blockers) {
    if (blocker.code !== 'nothing_pending') reasons.push({ code: 'blocked', fileName: blocker.key, message: blocker.message });
  }
  return reasons;
}

/** What a request acknowledged; the engine and the request page ask `acknowledgementProblems` of it. */
export type Acknowledgements = { includeAll: boolean; acknowledgeNonTransactional: boolean; acknowledgeDestructive: boolean };

/**
 * The risks the plan holds now that the request did not acknowledge. Checked again before a run
 * and when a request is viewed: a request made directly through the API is not trusted.
 */
export function acknowledgementProblems(request: Acknowledgements, plan: PushPlan): StaleReason[] {
  const reasons: StaleReason[] = [];
  if (plan.needsIncludeAll && !request.includeAll) {
    reasons.push({
      code: 'classification_changed',
      fileName: null,
      message: 'Files older than the last applied version need the out-of-order acknowledgement, which the request lacks.',
    });
  }
  if (plan.needsNonTransactionalAck && !request.acknowledgeNonTransactional) {
    reasons.push({
      code: 'classification_changed',
      fileName: null,
      message: 'Files that cannot run in a transaction block need the acknowledgement, which the request lacks.',
    });
  }
  if (plan.needsDestructiveAck && !request.acknowledgeDestructive) {
    reasons.push({
      code: 'classification_changed',
      fileName: null,
      message: 'Files that drop, empty or rewrite data need the destructive acknowledgement, which the request lacks.',
    });
  }
  return reasons;
}

function short(hash: string): string {
  return hash.slice(0, 12);
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function compareText(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}
