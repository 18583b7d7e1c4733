/**
 * Reads the migrations folder the way the Supabase CLI (2.117.0) lists it, without ever failing on
 * a bad file: every problem becomes data on the file (`unreadable`) or on the folder (`problem`).
 *
 * Pure file-system logic with no keys and no database: the pages, the command line, the tests and
 * the benchmark all call it. Reads are synchronous on purpose: ~2,000 small files read faster
 * one after another than through the thread pool, and nothing here waits on the network.
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { compareFileNames, isSkippedLegacyInit, parseMigrationFileName } from './file-name';
import { compareVersions } from './order';
import { sqlParserReady, SqlParserNotLoadedError, ensureSqlParser } from '@/lib/sql/parser';
import { ContentReview, fileNameRisks, type FileRisk } from '@/lib/sql/review-file';
import { splitStatements } from '@/lib/sql/split-statements';
import type { LocalMigration, UnreadableReason } from './types';

export const DEFAULT_MIGRATIONS_DIR = 'supabase/migrations';
export const DEFAULT_MODULES: readonly string[] = ['aloha', 'sync', 'insights', 'studio', 'console'];
export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;
/** The module of a migration that names none and whose name starts with no known module. */
export const SHARED_MODULE = 'shared';

export type ReadFolderOptions = {
  /** Known module names, lower case (CONSOLE_MODULES). */
  modules?: readonly string[];
  /** Files above this size are reported as `too_large` and not read. */
  maxFileBytes?: number;
  /**
   * For long-running servers: reuse a file's last reading while its inode, size, modification and
   * change times are the same (one stat instead of open, read and hash). See `readFileReusing`.
   */
  reuseUnchanged?: boolean;
};

export type FolderReading = {
  /** The folder as given, for messages. */
  dir: string;
  /** Candidate migrations in the CLI's order, then misnamed `.sql` files by name. */
  files: LocalMigration[];
  /** Entries that are not migrations at all (README.md, .gitkeep, subfolders): skipped like the CLI. */
  ignored: string[];
  /** Set when the folder itself cannot be listed; `files` is then empty. */
  problem: string | null;
};

export function readMigrationsFolder(dir: string, options: ReadFolderOptions = {}): FolderReading {
  const reader = folderReader(dir, options);
  for (;;) {
    const step = reader.next();
    if (step.done) return step.value;
  }
}

/**
 * The same reading, giving the event loop a turn every few dozen files, so that a history query
 * started just before (connection handshake, server work) proceeds while the files are read.
 */
export async function readMigrationsFolderAsync(dir: string, options: ReadFolderOptions = {}): Promise<FolderReading> {
  await ensureSqlParser();
  const reader = folderReader(dir, options);
  for (let count = 1; ; count++) {
    const step = reader.next();
    if (step.done) return step.value;
    if (count % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

const YIELD_EVERY = 32;

/** Reads the folder one entry per step; the steps are plain synchronous reads. */
function* folderReader(dir: string, options: ReadFolderOptions): Generator<void, FolderReading, void> {
  // Every file's statements go through PostgreSQL's parser; reading without it would skip the
  // checks that block broken files, so it is an error (entry points await ensureSqlParser()).
  if (!sqlParserReady()) throw new SqlParserNotLoadedError();
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    return { dir, files: [], ignored: [], problem: folderProblem(dir, error) };
  }
  // The CLI's `_init` rule looks at the first entry of the byte-sorted listing, folders included.
  entries.sort((a, b) => compareFileNames(a.name, b.name));

  const modules = options.modules ?? DEFAULT_MODULES;
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  // Plain concatenation: path.join per file shows up when reading thousands of them.
  const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
  const valid: LocalMigration[] = [];
  const misnamed: LocalMigration[] = [];
  const ignored: string[] = [];
  const seen = new Set<string>();
  const seenPaths = new Set<string>();

  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index] as fs.Dirent;
    const parsed = parseMigrationFileName(entry.name);
    const kind = entryKind(prefix, entry);
    if (kind.type === 'folder' || kind.type === 'other') {
      // The CLI ignores non-files silently; one that carries a migration's name is most likely
      // a mistake (an unpacked archive, a FIFO), so it is reported instead of vanishing.
      if (parsed) valid.push(unreadableFile(entry.name, parsed, modules, 0, 'not_a_file', kind.type === 'folder' ? 'a folder' : 'not a regular file'));
      else ignored.push(entry.name);
      continue;
    }
    if (!parsed && !looksLikeMigration(entry.name)) {
      ignored.push(entry.name);
      continue;
    }
    const file =
      kind.type === 'broken'
        ? unreadableFile(entry.name, parsed, modules, 0, 'unreadable', kind.detail)
        : options.reuseUnchanged
          ? readFileReusing(prefix + entry.name, entry.name, parsed, modules, maxBytes, seen, seenPaths)
          : readFile(prefix + entry.name, entry.name, parsed, modules, maxBytes, seen);
    if (parsed && isSkippedLegacyInit(entry.name, index)) file.skipped = 'legacy_init';
    (parsed ? valid : misnamed).push(file);
    yield;
  }
  pruneContentCache(seen);
  if (options.reuseUnchanged) for (const key of unchangedFiles.keys()) if (!seenPaths.has(key)) unchangedFiles.delete(key);
  // The CLI's push order: version as text, then the whole file name (see order.ts).
  valid.sort((a, b) => compareVersions(a.version ?? '', b.version ?? '') || compareFileNames(a.fileName, b.fileName));
  return { dir, files: [...valid, ...misnamed], ignored, problem: null };
}

