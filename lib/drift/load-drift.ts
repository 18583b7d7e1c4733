import 'server-only';
import { directFromPostgres } from '@/lib/catalog/direct-postgres';
import { serverEnv } from '@/lib/env/server';
import { migrationsDirPath, readMigrationsConfig } from '@/lib/migrations/config';
import { readMigrationsFolder } from '@/lib/migrations/read-folder';
import { fetchRemoteHistoryFromDb } from '@/lib/migrations/remote-history';
import { checkDrift, type DriftReport } from './check-drift';
import { ensureSqlParser } from '@/lib/sql/parser';

export type DriftOutcome = { status: 'unavailable'; reason: string } | { status: 'failed'; reason: string } | { status: 'done'; report: DriftReport };

/**
 * Runs the drift check for the page, after `requireRole('operator')`: the live side over
 * SUPABASE_DB_URL (read only, in one transaction, so a session or transaction pooler both work),
 * the shadow in this process. Every run starts from nothing; no result is kept.
 */
export async function runDriftCheck(): Promise<DriftOutcome> {
  const env = serverEnv();
  if (!env.SUPABASE_DB_URL) {
    return {
      status: 'unavailable',
      reason:
        "The drift check needs a direct database connection: set SUPABASE_DB_URL on the console's server (the same connection string the Supabase CLI uses with --db-url).",
    };
  }
  const config = readMigrationsConfig();
  await ensureSqlParser();
  const folder = readMigrationsFolder(migrationsDirPath(config), config);
  if (folder.problem) return { status: 'failed', reason: folder.problem };
  const { default: postgres } = await import('postgres');
  const sql = postgres(env.SUPABASE_DB_URL, {
    max: 1,
    prepare: false,
    connect_timeout: 10,
    onnotice: () => {},
    connection: { application_name: 'migration-console drift' },
  });
  try {
    const history = await fetchRemoteHistoryFromDb(sql);
    return { status: 'done', report: await checkDrift({ files: folder.files, history, live: directFromPostgres(sql), migrationsDir: config.dir }) };
  } catch (error) {
    console.error('drift: the check failed', { error: error instanceof Error ? error.message : String(error) });
    return {
      status: 'failed',
      reason: 'The drift check could not finish: the database could not be read, or the shadow database failed to start. The server log has the details.',
    };
  } finally {
    await sql.end({ timeout: 2 }).catch(() => {});
  }
}
