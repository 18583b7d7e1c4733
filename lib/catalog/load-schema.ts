import 'server-only';
import { cache } from 'react';
import { lintCatalog } from '@/lib/advisor/live-lints';
import { lintPendingFiles, type PendingFile } from '@/lib/advisor/pending-lints';
import type { AdvisorFinding } from '@/lib/advisor/types';
import { ConsoleUnavailableError } from '@/lib/auth/viewer';
import { loadStatusReport } from '@/lib/migrations/load-status';
import type { StatusReport } from '@/lib/migrations/types';
import { createAdminClient } from '@/lib/supabase/admin';
import { decodeCatalog } from './decode-catalog';
import { resolveExposedSchemas, type ExposedSchemas } from './exposed-schemas';
import { buildProvenance, type Provenance } from './provenance';
import type { CatalogScope } from './read-catalog';
import { appliedSources, summarizeTables, type TableSummary } from './schema-overview';
import type { Catalog, CatalogTable } from './types';

/**
 * The live catalog through `console.catalog()` with the service-role client: one round trip.
 * Callers have passed `requireRole('operator')`; only the decoded catalog leaves this module.
 */
export const loadCatalog = cache(async (schema: string | null = null, table: string | null = null, detail = false): Promise<Catalog> => {
  const scope: CatalogScope = { schema, table, detail };
  const { data, error } = await createAdminClient().schema('console').rpc('catalog', { p_schema: scope.schema, p_table: scope.table, p_detail: scope.detail });
  if (error) {
    console.error('catalog: console.catalog() failed', { code: error.code, message: error.message });
    if (error.code === 'PGRST202' || error.code === '42883') {
      throw new ConsoleUnavailableError('The project has no console.catalog() function yet: push the console\'s migrations (supabase db push) first.', { cause: error });
    }
    if (error.code === 'PGRST106') {
      throw new ConsoleUnavailableError('The console schema is not exposed through the API: add "console" to the exposed schemas.', { cause: error });
    }
    throw new ConsoleUnavailableError('The console could not read the schema of the project.', { cause: error });
  }
  return decodeCatalog(data);
});

export type SchemaOverview = {
  catalog: Catalog;
  provenance: Provenance;
  exposed: ExposedSchemas;
  findings: AdvisorFinding[];
  tables: TableSummary[];
  modules: string[];
  report: StatusReport;
};

/** Everything /schema shows: the catalog, where each table came from, and the live findings. */
export const loadSchemaOverview = cache(async (): Promise<SchemaOverview> => {
  const [catalog, report] = await Promise.all([loadCatalog(), loadStatusReport()]);
  const provenance = buildProvenance(appliedSources(report));
  const exposed = resolveExposedSchemas(catalog);
  const findings = lintCatalog(catalog, { exposedSchemas: exposed.schemas });
  const tables = summarizeTables(catalog, provenance, findings, exposed.schemas);
  const modules = [...new Set(tables.flatMap((table) => (table.module ? [table.module] : [])))].sort();
  return { catalog, provenance, exposed, findings, tables, modules, report };
});

export type TableDetail = {
  table: CatalogTable;
  provenance: Provenance;
  findings: AdvisorFinding[];
  exposed: ExposedSchemas;
};

/** One table with defaults and definitions (detail mode), its provenance and its findings. */
export async function loadTableDetail(schema: string, name: string): Promise<TableDetail | null> {
  const [catalog, report] = await Promise.all([loadCatalog(schema, name, true), loadStatusReport()]);
  const table = catalog.tables.find((candidate) => candidate.schema === schema && candidate.name === name);
  if (!table) return null;
  const exposed = resolveExposedSchemas(catalog);
  const findings = lintCatalog({ ...catalog, tables: [table], views: [], functions: [] }, { exposedSchemas: exposed.schemas });
  return { table, provenance: buildProvenance(appliedSources(report)), findings, exposed };
}

/** Lints of the files not pushed yet, against the live catalog. */
export function pendingFindings(overview: SchemaOverview): { files: PendingFile[]; findings: AdvisorFinding[] } {
  const files: PendingFile[] = overview.report.rows.flatMap((row) =>
    (row.status === 'pending' || row.status === 'pending_out_of_order') && row.version && row.local?.statements
      ? [{ version: row.version, fileName: row.local.fileName, statements: row.local.statements }]
      : []);
  return { files, findings: lintPendingFiles(files, { live: overview.catalog, exposedSchemas: overview.exposed.schemas }) };
}
