/**
 * Migration status: the local files and the remote history, side by side, every version
 * classified and explained. One pure function shared by the pages, `console status` and the
 * push engine, so that they can never disagree with each other (or with the CLI, whose rules are
 * followed here: versions compare as text, see order.ts).
 */
import { compareFileNames } from './file-name';
import { compareVersions } from './order';
import { DEFAULT_MIGRATIONS_DIR, DEFAULT_MODULES, SHARED_MODULE, fileRisks, formatBytes, moduleOf } from './read-folder';
import type { RiskCategory } from '@/lib/sql/review-file';
import {
  BLOCKING_STATUSES,
  type FindingSeverity,
  MIGRATION_STATUSES,
  type Finding,
  type LocalMigration,
  type MigrationRow,
  type MigrationStatus,
  type RemoteMigration,
  type StatusReport,
} from './types';

export type StatusOptions = {
  /** Known module names (CONSOLE_MODULES); `shared` is always added. */
  modules?: readonly string[];
  /** From the folder reading: why the folder could not be listed. */
  folderProblem?: string | null;
  /** From the folder reading: entries that are not migrations. */
  ignoredFiles?: readonly string[];
  /** How the folder is named in explanations (default `supabase/migrations`). */
  migrationsDir?: string;
};

/**
 * Classifies every version. `remote` is null when the project has no history table (nothing was
 * ever pushed); `local` comes from {@link readMigrationsFolder} (any order).
 */
export function computeStatus(local: readonly LocalMigration[], remote: readonly RemoteMigration[] | null, options: StatusOptions = {}): StatusReport {
  const knownModules = options.modules ?? DEFAULT_MODULES;
  const dir = options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR;

  const byVersion = new Map<string, LocalMigration[]>();
  const nameless: MigrationRow[] = [];
  for (const file of local) {
    if (file.version === null || file.skipped) {
      nameless.push(skippedRow(file, dir));
      continue;
    }
    const group = byVersion.get(file.version);
    if (group) group.push(file);
    else byVersion.set(file.version, [file]);
  }

  const remoteByVersion = new Map<string, RemoteMigration>();
  let newestRemote: RemoteMigration | null = null;
  for (const row of remote ?? []) {
    if (remoteByVersion.has(row.version)) continue;
    remoteByVersion.set(row.version, row);
    if (!newestRemote || compareVersions(row.version, newestRemote.version) > 0) newestRemote = row;
  }

  const versions = [...new Set([...byVersion.keys(), ...remoteByVersion.keys()])].sort(compareVersions);
  const skippedByVersion = new Map(local.filter((file) => file.skipped && file.version !== null).map((file) => [file.version ?? '', file]));
  const rows: MigrationRow[] = [];
  for (const version of versions) {
    const files = byVersion.get(version);
    const recorded = remoteByVersion.get(version) ?? null;
    if (!files) {
      rows.push(remoteOnlyRow(recorded as RemoteMigration, knownModules, dir, skippedByVersion.get(version) ?? null));
    } else if (files.length > 1) {
      rows.push(duplicateRow(version, files, recorded, dir));
    } else {
      rows.push(singleFileRow(files[0] as LocalMigration, recorded, newestRemote, dir));
    }
  }
  nameless.sort((a, b) => compareFileNames(a.key, b.key));
  rows.push(...nameless);

  const modules = moduleList(knownModules, rows);
  const counts = emptyCounts();
  const byModule: Record<string, Record<MigrationStatus, number>> = Object.fromEntries(modules.map((module) => [module, emptyCounts()]));
  for (const row of rows) {
    counts[row.status] += 1;
    (byModule[row.module] ??= emptyCounts())[row.status] += 1;
  }

  const notices: Finding[] = [];
  if (remote === null) notices.push(historyTableMissing());

  return {
    rows,
    historyTableExists: remote !== null,
    lastApplied: newestRemote ? { version: newestRemote.version, name: newestRemote.name, timestamp: versionTimestamp(newestRemote.version) } : null,
    counts,
    byModule,
    blocking: rows.some((row) => isBlocking(row.status) || row.findings.some((finding) => finding.severity === 'blocking')),
    folderProblem: options.folderProblem ?? null,
    modules,
    notices,
    ignoredFiles: [...(options.ignoredFiles ?? [])],
  };
}

