import path from 'node:path';
import { DEFAULT_MAX_FILE_BYTES, DEFAULT_MIGRATIONS_DIR, parseModuleList } from './read-folder';
import { processEnvironment } from '@/lib/env/environment';

/**
 * The migration settings, shared by the pages and the command line. None of them is secret, so
 * they are read here rather than in lib/env/server.ts, which the command line cannot use (it
 * requires the API keys even when only `--db-url` is given).
 */
export type MigrationsConfig = {
  /** As configured (relative to the project root unless absolute), for messages. */
  dir: string;
  modules: string[];
  maxFileBytes: number;
};

export function readMigrationsConfig(env: Readonly<Record<string, string | undefined>> = processEnvironment()): MigrationsConfig {
  const limit = env.CONSOLE_MAX_FILE_BYTES?.trim();
  const maxFileBytes = limit ? Number(limit) : DEFAULT_MAX_FILE_BYTES;
  if (!Number.isSafeInteger(maxFileBytes) || maxFileBytes <= 0) {
    throw new Error(`CONSOLE_MAX_FILE_BYTES must be a positive number of bytes, not "${limit}".`);
  }
  return {
    dir: env.CONSOLE_MIGRATIONS_DIR?.trim() || DEFAULT_MIGRATIONS_DIR,
    modules: parseModuleList(env.CONSOLE_MODULES),
    maxFileBytes,
  };
}

/**
 * The folder as an absolute path; a relative setting is read from the directory the server runs
 * in (the project root under `next start` and `npm run dev`). The folder is data read at run time,
 * not part of the build: the comment keeps Turbopack from tracing the whole project for it.
 */
export function migrationsDirPath(config: Pick<MigrationsConfig, 'dir'>): string {
  return path.resolve(/* turbopackIgnore: true */ process.cwd(), config.dir);
}
