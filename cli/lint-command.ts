import 'server-only';
import path from 'node:path';
import { lintCatalog } from '@/lib/advisor/live-lints';
import { lintPendingFiles, type PendingFile } from '@/lib/advisor/pending-lints';
import { countByLevel, type AdvisorFinding } from '@/lib/advisor/types';
import { decodeCatalog } from '@/lib/catalog/decode-catalog';
import { directFromPostgres } from '@/lib/catalog/direct-postgres';
import { projectConfigPath, resolveExposedSchemas } from '@/lib/catalog/exposed-schemas';
import { readCatalogDirect } from '@/lib/catalog/read-catalog';
import type { Catalog } from '@/lib/catalog/types';
import { readMigrationsConfig } from '@/lib/migrations/config';
import { fileRisks, readMigrationsFolder } from '@/lib/migrations/read-folder';
import type { FileRisk } from '@/lib/sql/review-file';
import { lockImpact, type LockImpact } from '@/lib/advisor/lock-impact-report';
import { fetchRemoteHistory, fetchRemoteHistoryFromDb, type RemoteHistory } from '@/lib/migrations/remote-history';
import { CheckUsageError, parseCheckArgs, STDIO, type CheckEnv, type CheckIo } from './check-args';
import { ConnectionError, describeSource, resolveHistorySource, type HistorySource } from './connection';
import { processEnvironment } from '@/lib/env/environment';

/**
 * `npm run console -- lint [--json] [--db-url URL] [--dir PATH]`: the advisor for CI. Lints the live
 * project (the same catalog and lints as the Advisor page) and the migration files it has not
 * applied yet. Exit codes: 0 no error-level finding, 1 at least one, 2 usage or connection error.
 */
export const LINT_USAGE = `  npm run console -- lint [--json] [--db-url URL] [--dir PATH]
      The advisor: live lints of the project (RLS, policies, functions, views,
      indexes) and lints of the migration files not pushed yet (drops, NOT NULL,
      locks, renames, RLS on new tables, IF NOT EXISTS that would be skipped).
      Exit code 1 when a finding is an error, 2 on a usage or connection error.`;

/** What a pending file risks as PostgreSQL's parser reads it (broken, no transaction, destructive, oddities). */
export type LintFileRisk = FileRisk & { fileName: string; level: 'error' | 'warning' };

export type LintResult = {
  source: string;
  exposedSchemas: string[];
  pendingFiles: string[];
  /** Broken files are errors (nothing can be pushed); the other risks are warnings. */
  fileRisks: LintFileRisk[];
  /** The locks the pending files take on existing tables, with their sizes; heavy ones need an acknowledgement. */
  lockImpact: LockImpact[];
  live: AdvisorFinding[];
  pending: AdvisorFinding[];
  counts: ReturnType<typeof countByLevel>;
};

