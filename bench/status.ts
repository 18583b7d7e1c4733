/**
 * Migration status at scale: 2,000 migration files (4 realistic statements each) and 2,000 history
 * rows in a PostgreSQL 17 of its own (temporary folder, free port). Times, alternating, the whole
 * process `npm run console -- status --json --db-url … --dir …` against `supabase migration list
 * --db-url …` on the same folder, then the status computation alone inside this process.
 * Goals: whole process ≤ 0.5 × the CLI; in-process ≤ 50 ms.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { findFreePort } from '../devstack/ports';
import { resolveDataDir, startPostgres } from '../devstack/postgres';
import { PROJECT_ROOT, SUPABASE_CLI, databaseUrl } from '../devstack/testing/scratch-project';
import { HISTORY_SETUP_STATEMENTS, INSERT_HISTORY_ROW } from '../lib/migrations/history';
import { clearContentCache, readMigrationsFolder } from '../lib/migrations/read-folder';
import { splitStatements } from '../lib/sql/split-statements';
import { computeStatus } from '../lib/migrations/status';
import type { RemoteMigration } from '../lib/migrations/types';
import { median } from './stats';
import type { Benchmark } from './types';

const GOAL_RATIO = 0.5;
const GOAL_IN_PROCESS_MS = 50;
const MODULES = ['aloha', 'sync', 'insights', 'studio', 'console', 'shared'];

export type StatusBenchOptions = { files: number; runs: number; inProcessRuns: number };

export const statusBenchmark: Benchmark = {
  name: 'status',
  description: `migration status of 2,000 files vs supabase migration list (goals: ratio ≤ ${GOAL_RATIO}, in-process ≤ ${GOAL_IN_PROCESS_MS} ms)`,
  async run(args: string[]): Promise<{ ok: boolean }> {
    return runStatusBenchmark(parseOptions(args));
  },
};

function parseOptions(args: readonly string[]): StatusBenchOptions {
  const options: StatusBenchOptions = { files: 2000, runs: 7, inProcessRuns: 30 };
  for (const arg of args) {
    const match = /^--(files|runs|in-process-runs)=(\d+)$/.exec(arg);
    if (!match) continue;
    const value = Number(match[2]);
    if (match[1] === 'files') options.files = value;
    else if (match[1] === 'runs') options.runs = value;
    else options.inProcessRuns = value;
  }
  return options;
}

/** A migration as a module of the shared project would write it: a table, RLS, a policy, an index. */
function migrationSql(index: number, module: string): string {
  const table = `public.${module}_items_${index}`;
  return [
    `-- module: ${module}`,
    `-- ${module}: items of batch ${index}, owned by a user.`,
    `create table if not exists ${table} (`,
    '  id bigint generated always as identity primary key,',
    '  owner_id uuid not null,',
    "  title text not null default '' check (char_length(title) <= 200),",
    "  details jsonb not null default '{}'::jsonb,",
    '  created_at timestamptz not null default now()',
    ');',
    '',
    `alter table ${table} enable row level security;`,
    '',
    `create policy "owners manage their ${module} items ${index}" on ${table}`,
    '  for all to authenticated',
    '  using ((select auth.uid()) = owner_id)',
    '  with check ((select auth.uid()) = owner_id);',
    '',
    `create index if not exists ${module}_items_${index}_owner_idx on ${table} (owner_id, created_at desc);`,
    '',
  ].join('\n');
}

function version(index: number): string {
  // One migration an hour from 2025-01-01: valid, increasing UTC timestamps.
  return new Date(Date.UTC(2025, 0, 1) + index * 3_600_000).toISOString().replace(/\D/g, '').slice(0, 14);
}

type Timed = { ms: number; code: number | null };

function timeProcess(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Timed> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(command, args, { cwd: PROJECT_ROOT, env, maxBuffer: 256 * 1024 * 1024, timeout: 120_000 }, (error) => {
      resolve({ ms: performance.now() - started, code: error ? (typeof error.code === 'number' ? error.code : null) : 0 });
    });
  });
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

