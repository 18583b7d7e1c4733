/**
 * The /schema list: one summary per table (module, RLS, counts, advisor findings), with the
 * query-string filters and sort. Pure: the page loads the catalog and hands it here.
 */
import { z } from 'zod';
import { LEVEL_ORDER, type AdvisorFinding, type AdvisorLevel } from '@/lib/advisor/types';
import type { RemoteMigration, StatusReport } from '@/lib/migrations/types';
import { originOf, type Provenance, type ProvenanceSource } from './provenance';
import { compareText } from './decode-catalog';
import type { Catalog, TableKind } from './types';

/** Module shown for tables that no migration file created. */
export const NO_MODULE = 'none';

export type TableSummary = {
  schema: string;
  name: string;
  kind: TableKind;
  /** The module of the migration that created the table; null when no migration did. */
  module: string | null;
  origin: { version: string; fileName: string } | null;
  exposed: boolean;
  rlsEnabled: boolean;
  rlsForced: boolean;
  policyCount: number;
  columnCount: number;
  estimatedRows: number | null;
  sizeBytes: number;
  findings: Record<AdvisorLevel, number>;
};

export function summarizeTables(
  catalog: Catalog,
  provenance: Provenance,
  findings: readonly AdvisorFinding[],
  exposedSchemas: readonly string[],
): TableSummary[] {
  const counts = new Map<string, Record<AdvisorLevel, number>>();
  for (const finding of findings) {
    if (!finding.object.schema || !finding.object.table) continue;
    const key = `${finding.object.schema}.${finding.object.table}`;
    const entry = counts.get(key) ?? { error: 0, warning: 0, info: 0 };
    entry[finding.level]++;
    counts.set(key, entry);
  }
  const exposed = new Set(exposedSchemas);
  return catalog.tables.map((table) => {
    const origin = originOf(provenance.tables.get(`${table.schema}.${table.name}`));
    return {
      schema: table.schema,
      name: table.name,
      kind: table.kind,
      module: origin?.module ?? null,
      origin: origin ? { version: origin.version, fileName: origin.fileName } : null,
      exposed: exposed.has(table.schema),
      rlsEnabled: table.rlsEnabled,
      rlsForced: table.rlsForced,
      policyCount: table.policies.length,
      columnCount: table.columns.length,
      estimatedRows: table.estimatedRows,
      sizeBytes: table.sizeBytes,
      findings: counts.get(`${table.schema}.${table.name}`) ?? { error: 0, warning: 0, info: 0 },
    };
  });
}

/**
 * What the live project ran, in push order, for provenance: each applied version's local file, or
 * its recorded statements when the file is missing here.
 */
export function appliedSources(report: Pick<StatusReport, 'rows'>): ProvenanceSource[] {
  const sources: ProvenanceSource[] = [];
  for (const row of report.rows) {
    if (!row.remote || row.version === null) continue;
    if (row.local?.statements) {
      sources.push({ version: row.version, fileName: row.local.fileName, module: row.local.module, statements: row.local.statements });
    } else if (row.remote.statements) {
      sources.push(recordedSource(row.remote, row.module));
    }
  }
  return sources;
}

function recordedSource(remote: RemoteMigration, module: string): ProvenanceSource {
  return { version: remote.version, fileName: `${remote.version}_${remote.name ?? ''}.sql (history only)`, module, statements: remote.statements ?? [] };
}

export const SCHEMA_PAGE_SIZE = 100;

export const RLS_FILTERS = ['enabled', 'disabled', 'forced', 'no_policies'] as const;
export const SCHEMA_SORTS = ['name', 'module', 'rls', 'policies', 'rows', 'size', 'findings'] as const;

const identifier = z
  .string()
  .trim()
  .max(63)
  .regex(/^[^\s'"\\]+$/);

/** The /schema query string; anything malformed falls back to the default rather than failing. */
export const schemaQuerySchema = z.object({
  schema: identifier.optional().catch(undefined),
  module: z
    .string()
    .trim()
    .max(64)
    .regex(/^[a-z0-9_-]*$/i)
    .optional()
    .catch(undefined),
  rls: z.enum(RLS_FILTERS).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  sort: z.enum(SCHEMA_SORTS).default('name').catch('name'),
  dir: z.enum(['asc', 'desc']).default('asc').catch('asc'),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});

export type SchemaQuery = z.infer<typeof schemaQuerySchema>;

export function parseSchemaQuery(raw: Record<string, string | string[] | undefined>): SchemaQuery {
  return schemaQuerySchema.parse(Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, (Array.isArray(value) ? value[0] : value) || undefined])));
}

function worst(findings: Record<AdvisorLevel, number>): number {
  // Lower is worse: errors first, then warnings, then info, then nothing.
  for (const level of ['error', 'warning', 'info'] as const) if (findings[level] > 0) return LEVEL_ORDER[level] * 1e6 - findings[level];
  return 1e7;
}

export function applySchemaQuery(tables: readonly TableSummary[], query: SchemaQuery): { rows: TableSummary[]; total: number; pages: number } {
  const needle = query.q?.toLowerCase();
  const filtered = tables.filter(
    (table) =>
      (!query.schema || table.schema === query.schema) &&
      (!query.module || (query.module === NO_MODULE ? table.module === null : table.module === query.module)) &&
      (!query.rls ||
        (query.rls === 'enabled' && table.rlsEnabled) ||
        (query.rls === 'disabled' && !table.rlsEnabled) ||
        (query.rls === 'forced' && table.rlsForced) ||
        (query.rls === 'no_policies' && table.policyCount === 0)) &&
      (!needle || `${table.schema}.${table.name}`.toLowerCase().includes(needle)),
  );
  const byName = (a: TableSummary, b: TableSummary) => compareText(a.schema, b.schema) || compareText(a.name, b.name);
  const comparators: Record<SchemaQuery['sort'], (a: TableSummary, b: TableSummary) => number> = {
    name: byName,
    module: (a, b) => compareText(a.module ?? '\uffff', b.module ?? '\uffff'),
    rls: (a, b) => Number(a.rlsEnabled) - Number(b.rlsEnabled) || Number(a.rlsForced) - Number(b.rlsForced),
    policies: (a, b) => a.policyCount - b.policyCount,
    rows: (a, b) => (a.estimatedRows ?? -1) - (b.estimatedRows ?? -1),
    size: (a, b) => a.sizeBytes - b.sizeBytes,
    findings: (a, b) => worst(a.findings) - worst(b.findings),
  };
  const compare = comparators[query.sort];
  const direction = query.dir === 'desc' ? -1 : 1;
  const sorted = [...filtered].sort((a, b) => direction * compare(a, b) || byName(a, b));
  const pages = Math.max(1, Math.ceil(sorted.length / SCHEMA_PAGE_SIZE));
  const page = Math.min(query.page, pages);
  return { rows: sorted.slice((page - 1) * SCHEMA_PAGE_SIZE, page * SCHEMA_PAGE_SIZE), total: sorted.length, pages };
}

export function formatBytesShort(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${bytes} B`;
}