export function isBlocking(status: MigrationStatus): boolean {
  return BLOCKING_STATUSES.includes(status);
}

/**
 * `20240101093000` → `2024-01-01T09:30:00Z`; null for versions that are not a real
 * `YYYYMMDDHHMMSS` timestamp (the CLI accepts any digits and records no apply time).
 */
export function versionTimestamp(version: string): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(version);
  if (!match) return null;
  const [, year, month, day, hour, minute, second] = match;
  const iso = `${year}-${month}-${day}T${hour}:${minute}:${second}Z`;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 19) !== iso.slice(0, 19) ? null : iso;
}

/** Findings that need only the file itself (used by `console inspect` and the rows below). */
export function fileFindings(file: LocalMigration, dir = DEFAULT_MIGRATIONS_DIR): Finding[] {
  const findings: Finding[] = [];
  if (file.version === null) findings.push(invalidNameFinding(file, dir));
  else if (file.skipped === 'legacy_init') findings.push(legacyInitFinding(file));
  if (file.unreadable) findings.push(unreadableFinding(file, null));
  else findings.push(...riskFindings(file));
  return findings;
}

function emptyCounts(): Record<MigrationStatus, number> {
  return Object.fromEntries(MIGRATION_STATUSES.map((status) => [status, 0])) as Record<MigrationStatus, number>;
}

function moduleList(known: readonly string[], rows: readonly MigrationRow[]): string[] {
  const seen = new Set(rows.map((row) => row.module));
  const extra = [...seen].filter((module) => module !== SHARED_MODULE && !known.includes(module)).sort();
  return [...known.filter((module) => module !== SHARED_MODULE), ...extra, SHARED_MODULE];
}

function row(
  key: string,
  version: string | null,
  name: string,
  module: string,
  status: MigrationStatus,
  local: LocalMigration | null,
  remote: RemoteMigration | null,
  findings: Finding[],
): MigrationRow {
  return { key, version, name, module, status, local, remote, findings };
}

function singleFileRow(file: LocalMigration, recorded: RemoteMigration | null, newestRemote: RemoteMigration | null, dir: string): MigrationRow {
  const version = file.version ?? '';
  const name = file.name ?? recorded?.name ?? '';
  const make = (status: MigrationStatus, findings: Finding[]) => row(version, version, name, file.module, status, file, recorded, findings);

  if (file.unreadable) return make('unreadable', [unreadableFinding(file, recorded)]);

  if (recorded) {
    const info = commentOnlyFinding(file);
    const extras = info ? [info] : [];
    const renamed = recorded.name !== null && recorded.name !== file.name ? [renamedFinding(file, recorded)] : [];
    if (recorded.statements === null) return make('applied', [unverifiableFinding(file), ...renamed, ...extras]);
    const difference = statementDifference(file.statements ?? [], recorded.statements);
    if (difference) return make('edited_after_apply', [editedFinding(file, recorded, difference), ...renamed]);
    return make('applied', [...renamed, ...extras]);
  }
  // What the file would do when it runs: only for files that have not run yet, so that applied
  // files are never parsed (their review is made when first asked for).
  const risks = riskFindings(file);
  if (newestRemote && compareVersions(version, newestRemote.version) < 0) {
    return make('pending_out_of_order', [outOfOrderFinding(file, newestRemote, dir), ...risks]);
  }
  return make('pending', [
    pendingFinding(
      file,
      risks.some((finding) => finding.severity === 'blocking'),
    ),
    ...risks,
  ]);
}

function remoteOnlyRow(recorded: RemoteMigration, modules: readonly string[], dir: string, skipped: LocalMigration | null): MigrationRow {
  // A remote row has no file to read a header from, but its first statement keeps the file's
  // leading comments, `-- module:` included.
  const moduleName = moduleOf(recorded.name, recorded.statements?.[0] ?? null, modules);
  const findings: Finding[] = [remoteOnlyFinding(recorded, dir)];
  if (skipped) findings.push(legacyInitFinding(skipped));
  return row(recorded.version, recorded.version, recorded.name ?? '', moduleName, 'remote_only', null, recorded, findings);
}

