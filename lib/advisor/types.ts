/**
 * Advisor findings: live lints on the catalog (in the spirit of Supabase's splinter) and lints on
 * pending migration files (in the spirit of Squawk). One shape for both, so the pages, the command
 * line and the push request show them alike.
 */

export type AdvisorLevel = 'error' | 'warning' | 'info';

/** What the advisor says about one lint: its level, a title, why it matters and how to fix it. */
export type LintInfo = { level: AdvisorLevel; title: string; why: string; fix: string };

export const LEVEL_ORDER: Record<AdvisorLevel, number> = { error: 0, warning: 1, info: 2 };

export const LIVE_LINTS = [
  'rls_disabled_in_public',
  'policy_exists_rls_disabled',
  'rls_enabled_no_policy',
  'function_search_path_mutable',
  'security_definer_view',
  'auth_users_exposed',
  'rls_references_user_metadata',
  'rls_policy_always_true',
  'multiple_permissive_policies',
  'auth_rls_initplan',
  'unindexed_foreign_keys',
  'no_primary_key',
  'duplicate_index',
  'foreign_table_in_api',
  'materialized_view_in_api',
  'security_definer_function_executable',
  'extension_in_public',
] as const;
export type LiveLint = (typeof LIVE_LINTS)[number];

export const PENDING_LINTS = [
  'drop_table',
  'drop_column',
  'not_null_without_default',
  'non_concurrent_index',
  'column_type_change',
  'rename',
  'missing_lock_timeout',
  'new_table_without_rls',
  'if_not_exists_differs',
  'unique_constraint_on_existing_table',
  'alter_role_in_migration',
] as const;
export type PendingLint = (typeof PENDING_LINTS)[number];

export type LintName = LiveLint | PendingLint;

export type FindingObject = {
  type: 'table' | 'view' | 'function' | 'policy' | 'index' | 'column' | 'statement' | 'extension';
  schema: string | null;
  /** The table the object belongs to (for policies, columns, indexes). */
  table: string | null;
  name: string;
};

/** Where a pending-file finding comes from. */
export type FindingSource = { version: string; fileName: string; statementIndex: number };

export type AdvisorFinding = {
  lint: LintName;
  level: AdvisorLevel;
  title: string;
  object: FindingObject;
  /** The object in words: `table public.notes`, `policy "read" on public.notes`. */
  objectLabel: string;
  /** What exactly is wrong here, in one or two sentences. */
  detail: string;
  /** Why it matters. */
  why: string;
  /** What to do. */
  fix: string;
  /** Example SQL for the fix, for a new migration. */
  fixSql?: string;
  source?: FindingSource;
  /** Identity of the finding, stable across runs: lint and object (what the push delta compares). */
  key: string;
};

export function countByLevel(findings: readonly AdvisorFinding[]): Record<AdvisorLevel, number> {
  const counts: Record<AdvisorLevel, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.level]++;
  return counts;
}

export function sortFindings(findings: AdvisorFinding[]): AdvisorFinding[] {
  return findings.sort(
    (a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || (a.lint < b.lint ? -1 : a.lint > b.lint ? 1 : 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}
