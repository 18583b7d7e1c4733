import { z } from 'zod';
import { MIGRATION_STATUSES, type MigrationRow, type MigrationStatus } from './types';

/** Rows per page: a screenful or two to scan; each row costs ~1.3 kB of HTML plus its RSC payload. */
export const LIST_PAGE_SIZE = 100;

/** The /migrations query string: filters, sort and page. Malformed values fall back to defaults. */
export const listQuerySchema = z.object({
  status: z
    .enum([...MIGRATION_STATUSES, 'attention'])
    .optional()
    .catch(undefined),
  module: z
    .string()
    .trim()
    .max(64)
    .regex(/^[a-z0-9_-]*$/i)
    .optional()
    .catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  sort: z.enum(['version', 'name', 'module', 'status']).default('version').catch('version'),
  dir: z.enum(['asc', 'desc']).default('desc').catch('desc'),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});

export type ListQuery = z.infer<typeof listQuerySchema>;

/** Order in which statuses need a person's attention (blocking first). */
const STATUS_RANK: Record<MigrationStatus, number> = {
  remote_only: 0,
  duplicate_version: 1,
  edited_after_apply: 2,
  invalid_name: 3,
  unreadable: 4,
  pending_out_of_order: 5,
  pending: 6,
  applied: 7,
};

/** A pending file that cannot run as written ranks with the blocking statuses. */
const BROKEN_RANK = 3.5;

function attentionRank(row: MigrationRow): number {
  const rank = STATUS_RANK[row.status];
  return rank >= STATUS_RANK.pending_out_of_order && row.findings.some((finding) => finding.severity === 'blocking') ? BROKEN_RANK : rank;
}

/** Blocking or out of order by status, or a pending file with a blocking finding (broken SQL). */
export function needsAttention(row: MigrationRow): boolean {
  return attentionRank(row) < STATUS_RANK.pending;
}

export function compareByAttention(a: MigrationRow, b: MigrationRow): number {
  return attentionRank(a) - attentionRank(b) || a.key.localeCompare(b.key);
}

/** Filters, sorts and pages the rows; linear in the number of rows plus one sort. */
export function applyListQuery(rows: readonly MigrationRow[], query: ListQuery): { rows: MigrationRow[]; total: number; pages: number } {
  const needle = query.q?.toLowerCase();
  const filtered = rows.filter(
    (row) =>
      (!query.status || (query.status === 'attention' ? needsAttention(row) : row.status === query.status)) &&
      (!query.module || row.module === query.module) &&
      (!needle || row.key.toLowerCase().includes(needle) || row.name.toLowerCase().includes(needle)),
  );
  const direction = query.dir === 'asc' ? 1 : -1;
  const byKey = (a: MigrationRow, b: MigrationRow) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const compare: Record<ListQuery['sort'], (a: MigrationRow, b: MigrationRow) => number> = {
    version: byKey,
    name: (a, b) => a.name.localeCompare(b.name) || byKey(a, b),
    module: (a, b) => a.module.localeCompare(b.module) || byKey(a, b),
    status: (a, b) => attentionRank(a) - attentionRank(b) || byKey(a, b),
  };
  const sorted = filtered.sort((a, b) => direction * compare[query.sort](a, b));
  const pages = Math.max(1, Math.ceil(sorted.length / LIST_PAGE_SIZE));
  const page = Math.min(query.page, pages);
  return { rows: sorted.slice((page - 1) * LIST_PAGE_SIZE, page * LIST_PAGE_SIZE), total: sorted.length, pages };
}