function duplicateRow(version: string, files: LocalMigration[], recorded: RemoteMigration | null, dir: string): MigrationRow {
  const sorted = [...files].sort((a, b) => compareFileNames(a.fileName, b.fileName));
  // The file that was applied (same name as the history row) is the one to keep.
  const applied = recorded ? (sorted.find((file) => file.name === recorded.name) ?? null) : null;
  const primary = applied ?? (sorted[0] as LocalMigration);
  const others = sorted.filter((file) => file !== primary);
  const result = row(version, version, primary.name ?? '', primary.module, 'duplicate_version', primary, recorded, [
    duplicateFinding(version, sorted, applied, recorded, dir),
  ]);
  result.duplicates = others;
  return result;
}

/** A file the CLI skips (bad name, legacy `_init`): it never runs, whatever else is wrong with it. */
function skippedRow(file: LocalMigration, dir: string): MigrationRow {
  return row(file.fileName, null, file.name ?? file.fileName, file.module, 'invalid_name', file, null, fileFindings(file, dir));
}

type Difference = { index: number; local: number; recorded: number; /** Every differing statement, from 0. */ changed: number[] };

function statementDifference(local: readonly string[], recorded: readonly string[]): Difference | null {
  const length = Math.max(local.length, recorded.length);
  const changed: number[] = [];
  for (let index = 0; index < length; index++) {
    if (local[index] !== recorded[index]) changed.push(index);
  }
  return changed.length === 0 ? null : { index: changed[0] as number, local: local.length, recorded: recorded.length, changed };
}

/** "statement 3", "statements 1 and 4", "statements 1, 2 and 5" (numbers from 1). */
function statementList(indexes: readonly number[]): string {
  const numbers = indexes.map((index) => String(index + 1));
  if (numbers.length === 1) return `statement ${numbers[0]}`;
  const shown = numbers.length > 12 ? [...numbers.slice(0, 11), `${numbers.length - 11} more`] : numbers;
  return `statements ${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

// ---- Findings: what happened, in plain words, and what to do next. ----

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** A shell word for a file name in a suggested command. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** A name for `supabase migration new`: the old name reduced to safe characters. */
function newMigrationName(name: string | null, fallback: string): string {
  const slug = (name ?? '')
    .toLowerCase()
    .replace(/\.sql$/i, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return slug || fallback;
}

function pendingFinding(file: LocalMigration, broken = false): Finding {
  if (broken) {
    return {
      code: 'pending',
      severity: 'info',
      title: 'Pending, and cannot be pushed until it is fixed',
      explanation: `${file.fileName} has not been applied to this database yet, and PostgreSQL cannot read it as it is (see the finding above). Neither the console nor the Supabase CLI can apply it.`,
      nextStep: 'Fix the file; the next push then runs it and records its version.',
    };
  }
  return {
    code: 'pending',
    severity: 'info',
    title: 'Pending: runs on the next push',
    explanation: `${file.fileName} has not been applied to this database yet. The next push runs its ${plural(file.statements?.length ?? 0, 'statement')} and records version ${file.version}.`,
    nextStep: 'Review it, then push it (request a push in the console, or run the Supabase CLI).',
    command: 'supabase db push',
  };
}

function outOfOrderFinding(file: LocalMigration, newest: RemoteMigration, dir: string): Finding {
  const name = newMigrationName(file.name, 'migration');
  return {
    code: 'pending_out_of_order',
    severity: 'warning',
    title: 'Pending, but older than the last applied migration',
    explanation:
      `${file.fileName} has not been applied, and its version ${file.version} is older than ${newest.version}, the newest version already applied ` +
      '(versions compare as text, as the Supabase CLI compares them). This usually happens when a branch with an older migration is merged after newer ones were pushed. ' +
      'The CLI refuses to push until you decide: "Found local migration files to be inserted before the last migration on remote database."',
    nextStep:
      `If this migration does not depend on running before ${newest.version}, push with --include-all: it then runs before the newer pending files. ` +
      `Otherwise give it a new version: create a file with \`supabase migration new ${name}\`, move the SQL there and delete ${dir}/${file.fileName}.`,
    command: 'supabase db push --include-all',
  };
}

