/**
 * The shapes of migration status, shared by the pages, the command line and the push engine.
 * One version of the project is one row: its local file (if any), its remote history row (if
 * any), and what the two together mean.
 */

export const MIGRATION_STATUSES = [
  'applied',
  'pending',
  'pending_out_of_order',
  'remote_only',
  'edited_after_apply',
  'invalid_name',
  'duplicate_version',
  'unreadable',
] as const;
export type MigrationStatus = (typeof MIGRATION_STATUSES)[number];

/** Statuses that make `console status` exit 1 (and that the CLI itself refuses to push past). */
export const BLOCKING_STATUSES: readonly MigrationStatus[] = ['remote_only', 'duplicate_version', 'edited_after_apply', 'invalid_name'];

export type FindingSeverity = 'blocking' | 'warning' | 'info';

/** Something a person should know about a version, in plain words, with the next step. */
export type Finding = {
  code: MigrationStatus | 'skipped_legacy_init' | 'comment_only' | 'history_table_missing' | RiskCategory;
  severity: FindingSeverity;
  title: string;
  explanation: string;
  nextStep: string;
  /** An exact command to run, when there is one (e.g. `supabase migration repair --status reverted 2024…`). */
  command?: string;
  /** For a finding read from the file's statements: what kind of risk, and where (statement, line, column). */
  risk?: { code: RiskCode; statementIndex: number | null; line: number | null; column: number | null };
  /** A risk a push must acknowledge before it can be requested (no transaction, destructive). */
  acknowledge?: 'no_transaction' | 'destructive';
  /** Statement numbers (from 1) that differ, for an edited-after-apply finding. */
  changedStatements?: number[];
};

import type { ContentReview, FileRisk, RiskCategory, RiskCode } from '@/lib/sql/review-file';

export type UnreadableReason = 'not_utf8' | 'too_large' | 'not_a_file' | 'unreadable';

/** A file of the migrations folder as the console (and the CLI) sees it. */
export type LocalMigration = {
  fileName: string;
  /** null for a file whose name does not match the CLI's pattern. */
  version: string | null;
  name: string | null;
  module: string;
  sizeBytes: number;
  /** SHA-256 (hex) of the file's bytes; null when it could not be read. */
  sha256: string | null;
  /** Exactly the statements the CLI would record; null when unreadable or invalid. */
  statements: string[] | null;
  unreadable?: UnreadableReason;
  /** For an unreadable file: what went wrong, in words (e.g. `EACCES: permission denied`). */
  unreadableDetail?: string;
  /** Set when the CLI skips this validly named file (the legacy first `<14 digits>_init.sql`). */
  skipped?: 'legacy_init';
  /**
   * What the file risks (broken, no transaction, destructive, oddities), from PostgreSQL's parser:
   * given outright (`risks`) or reviewed when first asked (`review`, from the folder reading).
   * Read both through `fileRisks()`.
   */
  risks?: readonly FileRisk[];
  review?: ContentReview;
};

/** A row of `supabase_migrations.schema_migrations`. */
export type RemoteMigration = { version: string; name: string | null; statements: string[] | null };

export type MigrationRow = {
  /** The version, or the file name for files without a valid version. */
  key: string;
  version: string | null;
  name: string;
  module: string;
  status: MigrationStatus;
  local: LocalMigration | null;
  /** Other local files with the same version (status duplicate_version). */
  duplicates?: LocalMigration[];
  remote: RemoteMigration | null;
  findings: Finding[];
};

export type StatusReport = {
  rows: MigrationRow[];
  /** False when the project has no history table yet: nothing was ever pushed. */
  historyTableExists: boolean;
  lastApplied: { version: string; name: string | null; /** from the version's timestamp; the CLI records no apply time */ timestamp: string | null } | null;
  counts: Record<MigrationStatus, number>;
  byModule: Record<string, Record<MigrationStatus, number>>;
  blocking: boolean;
  /** Problems with the folder itself (missing, unreadable): the report still lists the remote side. */
  folderProblem: string | null;
  modules: string[];
  /** Findings about the whole project rather than one version (e.g. no history table yet). */
  notices?: Finding[];
  /** Files of the folder that are not migrations (README.md, .gitkeep…); the CLI skips them too. */
  ignoredFiles?: string[];
};
