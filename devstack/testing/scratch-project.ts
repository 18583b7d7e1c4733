/**
 * A throwaway Supabase project for tests and benchmarks: its own database in a running dev-stack
 * PostgreSQL, a workdir with `supabase/migrations`, a private HOME, and the real Supabase CLI
 * 2.117.0 pointed at both. Lets suites push, repair and list for real without touching the shared
 * database's history. No Vitest imports, so the benchmark uses it too.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres, { type Sql } from 'postgres';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SUPABASE_CLI = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'supabase');

export type CliRun = { code: number | null; stdout: string; stderr: string; output: string; ms: number };

/**
 * Runs the real Supabase CLI with a private HOME (it writes ~/.supabase) and no telemetry or
 * update checks, so nothing outside this machine is contacted.
 */
export function runSupabaseCli(args: readonly string[], home: string, timeoutMs = 120_000): Promise<CliRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      SUPABASE_CLI,
      [...args],
      {
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, HOME: home, SUPABASE_TELEMETRY_DISABLED: '1', SUPABASE_NO_UPDATE_NOTIFIER: '1', DO_NOT_TRACK: '1' },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        const extra = error && code === null ? `\n${error.message}` : '';
        resolve({ code, stdout, stderr, output: `${stdout}${stderr}${extra}`, ms: performance.now() - started });
      },
    );
  });
}

/** The URL of another database on the same server; `cli` adds the `sslmode=disable` the CLI needs without TLS. */
export function databaseUrl(base: string, database: string, cli = false): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  if (cli) url.searchParams.set('sslmode', 'disable');
  return url.toString();
}

export type ScratchProject = {
  database: string;
  /** For postgres.js and the console. */
  url: string;
  /** For the Supabase CLI (`sslmode=disable`). */
  cliUrl: string;
  /** Superuser connection to the scratch database. */
  sql: Sql;
  workdir: string;
  migrationsDir: string;
  home: string;
  /** Writes files into the migrations folder (text is written byte for byte). */
  write(files: Record<string, string | Buffer>): void;
  remove(...fileNames: string[]): void;
  /** `supabase <args> --db-url <scratch> --workdir <workdir>`. */
  cli(...args: string[]): Promise<CliRun>;
  drop(): Promise<void>;
};

let counter = 0;

/**
 * Creates an empty database (as the superuser of `baseUrl`) and a workdir for it. `createOptions`
 * go after `create database <name>`, e.g. `template template0 locale_provider icu icu_locale 'en-US'`.
 */
export async function createScratchProject(baseUrl: string, label: string, createOptions = ''): Promise<ScratchProject> {
  counter += 1;
  const database = `scratch_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${process.pid}_${counter}`.slice(0, 63);
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${database}" with (force)`);
    await admin.unsafe(`create database "${database}" ${createOptions}`);
  } finally {
    await admin.end();
  }
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), `${label}-`));
  const migrationsDir = path.join(workdir, 'supabase', 'migrations');
  const home = path.join(workdir, 'home');
  fs.mkdirSync(migrationsDir, { recursive: true });
  fs.mkdirSync(home, { recursive: true });
  const url = databaseUrl(baseUrl, database);
  const cliUrl = databaseUrl(baseUrl, database, true);
  const sql = postgres(url, { max: 2, onnotice: () => {} });

  return {
    database,
    url,
    cliUrl,
    sql,
    workdir,
    migrationsDir,
    home,
    write(files) {
      for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(migrationsDir, name), content);
    },
    remove(...fileNames) {
      for (const name of fileNames) fs.rmSync(path.join(migrationsDir, name), { recursive: true, force: true });
    },
    cli(...args) {
      return runSupabaseCli([...args, '--db-url', cliUrl, '--workdir', workdir], home);
    },
    async drop() {
      await sql.end({ timeout: 2 });
      const cleanup = postgres(baseUrl, { max: 1, onnotice: () => {} });
      try {
        await cleanup.unsafe(`drop database if exists "${database}" with (force)`);
      } finally {
        await cleanup.end();
      }
      fs.rmSync(workdir, { recursive: true, force: true });
    },
  };
}

/** What `supabase db push --dry-run` said, from its output. */
export type DryRun = {
  /** Files it would push, in its order (` • <file>` lines). */
  wouldPush: string[];
  upToDate: boolean;
  /** "Found local migration files to be inserted before the last migration on remote database." */
  outOfOrder: string[];
  /** "Remote migration versions not found in local migrations directory." — the versions of its repair suggestion. */
  missingLocally: string[];
  /** Names from `Skipping migration <name>...` warnings. */
  skipped: string[];
};

export function parseDryRun(output: string): DryRun {
  const lines = output.split('\n');
  const wouldPush = lines.filter((line) => line.startsWith(' • ')).map((line) => line.slice(3).trim());
  const outOfOrder = output.includes('Found local migration files to be inserted before the last migration on remote database.')
    ? lines.filter((line) => /^supabase\/migrations\/\S+\.sql$/.test(line.trim())).map((line) => path.basename(line.trim()))
    : [];
  const repair = /supabase migration repair --status reverted ([0-9 ]+)/.exec(output);
  const missingLocally =
    output.includes('Remote migration versions not found in local migrations directory.') && repair?.[1] ? repair[1].trim().split(/\s+/) : [];
  const skipped = [...output.matchAll(/^Skipping migration (.+?)\.\.\. \(/gm)].map((match) => match[1] ?? '');
  return { wouldPush, upToDate: output.includes('Remote database is up to date.'), outOfOrder, missingLocally, skipped };
}

/** The rows of `supabase migration list`: `[local, remote]` versions, blank when absent. */
export function parseMigrationList(output: string): Array<{ local: string | null; remote: string | null }> {
  const rows: Array<{ local: string | null; remote: string | null }> = [];
  for (const line of output.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    if (cells.length !== 3 || !cells[0]?.startsWith('`')) continue;
    const value = (cell: string | undefined) => {
      const inner = (cell ?? '').replace(/^`|`$/g, '').trim();
      return inner === '' ? null : inner;
    };
    rows.push({ local: value(cells[0]), remote: value(cells[1]) });
  }
  return rows;
}