function remoteOnlyFinding(recorded: RemoteMigration, dir: string): Finding {
  const label = recorded.name ? `${recorded.version}_${recorded.name}.sql` : `version ${recorded.version}`;
  return {
    code: 'remote_only',
    severity: 'blocking',
    title: 'Applied, but the file is missing here',
    explanation:
      `The database records ${label} as applied, but ${dir} has no file with version ${recorded.version}. ` +
      'The Supabase CLI refuses to push anything until the two agree: "Remote migration versions not found in local migrations directory."',
    nextStep:
      'First update your checkout (git pull): the file usually exists on another branch. If it is really gone, either recover it from the recorded statements ' +
      '(supabase migration fetch) or, if the migration was removed on purpose, mark the version reverted: that deletes only the history row, not what the migration created.',
    command: `supabase migration repair --status reverted ${recorded.version}`,
  };
}

function editedFinding(file: LocalMigration, recorded: RemoteMigration, difference: Difference): Finding {
  const local = file.statements ?? [];
  const where =
    recorded.statements?.length === 0
      ? `It was recorded with no statements at all (an empty file at the time, or a history row written by hand), and the file now has ${plural(local.length, 'statement')}.`
      : difference.local !== difference.recorded && difference.index >= Math.min(difference.local, difference.recorded)
        ? `The file now has ${plural(difference.local, 'statement')}; ${difference.recorded} were recorded when it was applied.`
        : (() => {
            // Only the statements both sides have can "differ"; extra ones are counted apart.
            const both = difference.changed.filter((index) => index < Math.min(difference.local, difference.recorded));
            const list = statementList(both);
            return (
              `${list.charAt(0).toUpperCase()}${list.slice(1)} of ${difference.local} ${both.length === 1 ? 'differs from the one' : 'differ from the ones'} recorded when it was applied` +
              (difference.local === difference.recorded ? '.' : ` (the file now has ${difference.local}, ${difference.recorded} were recorded).`)
            );
          })();
  const changed = local.slice(difference.index);
  const ifNotExists = changed.some((statement) => /\bif\s+not\s+exists\b/i.test(statement));
  const trap = ifNotExists
    ? ' Watch the IF NOT EXISTS trap: even running this file again would change nothing, because CREATE TABLE IF NOT EXISTS and CREATE INDEX IF NOT EXISTS skip objects that already exist, new columns included.'
    : '';
  return {
    code: 'edited_after_apply',
    severity: 'blocking',
    title: 'Changed after it was applied',
    explanation:
      `${file.fileName} was applied as version ${recorded.version}, and has been edited since. ${where} ` +
      `Edits to an applied migration never run again: the database still has what the recorded statements did.${trap}`,
    nextStep:
      'Restore the file to what was applied (from git, or with supabase migration fetch) and write a new migration with ALTER TABLE (or DROP and CREATE) for the change: ' +
      'edits to an applied migration never run again. Only if the change was already made in the database by other means, record the file as it is now with ' +
      `\`supabase migration repair --status applied ${recorded.version}\`.`,
    command: `supabase migration new ${newMigrationName(file.name, 'change')}_change`,
    changedStatements: difference.changed.map((index) => index + 1),
  };
}

function unverifiableFinding(file: LocalMigration): Finding {
  return {
    code: 'applied',
    severity: 'info',
    title: 'Applied; recorded without statements',
    explanation: `Version ${file.version} is in the history without the statements that ran (rows written by old CLI versions, or by hand), so the console cannot tell whether ${file.fileName} was edited since.`,
    nextStep: `Nothing is required. If you are sure the file is unchanged since it ran, record its statements so future edits are caught: supabase migration repair --status applied ${file.version}.`,
  };
}

function renamedFinding(file: LocalMigration, recorded: RemoteMigration): Finding {
  return {
    code: 'applied',
    severity: 'info',
    title: 'Renamed after it was applied',
    explanation: `The history records version ${recorded.version} as "${recorded.name ?? ''}", the file is now named "${file.name ?? ''}". The CLI matches versions only, so this is harmless.`,
    nextStep: 'Nothing is required; rename the file back if the old name was meant.',
  };
}

