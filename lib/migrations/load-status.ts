import 'server-only';
import path from 'node:path';
import { cache } from 'react';
import { ConsoleUnavailableError } from '@/lib/auth/viewer';
import { createAdminClient } from '@/lib/supabase/admin';
import { readMigrationsConfig } from './config';
import { readMigrationsFolderAsync, readMigrationText } from './read-folder';
import { RemoteHistoryError, fetchRemoteHistory } from './remote-history';
import { computeStatus } from './status';
import type { MigrationRow, StatusReport } from './types';

/**
 * Migration status for the pages. The caller has already passed `requireRole('operator')`: this
 * reads the folder (CONSOLE_MIGRATIONS_DIR, relative to the project root) and the history through
 * the service-role client, and returns only the report, never the client.
 */
export const loadStatusReport = cache(async (): Promise<StatusReport> => {
  const config = readMigrationsConfig();
  // The API round trip runs while the files are read.
  const [folder, history] = await Promise.all([
    readMigrationsFolderAsync(path.resolve(process.cwd(), config.dir), config),
    fetchRemoteHistory(createAdminClient()).catch((error: unknown): never => {
      console.error('migration status: reading the history failed', { error });
      const message = error instanceof RemoteHistoryError ? error.message : 'The migration history could not be read.';
      throw new ConsoleUnavailableError(message, { cause: error });
    }),
  ]);
  return computeStatus(folder.files, history.tableExists ? history.rows : null, {
    modules: config.modules,
    folderProblem: folder.problem,
    ignoredFiles: folder.ignored,
    migrationsDir: config.dir,
  });
});

export type MigrationDetail = {
  row: MigrationRow;
  /** The local file's text; null for a remote-only version or a file that cannot be read. */
  text: string | null;
  /** The texts of the other files of a duplicate version, by file name. */
  duplicateTexts: { fileName: string; text: string | null }[];
};

/** One row by its key (the version, or the file name of a file without one), with the file text. */
export async function loadMigrationDetail(key: string): Promise<MigrationDetail | null> {
  const report = await loadStatusReport();
  const row = report.rows.find((candidate) => candidate.key === key);
  if (!row) return null;
  const config = readMigrationsConfig();
  const dir = path.resolve(process.cwd(), config.dir);
  const textOf = (fileName: string) => readMigrationText(path.join(dir, fileName), config.maxFileBytes);
  return {
    row,
    text: row.local && !row.local.unreadable ? textOf(row.local.fileName) : null,
    duplicateTexts: (row.duplicates ?? []).map((file) => ({ fileName: file.fileName, text: file.unreadable ? null : textOf(file.fileName) })),
  };
}