/**
 * One file on its own, as `console inspect` shows it. `listingIndex` (its place in the sorted
 * folder listing) decides the legacy `_init` rule; without it the rule is not applied.
 */
export function readMigrationFile(filePath: string, options: ReadFolderOptions & { listingIndex?: number } = {}): LocalMigration {
  const fileName = path.basename(filePath);
  const parsed = parseMigrationFileName(fileName);
  const modules = options.modules ?? DEFAULT_MODULES;
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(filePath);
  } catch (error) {
    return unreadableFile(fileName, parsed, modules, 0, 'unreadable', errorDetail(error));
  }
  if (!stat.isFile()) return unreadableFile(fileName, parsed, modules, 0, 'not_a_file', stat.isDirectory() ? 'a folder' : 'not a regular file');
  const file = readFile(filePath, fileName, parsed, modules, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
  if (parsed && options.listingIndex !== undefined && isSkippedLegacyInit(fileName, options.listingIndex)) file.skipped = 'legacy_init';
  return file;
}

/** Reads a file's text for display, with the same limits as the folder reading; null when it cannot. */
export function readMigrationText(filePath: string, maxFileBytes = DEFAULT_MAX_FILE_BYTES): string | null {
  const read = readBytes(filePath, maxFileBytes);
  if (!('bytes' in read) || !isUtf8(read.bytes)) return null;
  return read.bytes.toString('utf8');
}

/**
 * The module a migration belongs to: a `-- module: <name>` line among the file's leading
 * comments, else the first word of its name when that is a known module, else `shared`.
 */
export function moduleOf(name: string | null, text: string | null, modules: readonly string[]): string {
  const declared = text === null ? null : declaredModule(text);
  if (declared) return declared;
  const firstWord = (name ?? '').split('_', 1)[0]?.toLowerCase() ?? '';
  return firstWord && modules.includes(firstWord) ? firstWord : SHARED_MODULE;
}

/** `-- module: aloha` in the comment lines (and blank lines) before the first SQL line. */
export function declaredModule(text: string): string | null {
  // Leading comments are short; looking at the head keeps huge files cheap.
  const head = text.slice(0, 4096);
  let start = head.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start < head.length) {
    let end = head.indexOf('\n', start);
    if (end < 0) end = head.length;
    const line = head.slice(start, end).trim();
    start = end + 1;
    if (line === '') continue;
    if (!line.startsWith('--')) return null;
    const match = MODULE_HEADER.exec(line);
    if (match?.[1]) return match[1].toLowerCase();
  }
  return null;
}

const MODULE_HEADER = /^--\s*module\s*:\s*([A-Za-z0-9][A-Za-z0-9_-]*)/i;

/** Comma-separated module names (CONSOLE_MODULES), trimmed and lower-cased; `shared` is implied. */
export function parseModuleList(value: string | undefined): string[] {
  if (!value || !value.trim()) return [...DEFAULT_MODULES];
  const names = value
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '' && name !== SHARED_MODULE);
  return [...new Set(names)];
}

/**
 * Non-matching names that were probably meant as migrations, so a skip deserves a finding:
 * anything ending in `.sql` in any case (`init.sql`, `2024_x.SQL`). README.md or .gitkeep are not.
 */
