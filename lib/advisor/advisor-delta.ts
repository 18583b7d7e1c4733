/**
 * What a push would do to the advisor's findings: the live lints of a shadow built from the
 * migrations before the push, against the same shadow after the pending files, plus the lints of
 * the pending files themselves. For the push request page, before an admin approves.
 *
 * Nothing is cached between calls: each call boots (or clones) its own shadow.
 */
import { migrationsDirPath, readMigrationsConfig } from '@/lib/migrations/config';
import { readMigrationsFolder } from '@/lib/migrations/read-folder';
import { projectConfigPath, resolveExposedSchemas } from '@/lib/catalog/exposed-schemas';
import type { Catalog } from '@/lib/catalog/types';
import { Shadow, type BootstrapIssue, type ShadowFailure, type ShadowFile } from '@/lib/drift/shadow';
import { lintCatalog } from './live-lints';
import { lintPendingFiles } from './pending-lints';
import { sortFindings, type AdvisorFinding } from './types';
import { ensureSqlParser } from '@/lib/sql/parser';
import { processEnvironment } from '@/lib/env/environment';

/** A migration file as the status report and the push snapshot carry it (LocalMigration fits). */
export type DeltaFile = { version: string | null; fileName: string; statements: readonly string[] | null };

export type AdvisorDelta = {
  /** Live findings the push would introduce. */
  added: AdvisorFinding[];
  /** Live findings the push would resolve. */
  removed: AdvisorFinding[];
  /** Findings about the pending files' statements (drops, locks, NOT NULL…). */
  pending: AdvisorFinding[];
  /** Files the shadow could not run: base files (the "before" is then incomplete) or pending ones. */
  failures: (ShadowFailure & { pending: boolean })[];
  bootstrapIssues: BootstrapIssue[];
  durationMs: number;
};

export type AdvisorDeltaOptions = {
  /**
   * The migrations already applied, in push order. Default: every file of the migrations folder
   * (CONSOLE_MIGRATIONS_DIR) that is not among the pending files. Pass the applied files of the
   * status report when it is at hand.
   */
  baseFiles?: readonly DeltaFile[];
  /** The live catalog, for the pending-file lints; default: the shadow before the push. */
  live?: Catalog;
  exposedSchemas?: readonly string[];
  createShadow?: () => Promise<Shadow>;
};

export async function advisorDelta(pendingFiles: readonly DeltaFile[], options: AdvisorDeltaOptions = {}): Promise<AdvisorDelta> {
  const started = performance.now();
  const pendingVersions = new Set(pendingFiles.map((file) => file.version));
  if (!options.baseFiles) await ensureSqlParser();
  const base = options.baseFiles ?? defaultBaseFiles(pendingVersions);
  const shadow = await (options.createShadow ?? (() => Shadow.create()))();
  try {
    const baseResult = await shadow.applyFiles(toShadowFiles(base));
    const before = await shadow.readCatalog({ detail: true });
    const unreadable = pendingFiles.filter((file) => file.version === null || file.statements === null);
    const pendingResult = await shadow.applyFiles(toShadowFiles(pendingFiles));
    const after = await shadow.readCatalog({ detail: true });

    const exposedSchemas =
      options.exposedSchemas ??
      resolveExposedSchemas(options.live ?? before, processEnvironment(), projectConfigPath(migrationsDirPath(readMigrationsConfig()))).schemas;
    const beforeFindings = lintCatalog(before, { exposedSchemas });
    const afterFindings = lintCatalog(after, { exposedSchemas });
    const beforeKeys = new Set(beforeFindings.map((finding) => finding.key));
    const afterKeys = new Set(afterFindings.map((finding) => finding.key));
    const pending = lintPendingFiles(
      pendingFiles.flatMap((file) =>
        file.version !== null && file.statements !== null ? [{ version: file.version, fileName: file.fileName, statements: file.statements }] : [],
      ),
      { live: options.live ?? before, exposedSchemas },
    );
    return {
      added: sortFindings(afterFindings.filter((finding) => !beforeKeys.has(finding.key))),
      removed: sortFindings(beforeFindings.filter((finding) => !afterKeys.has(finding.key))),
      pending,
      failures: [
        ...baseResult.failures.map((failure) => ({ ...failure, pending: false })),
        ...pendingResult.failures.map((failure) => ({ ...failure, pending: true })),
        ...unreadable.map((file) => ({
          version: file.version ?? file.fileName,
          fileName: file.fileName,
          statementIndex: null,
          statement: null,
          message: 'the file cannot be read or has no valid version',
          missingExtension: null,
          pending: true,
        })),
      ],
      bootstrapIssues: shadow.bootstrapIssues,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    await shadow.close();
  }
}

function toShadowFiles(files: readonly DeltaFile[]): ShadowFile[] {
  return files.flatMap((file) =>
    file.version !== null && file.statements !== null ? [{ version: file.version, fileName: file.fileName, statements: file.statements }] : [],
  );
}

function defaultBaseFiles(pendingVersions: ReadonlySet<string | null>): DeltaFile[] {
  const config = readMigrationsConfig();
  const folder = readMigrationsFolder(migrationsDirPath(config), config);
  return folder.files.filter((file) => file.version !== null && !file.skipped && !pendingVersions.has(file.version));
}