export async function runStatusBenchmark(options: StatusBenchOptions): Promise<{ ok: boolean }> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-bench-status-'));
  const workdir = path.join(stateDir, 'project');
  const migrationsDir = path.join(workdir, 'supabase', 'migrations');
  const home = path.join(stateDir, 'home');
  fs.mkdirSync(migrationsDir, { recursive: true });
  fs.mkdirSync(home);
  const pg = await startPostgres({ dataDir: resolveDataDir(path.join(stateDir, 'postgres')), port: await findFreePort(), password: 'postgres' });
  try {
    // The project: files on disk, and the history the CLI would have written for each of them.
    const rows: RemoteMigration[] = [];
    for (let index = 0; index < options.files; index++) {
      const module = MODULES[index % MODULES.length] ?? 'shared';
      const name = `${module}_items_${index}`;
      const text = migrationSql(index, module);
      fs.writeFileSync(path.join(migrationsDir, `${version(index)}_${name}.sql`), text);
      rows.push({ version: version(index), name, statements: splitStatements(text) });
    }
    const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
    try {
      await sql.begin(async (tx) => {
        for (const statement of HISTORY_SETUP_STATEMENTS) await tx.unsafe(statement);
        // The CLI's own insert, pipelined.
        await Promise.all(rows.map((row) => tx.unsafe(INSERT_HISTORY_ROW, [row.version, row.name, row.statements])));
      });
    } finally {
      await sql.end();
    }
    const statementCount = rows.reduce((sum, row) => sum + (row.statements?.length ?? 0), 0);
    console.log(`${options.files} files (${statementCount} statements) and ${rows.length} history rows in PostgreSQL 17 at ${new URL(pg.url).host}`);

    // A private HOME and no telemetry for the Supabase CLI; no connection settings for either side but --db-url.
    const variables: Record<string, string | undefined> = {
      ...process.env,
      HOME: home,
      SUPABASE_TELEMETRY_DISABLED: '1',
      SUPABASE_NO_UPDATE_NOTIFIER: '1',
      DO_NOT_TRACK: '1',
    };
    for (const name of ['SUPABASE_DB_URL', 'NEXT_PUBLIC_SUPABASE_URL', 'SUPABASE_SERVICE_ROLE_KEY', 'CONSOLE_MIGRATIONS_DIR']) delete variables[name];
    const env = variables as NodeJS.ProcessEnv;
    const consoleRun = () => timeProcess('npm', ['run', '--silent', 'console', '--', 'status', '--json', '--db-url', pg.url, '--dir', migrationsDir], env);
    const cliRun = () => timeProcess(SUPABASE_CLI, ['migration', 'list', '--db-url', databaseUrl(pg.url, 'postgres', true), '--workdir', workdir], env);

    // One untimed run each: builds the console's bundle if a source changed, warms the page cache.
    for (const warmup of [await consoleRun(), await cliRun()]) {
      if (warmup.code !== 0) throw new Error(`warm-up run exited ${warmup.code}`);
    }
    const consoleMs: number[] = [];
    const cliMs: number[] = [];
    for (let run = 0; run < options.runs; run++) {
      // Alternating, so that a busy moment of the machine hits both sides.
      for (const [times, next] of [
        [cliMs, cliRun],
        [consoleMs, consoleRun],
      ] as const) {
        const timed = await next();
        if (timed.code !== 0) throw new Error(`a timed run exited ${timed.code}`);
        times.push(timed.ms);
      }
    }

    // In-process: the folder reading and the classification alone, with the history in hand.
    clearContentCache();
    const first = performance.now();
    let folder = readMigrationsFolder(migrationsDir);
    let report = computeStatus(folder.files, rows, {});
    const firstMs = performance.now() - first;
    if (report.counts.applied !== options.files) throw new Error(`expected ${options.files} applied, got ${JSON.stringify(report.counts)}`);
    const cached: number[] = [];
    const uncached: number[] = [];
    for (let run = 0; run < options.inProcessRuns; run++) {
      for (const [times, clear] of [
        [cached, false],
        [uncached, true],
      ] as const) {
        if (clear) clearContentCache();
        const started = performance.now();
        folder = readMigrationsFolder(migrationsDir);
        report = computeStatus(folder.files, rows, {});
        times.push(performance.now() - started);
      }
    }

    const cliMedian = median(cliMs);
    const consoleMedian = median(consoleMs);
    const ratio = consoleMedian / cliMedian;
    const inProcess = median(cached);
    const ok = ratio <= GOAL_RATIO && inProcess <= GOAL_IN_PROCESS_MS;
    const mark = (pass: boolean) => (pass ? 'met' : 'MISSED');
    const table: Array<[string, string, string]> = [
      ['supabase migration list --db-url (CLI 2.117.0)', seconds(cliMedian), cliMs.map(seconds).join(', ')],
      ['npm run console -- status --json --db-url', seconds(consoleMedian), consoleMs.map(seconds).join(', ')],
      ['ratio console / CLI', ratio.toFixed(2), `goal ≤ ${GOAL_RATIO}: ${mark(ratio <= GOAL_RATIO)}`],
      [
        'in-process read folder + compute (median)',
        `${inProcess.toFixed(1)} ms`,
        `goal ≤ ${GOAL_IN_PROCESS_MS} ms: ${mark(inProcess <= GOAL_IN_PROCESS_MS)}; ${options.inProcessRuns} runs, statements cached by content`,
      ],
      ['in-process without the statements cache', `${median(uncached).toFixed(1)} ms`, `${options.inProcessRuns} runs, every file split again`],
      ['in-process first run of this process', `${firstMs.toFixed(1)} ms`, 'cold: nothing cached or optimised yet'],
    ];
    const widths = [Math.max(...table.map((row) => row[0].length)), Math.max(...table.map((row) => row[1].length))];
    console.log(`\nWhole process: median of ${options.runs} alternating runs each (after one warm-up run each).`);
    for (const [label, value, detail] of table) console.log(`  ${label.padEnd(widths[0] ?? 0)}  ${value.padStart(widths[1] ?? 0)}  ${detail}`);

    const resultsDir = path.join(PROJECT_ROOT, 'bench', 'results');
    fs.mkdirSync(resultsDir, { recursive: true });
    const result = {
      benchmark: 'status',
      at: new Date().toISOString(),
      files: options.files,
      historyRows: rows.length,
      cpus: os.availableParallelism(),
      cliMs,
      consoleMs,
      cliMedianMs: cliMedian,
      consoleMedianMs: consoleMedian,
      ratio,
      inProcessMedianMs: inProcess,
      inProcessUncachedMedianMs: median(uncached),
      inProcessFirstRunMs: firstMs,
      ok,
    };
    fs.writeFileSync(path.join(resultsDir, `status-${result.at.replace(/[:.]/g, '-')}.json`), `${JSON.stringify(result, null, 2)}\n`);
    return { ok };
  } finally {
    await pg.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
    if (pg.dataDir !== path.join(stateDir, 'postgres')) fs.rmSync(path.dirname(pg.dataDir), { recursive: true, force: true });
  }
}