export async function runLintCommand(args: readonly string[], env: CheckEnv = processEnvironment(), io: CheckIo = STDIO): Promise<number> {
  let options;
  try {
    options = parseCheckArgs('lint', args);
  } catch (error) {
    io.err(`${(error as Error).message}\nRun npm run console -- lint --help for usage.\n`);
    return 2;
  }
  if (options.help) {
    io.out(`${LINT_USAGE}\n`);
    return 0;
  }
  try {
    const config = readMigrationsConfig(env);
    const dir = options.dir ? path.resolve(env.INIT_CWD || process.cwd(), options.dir) : path.resolve(config.dir);
    const source = resolveHistorySource(options.dbUrl, env);
    const { catalog, history } = await readLive(source);
    const folder = readMigrationsFolder(dir, config);
    if (folder.problem) throw new CheckUsageError(folder.problem);
    const applied = new Set(history.rows.map((row) => row.version));
    const pendingLocal = folder.files.filter((file) => file.version !== null && !file.skipped && file.statements !== null && !applied.has(file.version));
    const pendingFiles: PendingFile[] = pendingLocal.map((file) => ({
      version: file.version ?? '',
      fileName: file.fileName,
      statements: file.statements ?? [],
    }));
    const risks: LintFileRisk[] = pendingLocal.flatMap((file) =>
      fileRisks(file).map((risk) => ({ ...risk, fileName: file.fileName, level: risk.category === 'broken' ? ('error' as const) : ('warning' as const) })),
    );
    // The project's own config.toml, beside the folder being checked (not the console's).
    const exposed = resolveExposedSchemas(catalog, env, projectConfigPath(dir));
    const live = lintCatalog(catalog, { exposedSchemas: exposed.schemas });
    const pending = lintPendingFiles(pendingFiles, { live: catalog, exposedSchemas: exposed.schemas });
    const result: LintResult = {
      source: describeSource(source),
      exposedSchemas: exposed.schemas,
      pendingFiles: pendingFiles.map((file) => file.fileName),
      fileRisks: risks,
      lockImpact: lockImpact(pendingFiles, catalog),
      live,
      pending,
      counts: addRiskCounts(countByLevel([...live, ...pending]), risks),
    };
    io.out(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatLint(result));
    return result.counts.error > 0 ? 1 : 0;
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

async function readLive(source: HistorySource): Promise<{ catalog: Catalog; history: RemoteHistory }> {
  if (source.kind === 'database') {
    const { default: postgres } = await import('postgres');
    const sql = postgres(source.url, {
      max: 1,
      prepare: false,
      connect_timeout: 10,
      onnotice: () => {},
      connection: { application_name: 'migration-console lint' },
    });
    try {
      const history = await fetchRemoteHistoryFromDb(sql);
      return { catalog: await readCatalogDirect(directFromPostgres(sql)), history };
    } catch (error) {
      throw new ConnectionError(`Reading the catalog from ${describeSource(source)} failed: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    } finally {
      await sql.end({ timeout: 1 }).catch(() => {});
    }
  }
  const [{ createClient }, { default: WebSocket }] = await Promise.all([import('@supabase/supabase-js'), import('ws')]);
  const client = createClient(source.url, source.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as never },
  });
  const [history, { data, error }] = await Promise.all([
    fetchRemoteHistory(client),
    client.schema('console').rpc('catalog', { p_schema: null, p_table: null, p_detail: false }),
  ]);
  if (error)
    throw new ConnectionError(
      `Reading the catalog through the API at ${source.url} failed: ${error.message}${error.code === 'PGRST202' ? " (push the console's migrations first)" : ''}`,
    );
  return { catalog: decodeCatalog(data), history };
}

function addRiskCounts(counts: ReturnType<typeof countByLevel>, risks: readonly LintFileRisk[]): ReturnType<typeof countByLevel> {
  return {
    ...counts,
    error: counts.error + risks.filter((risk) => risk.level === 'error').length,
    warning: counts.warning + risks.filter((risk) => risk.level === 'warning').length,
  };
}

const LEVEL_WORD = { error: 'ERROR', warning: 'WARN ', info: 'INFO ' } as const;

export function formatFileRisks(risks: readonly LintFileRisk[]): string[] {
  return risks.flatMap((risk) => [
    `  ${LEVEL_WORD[risk.level]} ${risk.code}  ${risk.fileName}${risk.line ? `:${risk.line}:${risk.column ?? 1}` : ''}${risk.statementIndex === null ? '' : `  (statement ${risk.statementIndex})`}`,
    `        ${risk.message}`,
  ]);
}

export function formatFindings(findings: readonly AdvisorFinding[]): string[] {
  return findings.flatMap((finding) => [
    `  ${LEVEL_WORD[finding.level]} ${finding.lint}  ${finding.objectLabel}${finding.source ? `  (${finding.source.fileName}, statement ${finding.source.statementIndex})` : ''}`,
    `        ${finding.detail}`,
    `        Fix: ${finding.fix}`,
  ]);
}

export function formatLint(result: LintResult): string {
  const count = (findings: readonly AdvisorFinding[]) => {
    const counts = countByLevel(findings);
    return `${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.info} note${counts.info === 1 ? '' : 's'}`;
  };
  const lines = [
    `Advisor for ${result.source} (exposed schemas: ${result.exposedSchemas.join(', ')})`,
    '',
    `Live project: ${count(result.live)}`,
    ...formatFindings(result.live),
    '',
    result.pendingFiles.length ? `Pending files (${result.pendingFiles.length}): ${count(result.pending)}` : 'Pending files: none',
    ...formatFileRisks(result.fileRisks),
    ...result.lockImpact.map(
      (impact) => `  ${impact.heavy ? 'WARN ' : 'INFO '} lock_impact  ${impact.fileName}  (statement ${impact.statementIndex})\n        ${impact.message}`,
    ),
    ...formatFindings(result.pending),
    '',
  ];
  return `${lines.join('\n')}\n`;
}
