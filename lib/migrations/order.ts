/**
 * The order in which the Supabase CLI (2.117.0) lists, compares and pushes migration files.
 *
 * Observed with the real CLI (see cli-interop.int.test.ts): it lists the folder in byte order (that
 * listing decides the legacy `_init` rule), then orders the migrations by version as text and only
 * then by whole file name. So `1_short.sql` goes before `10_a.sql` although `10_a.sql` sorts first
 * by bytes, `10_a.sql` goes before `9_a.sql` (text, not numbers), and `7_a.b.sql` before `7_a.sql`.
 * Versions are compared the same way against the history table: `9` is newer than `10`.
 */
import { compareFileNames, parseMigrationFileName } from './file-name';

/** Versions are ASCII digits, so plain string comparison is byte order, as the CLI compares them. */
export function compareVersions(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/** Two migration file names in the CLI's push order; names that do not parse sort last. */
export function compareMigrationFiles(a: string, b: string): number {
  const x = parseMigrationFileName(a);
  const y = parseMigrationFileName(b);
  if (x && y) return compareVersions(x.version, y.version) || compareFileNames(a, b);
  if (x || y) return x ? -1 : 1;
  return compareFileNames(a, b);
}