function looksLikeMigration(fileName: string): boolean {
  return fileName.toLowerCase().endsWith('.sql');
}

type EntryKind = { type: 'file' } | { type: 'folder' } | { type: 'other' } | { type: 'broken'; detail: string };

/** What an entry is, following symbolic links; never opens it (a FIFO would block on open). */
function entryKind(prefix: string, entry: fs.Dirent): EntryKind {
  if (entry.isFile()) return { type: 'file' };
  if (entry.isDirectory()) return { type: 'folder' };
  if (!entry.isSymbolicLink()) return { type: 'other' };
  try {
    const target = fs.statSync(prefix + entry.name);
    if (target.isFile()) return { type: 'file' };
    return target.isDirectory() ? { type: 'folder' } : { type: 'other' };
  } catch (error) {
    return { type: 'broken', detail: errorDetail(error, 'a symbolic link to nothing') };
  }
}

type Bytes = { bytes: Buffer } | { tooLarge: number } | { error: string };

// One reusable buffer for the small files that make up almost every migrations folder: no
// allocation and no fstat per file. Safe because reading is synchronous; callers use the bytes
// before the next read.
const SCRATCH_BYTES = 256 * 1024;
let scratch: Buffer | undefined;

/**
 * The bytes of a file, or why not. The returned buffer may be the shared scratch buffer: use it
 * at once. A size check before reading the rest keeps a 20 MB file from being read at all.
 */