function duplicateFinding(version: string, files: LocalMigration[], applied: LocalMigration | null, recorded: RemoteMigration | null, dir: string): Finding {
  const names = files.map((file) => file.fileName);
  const toMove = files.filter((file) => file !== (applied ?? files[0]));
  const state = recorded
    ? `Version ${version} is applied${applied ? ` (as ${applied.fileName})` : recorded.name ? ` as "${recorded.name}", which matches neither file` : ''}; the other file can never be recorded.`
    : 'Neither is applied yet.';
  const first = toMove[0];
  return {
    code: 'duplicate_version',
    severity: 'blocking',
    title: `${files.length} files share version ${version}`,
    explanation:
      `${names.join(' and ')} have the same version. The history table keys on the version, so only one of them can ever be recorded: the Supabase CLI pushes both, ` +
      `and the second fails with: duplicate key value violates unique constraint "schema_migrations_pkey". ${state}`,
    nextStep:
      `Keep ${applied ? applied.fileName : names[0]} and give ${toMove.map((file) => file.fileName).join(', ')} a new version: create a file with supabase migration new, ` +
      `move the SQL there and delete the old file from ${dir}.`,
    ...(first ? { command: `supabase migration new ${newMigrationName(first.name, 'migration')}` } : {}),
  };
}

function invalidNameFinding(file: LocalMigration, dir: string): Finding {
  return {
    code: 'invalid_name',
    severity: 'blocking',
    title: 'File name the CLI skips',
    explanation: `"${file.fileName}" does not match <version>_<name>.sql (digits, an underscore, a name, lower-case .sql). The Supabase CLI skips it with only a warning, so its SQL never runs.`,
    nextStep:
      `Rename it to a timestamped name: create one with supabase migration new, move the SQL there and delete ${dir}/${file.fileName}. ` +
      'If it is not a migration, move it out of the migrations folder.',
    command: `supabase migration new ${newMigrationName(file.fileName, 'migration')}`,
  };
}

function legacyInitFinding(file: LocalMigration): Finding {
  return {
    code: 'skipped_legacy_init',
    severity: 'blocking',
    title: 'Skipped by the CLI: a legacy _init file',
    explanation:
      `${file.fileName} is the first entry of the folder and is named <timestamp>_init.sql with a timestamp before 2021-12-09. The Supabase CLI skips such a file ` +
      '(a rule kept for projects created by very old CLI versions), so its SQL never runs and its version is never recorded.',
    nextStep: `Replace "init" with a different name (e.g. git mv ${shellWord(file.fileName)} ${shellWord(file.fileName.replace(/_init\.sql$/, '_initial_schema.sql'))}).`,
  };
}

function unreadableFinding(file: LocalMigration, recorded: RemoteMigration | null): Finding {
  return { ...unreadableDescription(file, recorded), severity: recorded ? 'warning' : 'blocking' };
}

/** Pending: a push cannot review or run it (blocking). Applied: only the edit check is lost (warning). */
function unreadableDescription(file: LocalMigration, recorded: RemoteMigration | null): Finding {
  const applied = recorded ? ` Version ${recorded.version} is recorded as applied, but the console cannot compare the file with it.` : '';
  const detail = file.unreadableDetail ? ` (${file.unreadableDetail})` : '';
  switch (file.unreadable) {
    case 'not_utf8':
      return {
        code: 'unreadable',
        severity: 'warning',
        title: 'Not UTF-8 text',
        explanation: `${file.fileName} is not valid UTF-8. The Supabase CLI would replace the invalid bytes with U+FFFD (�) and push that, silently changing strings in your SQL.${applied}`,
        nextStep: 'Save the file as UTF-8 (most editors: "Save with encoding", or iconv -f <encoding> -t UTF-8).',
      };
    case 'too_large':
      return {
        code: 'unreadable',
        severity: 'warning',
        title: 'Too large to check',
        explanation: `${file.fileName} is ${formatBytes(file.sizeBytes)}${detail}; the console does not read files that large.${applied}`,
        nextStep: 'Split it into smaller migrations (a data load belongs in seed.sql or a COPY outside migrations), or raise CONSOLE_MAX_FILE_BYTES.',
      };
    case 'not_a_file':
      return {
        code: 'unreadable',
        severity: 'warning',
        title: 'Not a file',
        explanation: `${file.fileName} has a migration's name but is ${file.unreadableDetail ?? 'not a regular file'}. The Supabase CLI ignores folders and cannot push anything else.${applied}`,
        nextStep: 'Replace it with the SQL file it should be, or rename it so it no longer looks like a migration.',
      };
    default:
      return {
        code: 'unreadable',
        severity: 'warning',
        title: 'Cannot be read',
        explanation: `${file.fileName} could not be read${detail}.${applied}`,
        nextStep: 'Fix the file (permissions, a broken symbolic link) so that the console and the CLI can read it.',
      };
  }
}

