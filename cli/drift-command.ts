import 'server-only';
import path from 'node:path';
import { directFromPostgres } from '@/lib/catalog/direct-postgres';
import type { DriftItem } from '@/lib/drift/attribute-causes';
import { checkDrift, type DriftReport } from '@/lib/drift/check-drift';
import { readMigrationsConfig } from '@/lib/migrations/config';
import { readMigrationsFolder } from '@/lib/migrations/read-folder';
import { fetchRemoteHistoryFromDb } from '@/lib/migrations/remote-history';
import { parseCheckArgs, STDIO, type CheckEnv, type CheckIo } from './check-args';
import { describeSource } from './connection';
import { processEnvironment } from '@/lib/env/environment';

/**
 * `npm run console -- drift [--json] [--db-url URL] [--dir PATH]`: the drift check for CI. Builds a
 * shadow database from the applied migrations and compares it with the live project, over a
 * direct connection (--db-url, else SUPABASE_DB_URL). Exit codes: 0 no drift, 1 drift, 2 usage or
 * connection error. Migrations the shadow cannot run are printed as warnings.
 */
export const DRIFT_USAGE = `  npm run console -- drift [--json] [--db-url URL] [--dir PATH]
      Applies the migrations the live history records to a throwaway shadow
      database and compares tables, columns, indexes, policies, RLS, grants,
      views and functions with the live project, naming the cause of each
      difference. Needs --db-url or SUPABASE_DB_URL. Exit code 1 on any drift,
      2 on a usage or connection error.`;

export async function runDriftCommand(args: readonly string[], env: CheckEnv = processEnvironment(), io: CheckIo = STDIO): Promise<number> {
  let options;
  try {
    options = parseCheckArgs('drift', args);
  } catch (error) {
    io.err(`${(error as Error).message}\nRun npm run console -- drift --help for usage.\n`);
    return 2;
  }
  if (options.help) {
    io.out(`${DRIFT_USAGE}\n`);
    return 0;
  }
  const url = options.dbUrl ?? env.SUPABASE_DB_URL?.trim() ?? '';
  if (!url) {
    io.err(
      'The drift check needs a direct database connection: pass --db-url postgresql://… or set SUPABASE_DB_URL (npm run stack prints it for the dev stack).\n',
    );
    return 2;
  }
  const config = readMigrationsConfig(env);
  const dir = options.dir ? path.resolve(env.INIT_CWD || process.cwd(), options.dir) : path.resolve(config.dir);
  const folder = readMigrationsFolder(dir, config);
  if (folder.problem) {
    io.err(`${folder.problem}\n`);
    return 2;
  }
  const { default: postgres } = await import('postgres');
  const sql = postgres(url, { max: 1, prepare: false, connect_timeout: 10, onnotice: () => {}, connection: { application_name: 'migration-console drift' } });
  let report: DriftReport;
  try {
    const history = await fetchRemoteHistoryFromDb(sql);
    report = await checkDrift({ files: folder.files, history, live: directFromPostgres(sql), migrationsDir: options.dir ?? config.dir, oneShot: true });
  } catch (error) {
    io.err(`The drift check against ${describeSource({ kind: 'database', url })} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
  for (const failure of report.shadow.failures) {
    io.err(
      `warning: ${failure.fileName}${failure.statementIndex !== null ? ` (statement ${failure.statementIndex})` : ''} cannot run in the shadow database: ${failure.missingExtension ? `extension ${failure.missingExtension} is not available there` : failure.message}. What it creates is not compared.\n`,
    );
  }
  io.out(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatDrift(report, describeSource({ kind: 'database', url })));
  return report.driftCount > 0 ? 1 : 0;
}

function objectText(item: DriftItem): string {
  const { type, schema, table, name } = item.object;
  if (type === 'table' || type === 'rls' || type === 'grants')
    return `${type === 'table' ? 'table' : type === 'rls' ? 'RLS of' : 'grants on'} ${schema}.${table ?? name}`;
  if (type === 'view' || type === 'function') return `${type} ${schema}.${name}`;
  return `${type} ${name} of ${schema}.${table}`;
}

export function formatDrift(report: DriftReport, source: string): string {
  const counted = report.items.filter((item) => item.counts);
  const lines = [
    `Drift check of ${source} in ${(report.shadow.durationMs / 1000).toFixed(1)} s: ${report.shadow.coverage.summary}`,
    ...(report.history.pendingVersions.length
      ? [`(${report.history.pendingVersions.length} pending file${report.history.pendingVersions.length === 1 ? '' : 's'} left out: not pushed yet)`]
      : []),
    ...(report.history.remoteOnlyVersions.length ? [`History rows without a local file: ${report.history.remoteOnlyVersions.join(', ')}`] : []),
    ...(report.shadow.adoptedDefaultPrivileges.length
      ? [`Replayed with the project's own default privileges (no migration sets them): ${report.shadow.adoptedDefaultPrivileges.join('; ')}`]
      : []),
    '',
    counted.length === 0 ? 'No drift: the live project is what its migrations declare.' : `${counted.length} difference${counted.length === 1 ? '' : 's'}:`,
  ];
  for (const item of counted) {
    lines.push(`  ${item.kind.replaceAll('_', ' ')}: ${objectText(item)}  [${item.cause.replaceAll('_', ' ')}]`);
    for (const difference of item.differences) lines.push(`        ${difference}`);
    lines.push(`        ${item.explanation}`, `        Fix: ${item.fix}`);
    if (item.fixSql) lines.push(...item.fixSql.split('\n').map((line) => `          ${line}`));
  }
  const unverified = report.items.length - counted.length;
  if (unverified)
    lines.push(
      '',
      `${unverified} difference${unverified === 1 ? '' : 's'} not counted: the shadow could not run the migration behind ${unverified === 1 ? 'it' : 'them'}.`,
    );
  return `${lines.join('\n')}\n`;
}
