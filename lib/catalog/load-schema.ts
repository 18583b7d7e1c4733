import 'server-only';
import { cache } from 'react';
import { lintCatalog } from '@/lib/advisor/live-lints';
import { lintPendingFiles, type PendingFile } from '@/lib/advisor/pending-lints';
import type { AdvisorFinding } from '@/lib/advisor/types';
import { ConsoleUnavailableError } from '@/lib/errors';
import { loadStatusReportOrLastKnown } from '@/lib/migrations/load-status';
import type { StatusReport } from '@/lib/migrations/types';
import { dataKey, lastKnownStore } from '@/lib/outage/last-known';
import { lastKnownForPage, oldestLastKnown, type LastKnown, type MaybeLastKnown } from '@/lib/outage/page-fallback';
import { projectUnreachable } from '@/lib/outage/unreachable';
import { createAdminClient } from '@/lib/supabase/admin';
import { decodeCatalog } from './decode-catalog';
import { migrationsDirPath, readMigrationsConfig } from '@/lib/migrations/config';
import { projectConfigPath, resolveExposedSchemas, type ExposedSchemas } from './exposed-schemas';
import { buildProvenance, type Provenance } from './provenance';
import type { CatalogScope } from './read-catalog';
import { appliedSources, summarizeTables, type TableSummary } from './schema-overview';
import type { Catalog, CatalogTable } from './types';
import { processEnvironment } from '@/lib/env/environment';

type CatalogRead = { ok: true; catalog: Catalog } | { ok: false; error: ConsoleUnavailableError; unreachable: boolean };

/** The key a catalog read is kept under for outages (lib/outage/last-known.ts). */
function catalogKey(scope: CatalogScope) {
  return dataKey<Catalog>(`catalog ${scope.schema ?? '*'}.${scope.table ?? '*'}${scope.detail ? ' detail' : ''}`);
}

/**
 * The whole project's catalog (the /schema and advisor scope) as last read, with the marker of
 * `console.catalog_fingerprint()` taken just before that read. While the marker is unchanged the
 * catalog is too (see the migration for why), and a page skips ~90 ms of deparsing and half a
 * megabyte of JSON. Marker first, catalog second: a change in between costs one extra read later,
 * never a stale page. One server process serves one project, so one slot is enough.
 */
let keptProjectCatalog: { fingerprint: string; catalog: Catalog } | null = null;

/**
 * The marker, or null when there is none to be had (an older project without the function): the
 * catalog is then read in full. A project that does not answer is reported at once, rather than
 * waited for a second time on the catalog itself.
 */
async function catalogFingerprint(): Promise<{ fingerprint: string | null } | { failed: CatalogRead }> {
  const { data, error, status } = await createAdminClient().schema('console').rpc('catalog_fingerprint');
  if (error && projectUnreachable({ status, code: error.code })) {
    console.error('catalog: console.catalog_fingerprint() failed', { code: error.code, message: error.message });
    return { failed: failedRead(error, status) };
  }
  return { fingerprint: error || typeof data !== 'string' ? null : data };
}

/** A read that failed for no more specific reason; an unreachable project is noted for the outage banner. */
function failedRead(error: { code: string; message: string }, status: number): CatalogRead {
  const unreachable = projectUnreachable({ status, code: error.code });
  if (unreachable) lastKnownStore().unreachable();
  return { ok: false, unreachable, error: new ConsoleUnavailableError('The console could not read the schema of the project.', { cause: error }) };
}

/** One round trip to `console.catalog()`, once per request and scope; a failure is returned. */
const readCatalog = cache(async (schema: string | null, table: string | null, detail: boolean): Promise<CatalogRead> => {
  const scope: CatalogScope = { schema, table, detail };
  const wholeProject = schema === null && table === null && !detail;
  const marker = wholeProject ? await catalogFingerprint() : { fingerprint: null };
  if ('failed' in marker) return marker.failed;
  const { fingerprint } = marker;
  if (fingerprint !== null && keptProjectCatalog?.fingerprint === fingerprint) {
    lastKnownStore().remember(catalogKey(scope), keptProjectCatalog.catalog);
    return { ok: true, catalog: keptProjectCatalog.catalog };
  }
  const { data, error, status } = await createAdminClient()
    .schema('console')
    .rpc('catalog', { p_schema: scope.schema, p_table: scope.table, p_detail: scope.detail });
  if (error) {
    console.error('catalog: console.catalog() failed', { code: error.code, message: error.message });
    if (error.code === 'PGRST202' || error.code === '42883') {
      return {
        ok: false,
        unreachable: false,
        error: new ConsoleUnavailableError("The project has no console.catalog() function yet: push the console's migrations (supabase db push) first.", {
          cause: error,
        }),
      };
    }
    if (error.code === 'PGRST106') {
      return {
        ok: false,
        unreachable: false,
        error: new ConsoleUnavailableError('The console schema is not exposed through the API: add "console" to the exposed schemas.', { cause: error }),
      };
    }
    return failedRead(error, status);
  }
  const catalog = decodeCatalog(data);
  lastKnownStore().remember(catalogKey(scope), catalog);
  if (wholeProject) keptProjectCatalog = fingerprint === null ? null : { fingerprint, catalog };
  return { ok: true, catalog };
});