const RISK_NEXT_STEP: Record<RiskCategory, string> = {
  broken: 'Fix the file so that PostgreSQL can read it (the place is given above); nothing can be pushed while it is broken.',
  no_transaction:
    'Move the statement into a migration file of its own if it is not already, and acknowledge when you request the push that the file runs statement by statement.',
  destructive: 'Make sure nothing still uses what it removes and that the data is backed up or no longer needed; the push request asks you to acknowledge it.',
  oddity: 'Nothing blocks a push; fix it before the file is applied, since an applied file can no longer change.',
};

const RISK_SEVERITY_OF: Record<RiskCategory, FindingSeverity> = { broken: 'blocking', no_transaction: 'warning', destructive: 'warning', oddity: 'warning' };

/** The file's risks (lib/sql/review-file.ts) as findings, with their place in the file. */
function riskFindings(file: LocalMigration): Finding[] {
  return fileRisks(file).map((risk) => {
    // file:line:column, as compilers print it, so editors and CI logs can jump to the place.
    const place = risk.line === null ? file.fileName : `${file.fileName}:${risk.line}:${risk.column ?? 1}`;
    // From 0, as the CLI counts ("At statement: 1") and as the statements list and the advisor number them.
    const statement = risk.statementIndex === null ? '' : ` (statement ${risk.statementIndex})`;
    return {
      code: risk.category,
      severity: RISK_SEVERITY_OF[risk.category],
      title: risk.title,
      explanation: `${place}${statement}: ${risk.message}`,
      nextStep: RISK_NEXT_STEP[risk.category],
      risk: { code: risk.code, statementIndex: risk.statementIndex, line: risk.line, column: risk.column },
      ...(risk.category === 'no_transaction' || risk.category === 'destructive' ? { acknowledge: risk.category } : {}),
    };
  });
}

function commentOnlyFinding(file: LocalMigration): Finding | null {
  const statements = file.statements;
  if (statements === null || statements.some((statement) => !isOnlyComments(statement))) return null;
  return {
    code: 'comment_only',
    severity: 'info',
    title: statements.length === 0 ? 'Empty file' : 'Comments only',
    explanation: `${file.fileName} contains no SQL to run. A push records version ${file.version} anyway, so SQL added later would never run.`,
    nextStep: 'Add the SQL before it is pushed, or delete the file if it is not needed.',
  };
}

/**
 * True for text made only of `--` lines, block comments (nested, as PostgreSQL reads them) and
 * whitespace. A scan, not a regex: it runs on the first statement of every file.
 */
function isOnlyComments(statement: string): boolean {
  let i = 0;
  const length = statement.length;
  while (i < length) {
    const code = statement.charCodeAt(i);
    if (code === 0x2d && statement.charCodeAt(i + 1) === 0x2d) {
      const end = statement.indexOf('\n', i);
      if (end < 0) return true;
      i = end + 1;
    } else if (code === 0x2f && statement.charCodeAt(i + 1) === 0x2a) {
      let depth = 1;
      i += 2;
      while (depth > 0) {
        const open = statement.indexOf('/*', i);
        const close = statement.indexOf('*/', i);
        if (close < 0) return true;
        if (open >= 0 && open < close) {
          depth += 1;
          i = open + 2;
        } else {
          depth -= 1;
          i = close + 2;
        }
      }
    } else if (code <= 0x20 || code === 0xa0 || code === 0xfeff || code === 0x3000) {
      i += 1;
    } else {
      return false;
    }
  }
  return true;
}

function historyTableMissing(): Finding {
  return {
    code: 'history_table_missing',
    severity: 'info',
    title: 'Nothing pushed yet',
    explanation:
      'This database has no supabase_migrations.schema_migrations table: no migration was ever pushed to it with the Supabase CLI or the console. Every file is pending.',
    nextStep: 'The first push creates the history table and records each file it applies.',
    command: 'supabase db push',
  };
}
