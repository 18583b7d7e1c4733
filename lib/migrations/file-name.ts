/**
 * Migration file names, exactly as the Supabase CLI (2.117.0) reads `supabase/migrations`.
 *
 * The CLI lists the folder sorted by UTF-8 bytes (that listing decides the legacy rule: a
 * `<14 digits>_init.sql` that is the very first entry is skipped), skips directories, and skips
 * (with a warning) every name that does not match the pattern below. It then pushes in another
 * order, by version compared as text and then by file name: see `order.ts`. Anything that
 * disagrees with it makes the console and `supabase migration list` show different histories.
 */

/**
 * The CLI's pattern. It runs as a JavaScript regex with the `u` flag, so `.` stops at
 * line terminators (`\n`, `\r`, U+2028, U+2029): a name containing one never matches.
 */
export const MIGRATION_FILE_PATTERN = /^([0-9]+)_(.*)\.sql$/u;

/** Versions below this make a first `<14 digits>_init.sql` a legacy file the CLI skips. */
export const LEGACY_INIT_CUTOFF = 20211209000000;

// Deliberately unanchored, like the CLI: a name merely containing `<14 digits>_init.sql` counts.
const LEGACY_INIT_PATTERN = /([0-9]{14})_init\.sql/;

export type MigrationFileName = { version: string; name: string };

/**
 * `20240101000000_create_users.sql` → `{ version: '20240101000000', name: 'create_users' }`;
 * `null` for names the CLI skips. The version is the digits before the first `_` and may have
 * any length (`1_a.sql` is valid); the name may be empty (`20240101000000_.sql`).
 */
export function parseMigrationFileName(fileName: string): MigrationFileName | null {
  const match = MIGRATION_FILE_PATTERN.exec(fileName);
  if (match === null) return null;
  return { version: match[1] ?? '', name: match[2] ?? '' };
}

/**
 * Whether `fileName` is a pre-2021-12-09 `<timestamp>_init.sql`. The CLI applies this only to
 * the entry at index 0 of the sorted listing (see {@link isSkippedLegacyInit}).
 */
export function isLegacyInitFileName(fileName: string): boolean {
  const match = LEGACY_INIT_PATTERN.exec(fileName);
  return match !== null && Number(match[1]) < LEGACY_INIT_CUTOFF;
}

/**
 * The CLI's `_init` skip rule. `listingIndex` is the position in the byte-sorted directory
 * listing *including subdirectories*: a subfolder sorted first shifts the init file to index 1,
 * and then the CLI applies it like any other migration.
 */
export function isSkippedLegacyInit(fileName: string, listingIndex: number): boolean {
  return listingIndex === 0 && isLegacyInitFileName(fileName);
}

/**
 * Byte order of the UTF-8 encodings, which is how the CLI sorts the folder (not numerically:
 * `10_a.sql` sorts before `9_a.sql`). Plain `<` on JS strings compares UTF-16 code units, which
 * puts U+E000–U+FFFF after astral characters, unlike UTF-8.
 */
export function compareFileNames(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Two non-surrogates: UTF-8 keeps code point order, so these units decide.
    if (!isSurrogate(x) && !isSurrogate(y)) return x < y ? -1 : 1;
    // Surrogates (pairs or lone ones, which encode as U+FFFD): compare the real bytes.
    return compareBytes(utf8.encode(a), utf8.encode(b));
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

const utf8 = new TextEncoder();

function isSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdfff;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}
