import 'server-only';
import path from 'node:path';
import { cache } from 'react';
import { ConsoleUnavailableError } from '@/lib/errors';
import { dataKey, lastKnownStore } from '@/lib/outage/last-known';
import { lastKnownForPage, type MaybeLastKnown } from '@/lib/outage/page-fallback';
import { projectUnreachable } from '@/lib/outage/unreachable';
import { createAdminClient } from '@/lib/supabase/admin';
import { migrationsDirPath, readMigrationsConfig, type MigrationsConfig } from './config';
import { readMigrationsFolderAsync, readMigrationText, type FolderReading } from './read-folder';
import { RemoteHistoryError, fetchRemoteHistory, type RemoteHistory } from './remote-history';
import { computeStatus } from './status';
import type { MigrationRow, StatusReport } from './types';

/** The last history read through the API, kept for outages (lib/outage/last-known.ts). */
const HISTORY = dataKey<RemoteHistory>('migration-history');

type HistoryRead = { ok: true; history: RemoteHistory } | { ok: false; error: ConsoleUnavailableError; unreachable: boolean };

/** The remote history through the service-role client, once per request; a failure is returned. */
const readHistory = cache(async (): Promise<HistoryRead> => {
  const client = createAdminClient();
  try {
    const history = await fetchRemoteHistory(client);
    lastKnownStore().remember(HISTORY, history);
    return { ok: true, history };
  } catch (error) {
    console.error('migration status: reading the history failed', { error });
    const message = error instanceof RemoteHistoryError ? error.message : 'The migration history could not be read.';
    const unreachable = error instanceof RemoteHistoryError && error.status !== null && projectUnreachable({ status: error.status, code: error.code });
    if (unreachable) lastKnownStore().unreachable();
    return { ok: false, error: new ConsoleUnavailableError(message, { cause: error }), unreachable };
  }
});

/** Reads the folder and the history side by side: the API round trip runs while the files are read. */
async function readBoth(): Promise<[FolderReading, HistoryRead, MigrationsConfig]> {
  const config = readMigrationsConfig();
  const [folder, history] = await Promise.all([readMigrationsFolderAsync(migrationsDirPath(config), { ...config, reuseUnchanged: true }), readHistory()]);
  return [folder, history, config];
}

function report(folder: FolderReading, history: RemoteHistory, config: MigrationsConfig): StatusReport {
  return computeStatus(folder.files, history.tableExists ? history.rows : null, {
    modules: config.modules,
    folderProblem: folder.problem,
    ignoredFiles: folder.ignored,
    migrationsDir: config.dir,
  });
}

/**
 * Migration status, live. The caller has already passed `requireRole('operator')`: this reads the
 * folder (CONSOLE_MIGRATIONS_DIR, relative to the project root) and the history through the
 * service-role client, and returns only the report, never the client. Pushes use this one.
 */
export const loadStatusReport = cache(async (): Promise<StatusReport> => {
  const [folder, read, config] = await readBoth();
  if (!read.ok) throw read.error;
  return report(folder, read.history, config);
});

/**
 * For pages that only show status: live, or while the project cannot be reached (and the viewer
 * is degraded) the local files against the last known history, marked with when it was read.
 */
export const loadStatusReportOrLastKnown = cache(async (): Promise<MaybeLastKnown<StatusReport>> => {
  const [folder, read, config] = await readBoth();
  if (read.ok) return report(folder, read.history, config);
  const known = read.unreachable ? await lastKnownForPage(HISTORY) : null;
  if (!known) throw read.error;
  return { ...report(folder, known.value, config), lastKnown: { readAt: known.readAt } };
});

export type MigrationDetail = {
  row: MigrationRow;
  /** The local file's text; null for a remote-only version or a file that cannot be read. */
  text: string | null;
  /** The texts of the other files of a duplicate version, by file name. */
  duplicateTexts: { fileName: string; text: string | null }[];
};

/** One row by its key (the version, or the file name of a file without one), with the file text. */
export async function loadMigrationDetail(key: string): Promise<MaybeLastKnown<MigrationDetail> | null> {
  const report = await loadStatusReportOrLastKnown();
  const row = report.rows.find((candidate) => candidate.key === key);
  if (!row) return null;
  const config = readMigrationsConfig();
  const dir = migrationsDirPath(config);
  const textOf = (fileName: string) => readMigrationText(path.join(dir, fileName), config.maxFileBytes);
  return {
    row,
    text: row.local && !row.local.unreadable ? textOf(row.local.fileName) : null,
    duplicateTexts: (row.duplicates ?? []).map((file) => ({ fileName: file.fileName, text: file.unreadable ? null : textOf(file.fileName) })),
    lastKnown: report.lastKnown,
  };
}