/**
 * The live catalog through `console.catalog()` with the service-role client: one round trip.
 * Callers have passed `requireRole('operator')`; only the decoded catalog leaves this module.
 */
export const loadCatalog = cache(async (schema: string | null = null, table: string | null = null, detail = false): Promise<Catalog> => {
  const read = await readCatalog(schema, table, detail);
  if (!read.ok) throw read.error;
  return read.catalog;
});

/** For pages that only show the schema: live, or during an outage the last known copy of this scope. */
async function loadCatalogOrLastKnown(schema: string | null, table: string | null, detail: boolean): Promise<MaybeLastKnown<Catalog>> {
  const read = await readCatalog(schema, table, detail);
  if (read.ok) return read.catalog;
  const known = read.unreachable ? await lastKnownForPage(catalogKey({ schema, table, detail })) : null;
  if (!known) throw read.error;
  return { ...known.value, lastKnown: { readAt: known.readAt } };
}

export type SchemaOverview = {
  catalog: Catalog;
  provenance: Provenance;
  exposed: ExposedSchemas;
  findings: AdvisorFinding[];
  tables: TableSummary[];
  modules: string[];
  report: StatusReport;
  /** Set when this is the last known state (the project cannot be reached): the oldest read. */
  lastKnown?: LastKnown;
};

/** The project's exposed schemas: its database's setting, the environment, or its own config.toml. */
export function projectExposedSchemas(catalog: Pick<Catalog, 'exposedSchemasSetting'> | null): ExposedSchemas {
  return resolveExposedSchemas(catalog, processEnvironment(), projectConfigPath(migrationsDirPath(readMigrationsConfig())));
}

/** Everything /schema shows: the catalog, where each table came from, and the live findings. */
export const loadSchemaOverview = cache(async (): Promise<SchemaOverview> => {
  const [catalog, report] = await Promise.all([loadCatalogOrLastKnown(null, null, false), loadStatusReportOrLastKnown()]);
  const provenance = buildProvenance(appliedSources(report));
  const exposed = projectExposedSchemas(catalog);
  const findings = lintCatalog(catalog, { exposedSchemas: exposed.schemas });
  const tables = summarizeTables(catalog, provenance, findings, exposed.schemas);
  const modules = [...new Set(tables.flatMap((table) => (table.module ? [table.module] : [])))].sort();
  return { catalog, provenance, exposed, findings, tables, modules, report, lastKnown: oldestLastKnown(catalog.lastKnown, report.lastKnown) };
});

export type TableDetail = {
  table: CatalogTable;
  provenance: Provenance;
  findings: AdvisorFinding[];
  exposed: ExposedSchemas;
  lastKnown?: LastKnown;
};

/** One table with defaults and definitions (detail mode), its provenance and its findings. */
export async function loadTableDetail(schema: string, name: string): Promise<TableDetail | null> {
  const [catalog, report] = await Promise.all([loadCatalogOrLastKnown(schema, name, true), loadStatusReportOrLastKnown()]);
  const table = catalog.tables.find((candidate) => candidate.schema === schema && candidate.name === name);
  if (!table) return null;
  const exposed = projectExposedSchemas(catalog);
  const findings = lintCatalog({ ...catalog, tables: [table], views: [], functions: [] }, { exposedSchemas: exposed.schemas });
  return { table, provenance: buildProvenance(appliedSources(report)), findings, exposed, lastKnown: oldestLastKnown(catalog.lastKnown, report.lastKnown) };
}

/** Lints of the files not pushed yet, against the live catalog. */
export function pendingFindings(overview: SchemaOverview): { files: PendingFile[]; findings: AdvisorFinding[] } {
  const files: PendingFile[] = overview.report.rows.flatMap((row) =>
    (row.status === 'pending' || row.status === 'pending_out_of_order') && row.version && row.local?.statements
      ? [{ version: row.version, fileName: row.local.fileName, statements: row.local.statements }]
      : [],
  );
  return { files, findings: lintPendingFiles(files, { live: overview.catalog, exposedSchemas: overview.exposed.schemas }) };
}
