/**
 * Proves `splitStatements` against the real Supabase CLI: every corpus file is pushed alone
 * with `supabase db push` into its own scratch database, and the `statements` array the CLI
 * recorded must equal ours exactly. The files must therefore also execute on PostgreSQL.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitStatements } from './split-statements';

const corpusDir = fileURLToPath(new URL('./__fixtures__/split-corpus/', import.meta.url));
const cliBin = fileURLToPath(new URL('../../node_modules/.bin/supabase', import.meta.url));
const corpus = fs
  .readdirSync(corpusDir)
  .filter((file) => file.endsWith('.sql'))
  .sort();

const VERSION = '20240101000000';
const CLI_TIMEOUT_MS = 60_000;
// Each CLI run is a ~1 s process of its own; a few at a time keeps the suite short without
// starving a small machine.
const CLI_SLOTS = Math.max(1, Math.min(4, os.availableParallelism()));

type CliRun = { code: number | null; output: string };

function runCli(args: string[], home: string): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      cliBin,
      args,
      {
        timeout: CLI_TIMEOUT_MS,
        killSignal: 'SIGKILL',
        maxBuffer: 16 * 1024 * 1024,
        // A private HOME (the CLI writes ~/.supabase) and no telemetry or update checks:
        // nothing outside this machine is reachable from the tests.
        env: {
          ...process.env,
          HOME: home,
          SUPABASE_TELEMETRY_DISABLED: '1',
          SUPABASE_NO_UPDATE_NOTIFIER: '1',
          DO_NOT_TRACK: '1',
        },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, output: `${stdout}${stderr}${error && code === null ? `\n${error.message}` : ''}` });
      },
    );
  });
}

let freeSlots = CLI_SLOTS;
const waiting: Array<() => void> = [];

async function withCliSlot<T>(task: () => Promise<T>): Promise<T> {
  if (freeSlots === 0) await new Promise<void>((resolve) => waiting.push(resolve));
  else freeSlots -= 1;
  try {
    return await task();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else freeSlots += 1;
  }
}

function databaseUrl(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  // The CLI refuses a server without TLS unless told so explicitly.
  url.searchParams.set('sslmode', 'disable');
  return url.toString();
}

describe('splitStatements agrees with `supabase db push`', () => {
  const baseUrl = process.env.TEST_DATABASE_URL;
  if (!baseUrl) throw new Error('TEST_DATABASE_URL is not set; the integration global setup provides it.');
  const admin = postgres(baseUrl, { max: CLI_SLOTS, onnotice: () => {} });
  const scratchPrefix = `split_corpus_${process.pid}_`;
  let workRoot = '';

  beforeAll(() => {
    workRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'split-corpus-'));
  });

  afterAll(async () => {
    await admin.end();
    if (workRoot) fs.rmSync(workRoot, { recursive: true, force: true });
  });

  it('has a corpus to prove', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
  });

  it.concurrent.for(corpus)('%s', async (file, { expect }) => {
    const name = file.slice(0, -'.sql'.length);
    const database = `${scratchPrefix}${name.slice(0, 2)}`;
    const workdir = path.join(workRoot, name);
    const home = path.join(workdir, 'home');
    const migrations = path.join(workdir, 'supabase', 'migrations');
    fs.mkdirSync(migrations, { recursive: true });
    fs.mkdirSync(home, { recursive: true });
    // Copied byte for byte: BOMs, CRLF and odd spaces are the point of some fixtures.
    fs.copyFileSync(path.join(corpusDir, file), path.join(migrations, `${VERSION}_${name}.sql`));

    await admin.unsafe(`drop database if exists "${database}" with (force)`);
    await admin.unsafe(`create database "${database}"`);
    const scratch = postgres(databaseUrl(baseUrl, database), { max: 1, onnotice: () => {} });
    try {
      const run = await withCliSlot(() => runCli(['db', 'push', '--db-url', databaseUrl(baseUrl, database), '--workdir', workdir, '--yes'], home));
      expect(run.code, run.output).toBe(0);

      const rows = await scratch<{ version: string; name: string; statements: string[] }[]>`
        select version, name, statements from supabase_migrations.schema_migrations`;
      expect(rows).toHaveLength(1);
      expect(rows[0]?.version).toBe(VERSION);
      expect(rows[0]?.name).toBe(name);
      const text = fs.readFileSync(path.join(corpusDir, file), 'utf8');
      expect(splitStatements(text)).toEqual(rows[0]?.statements);
    } finally {
      await scratch.end();
      await admin.unsafe(`drop database if exists "${database}" with (force)`);
    }
  });
});