function readBytes(filePath: string, maxBytes: number): Bytes {
  let fd: number | undefined;
  try {
    fd = fs.openSync(filePath, 'r');
    let buffer = (scratch ??= Buffer.allocUnsafe(SCRATCH_BYTES));
    let filled = fs.readSync(fd, buffer, 0, buffer.length, 0);
    if (filled === buffer.length || filled > maxBytes) {
      const size = fs.fstatSync(fd).size;
      if (size > maxBytes) return { tooLarge: size };
      // Larger than the scratch buffer: read it whole into its own (size + 1 to see growth).
      const own = Buffer.allocUnsafe(Math.max(size, buffer.length) + 1);
      buffer.copy(own, 0, 0, filled);
      buffer = own;
      for (let read = 1; read > 0 && filled < buffer.length; filled += read) {
        read = fs.readSync(fd, buffer, filled, buffer.length - filled, filled);
      }
      if (filled > maxBytes) return { tooLarge: filled };
    }
    return { bytes: buffer.subarray(0, filled) };
  } catch (error) {
    return { error: errorDetail(error) };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function readFile(
  filePath: string,
  fileName: string,
  parsed: { version: string; name: string } | null,
  modules: readonly string[],
  maxBytes: number,
  seen?: Set<string>,
): LocalMigration {
  const read = readBytes(filePath, maxBytes);
  if ('error' in read) return unreadableFile(fileName, parsed, modules, 0, 'unreadable', read.error);
  if ('tooLarge' in read) {
    return unreadableFile(fileName, parsed, modules, read.tooLarge, 'too_large', `${formatBytes(read.tooLarge)}, above the limit of ${formatBytes(maxBytes)}`);
  }
  const { bytes } = read;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let content = contentCache.get(sha256);
  if (!content) {
    // Strict: the CLI would push invalid bytes as U+FFFD, silently changing the SQL.
    if (!isUtf8(bytes)) {
      return { ...unreadableFile(fileName, parsed, modules, bytes.length, 'not_utf8', 'the file is not valid UTF-8 text'), sha256 };
    }
    const text = bytes.toString('utf8');
    const statements = splitStatements(text);
    // Frozen: the arrays are shared by every reading of the same bytes.
    content = {
      statements: Object.freeze(statements) as string[],
      declaredModule: declaredModule(text),
      review: new ContentReview(text, statements),
    };
    contentCache.set(sha256, content);
  }
  seen?.add(sha256);
  return {
    fileName,
    version: parsed?.version ?? null,
    name: parsed?.name ?? null,
    module: content.declaredModule ?? moduleOf(parsed?.name ?? fileName, null, modules),
    sizeBytes: bytes.length,
    sha256,
    // Shared, frozen, with earlier readings of the same bytes.
    statements: parsed ? content.statements : null,
    ...(parsed ? { review: content.review } : {}),
  };
}

/**
 * The last reading of each file, with the stat it was read under (`reuseUnchanged`). Checking the
 * stat costs one system call; reading costs open, read, close and a SHA-256, which is most of a
 * page's folder reading on 2,000 files. A write always moves the change time, which no tool can
 * set back; but timestamps are coarse (a few milliseconds, seconds on some file systems), so a
 * file changed shortly before it was read is not reused: the next reading reads it again (git's
 * "racily clean" rule). Stat before read: a change in between is caught on the next reading.
 */
const unchangedFiles = new Map<string, { stamp: string; options: string; file: LocalMigration }>();
/** How recent a change must be for a reading not to be trusted later. */
const RACY_WINDOW_NS = 2_000_000_000n;

function readFileReusing(
  filePath: string,
  fileName: string,
  parsed: { version: string; name: string } | null,
  modules: readonly string[],
  maxBytes: number,
  seen: Set<string>,
  seenPaths: Set<string>,
): LocalMigration {
  seenPaths.add(filePath);
  let stat: fs.BigIntStats;
  try {
    stat = fs.statSync(filePath, { bigint: true });
  } catch {
    unchangedFiles.delete(filePath);
    return readFile(filePath, fileName, parsed, modules, maxBytes, seen);
  }
  const stamp = `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
  const readingOptions = `${maxBytes}:${modules.join(',')}`;
  const prior = unchangedFiles.get(filePath);
  if (prior && prior.stamp === stamp && prior.options === readingOptions) {
    if (prior.file.sha256) seen.add(prior.file.sha256);
    // A copy: the caller marks skipped files on the object it gets.
    return { ...prior.file };
  }
  const file = readFile(filePath, fileName, parsed, modules, maxBytes, seen);
  const readAtNs = BigInt(Date.now()) * 1_000_000n;
  if (stat.ctimeNs < readAtNs - RACY_WINDOW_NS) unchangedFiles.set(filePath, { stamp, options: readingOptions, file: { ...file } });
  else unchangedFiles.delete(filePath);
  return file;
}

/**
 * What a file's bytes mean, by their SHA-256: in a long-running server most files are unchanged
 * between two status reads, and splitting is the costliest step. Keyed by content, so it can never
 * be stale; pruned to the files of the last folder reading, so it never outgrows the folder.
 */
type Content = { statements: string[]; declaredModule: string | null; review: ContentReview };

const contentCache = new Map<string, Content>();

function pruneContentCache(seen: Set<string>): void {
  for (const key of contentCache.keys()) if (!seen.has(key)) contentCache.delete(key);
}

/** A file's risks: its content's (reviewed when first asked for) and its name's. */
export function fileRisks(file: LocalMigration): readonly FileRisk[] {
  if (file.risks) return file.risks;
  if (!file.review) return [];
  const named = fileNameRisks(file.fileName);
  const content = file.review.risks();
  return named.length === 0 ? content : [...content, ...named];
}

/** Forgets every cached split, so a benchmark can time the uncached path too. */
export function clearContentCache(): void {
  contentCache.clear();
}

function unreadableFile(
  fileName: string,
  parsed: { version: string; name: string } | null,
  modules: readonly string[],
  sizeBytes: number,
  reason: UnreadableReason,
  detail: string,
): LocalMigration {
  return {
    fileName,
    version: parsed?.version ?? null,
    name: parsed?.name ?? null,
    module: moduleOf(parsed?.name ?? fileName, null, modules),
    sizeBytes,
    sha256: null,
    statements: null,
    unreadable: reason,
    unreadableDetail: detail,
  };
}

function folderProblem(dir: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT')
    return `The migrations folder ${dir} does not exist. Set CONSOLE_MIGRATIONS_DIR (or --dir) to the folder that holds the project's migrations.`;
  if (code === 'ENOTDIR') return `${dir} is not a folder. Set CONSOLE_MIGRATIONS_DIR (or --dir) to the folder that holds the project's migrations.`;
  return `The migrations folder ${dir} cannot be read (${errorDetail(error)}).`;
}

function errorDetail(error: unknown, enoent?: string): string {
  const err = error as NodeJS.ErrnoException | undefined;
  if (enoent && err?.code === 'ENOENT') return enoent;
  if (err?.code) return `${err.code}: ${(err.message ?? '').replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '')}`;
  return error instanceof Error ? error.message : String(error);
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(bytes % 1024 === 0 ? 0 : 1)} KiB`;
  return `${bytes} B`;
}
