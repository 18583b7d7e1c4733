/**
 * Push at scale: 200 migration files × 4 statements (create table, index, insert, comment) into a
 * fresh scratch database each time, on a dev stack of its own (temporary folder, free ports).
 * Alternating, median of 3 runs each (after one untimed warm-up each):
 *   - the console's push engine in this process (`runPushToEnd`): the run alone, from start to
 *     done; the request (operator) and approval (second admin) through real sessions are set up
 *     before the clock starts, and an admin's session runs it;
 *   - the real Supabase CLI 2.117.0, `supabase db push --db-url … --yes`, whole process.
 * After every run the scratch database must hold 200 history rows, so the figures measure real work.
 * Goal: the whole `npm run console -- push` process ≤ 0.6× the whole `supabase db push` process
 * (like with like; the in-process engine is printed for information, it is not the same work).
 *
 * The whole process (`--no-command` leaves it out, and then the goal is not judged)
 * `npm run console -- push --request <id> --as admin@console.local`. That command always pushes
 * into SUPABASE_DB_URL, which is also the console's own database (requests, runs, steps), so it
 * cannot target a scratch database: its runs share a dev stack of their own instead (started once,
 * untimed, and reset between runs), whose database holds the console's schema and history, and
 * the folder holds the project's migrations (applied) plus the same 200 files (pending). The
 * command prints its own time for applying the files; the table shows it, so that the rest (npm,
 * Node, sign-in, reading and parsing the folder, lock and checks) can be read off.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { register } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import postgres from 'postgres';
import WebSocket from 'ws';
import { findFreePort } from '../devstack/ports';
import { startStack, type RunningStack } from '../devstack/stack';
import { PROJECT_ROOT, createScratchProject, type ScratchProject } from '../devstack/testing/scratch-project';
import { median } from './stats';
import type { Benchmark } from './types';

/** Whole process against whole process: `npm run console -- push` against `supabase db push`. */
const GOAL_RATIO = 0.6;
const DEMO_PASSWORD = process.env.CONSOLE_DEV_PASSWORD || 'console-dev-password';
const MODULES = ['aloha', 'sync', 'insights', 'studio', 'console', 'shared'];

export type PushBenchOptions = { files: number; runs: number; command: boolean };

export const pushBenchmark: Benchmark = {
  name: 'push',
  description: `push of 200 files (4 statements each): npm run console -- push vs supabase db push, whole processes (goal: ratio ≤ ${GOAL_RATIO.toFixed(1)})`,
  async run(args: string[]): Promise<{ ok: boolean }> {
    return runPushBenchmark(parseOptions(args));
  },
};

function parseOptions(args: readonly string[]): PushBenchOptions {
  const options: PushBenchOptions = { files: 200, runs: 3, command: !args.includes('--no-command') };
  for (const arg of args) {
    const match = /^--(files|runs)=(\d+)$/.exec(arg);
    if (!match) continue;
    if (match[1] === 'files') options.files = Number(match[2]);
    else options.runs = Number(match[2]);
  }
  return options;
}

/** A migration of the ordinary kind: a table, an index, a few rows, a comment. */
function migrationSql(index: number, module: string): string {
  const table = `public.${module}_items_${index}`;
  return [
    `-- module: ${module}`,
    `-- ${module}: items of batch ${index}.`,
    `create table ${table} (`,
    '  id bigint generated always as identity primary key,',
    '  owner_id uuid not null,',
    "  title text not null default '' check (char_length(title) <= 200),",
    "  details jsonb not null default '{}'::jsonb,",
    '  created_at timestamptz not null default now()',
    ');',
    '',
    `create index ${module}_items_${index}_owner_idx on ${table} (owner_id, created_at desc);`,
    '',
    `insert into ${table} (owner_id, title, details)`,
    `select gen_random_uuid(), 'item ' || g, jsonb_build_object('batch', ${index}, 'n', g)`,
    '  from generate_series(1, 20) as g;',
    '',
    `comment on table ${table} is 'Items of ${module}, batch ${index}: one row per item, owned by a user.';`,
    '',
  ].join('\n');
}

function migrationFiles(count: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let index = 0; index < count; index++) {
    const module = MODULES[index % MODULES.length] ?? 'shared';
    // One migration an hour from 2030-01-01: valid, increasing UTC timestamps, later than the
    // project's own migrations (which the command variant's folder also holds).
    const version = new Date(Date.UTC(2030, 0, 1) + index * 3_600_000).toISOString().replace(/\D/g, '').slice(0, 14);
    files[`${version}_${module}_items_${index}.sql`] = migrationSql(index, module);
  }
  return files;
}

/**
 * The push engine starts with `import 'server-only'`, which throws outside a react-server build.
 * Resolve it as Next.js's server build (and the console's CLI bundle) does, for this process only.
 */
let serverOnlyResolved = false;
function resolveServerOnlyAsServer(): void {
  if (serverOnlyResolved) return;
  serverOnlyResolved = true;
  const hook = `export async function resolve(specifier, context, next) {
    return next(specifier, specifier === 'server-only' ? { ...context, conditions: [...context.conditions, 'react-server'] } : context);
  }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
}

type Person = { client: SupabaseClient; userId: string };

async function signIn(stack: RunningStack, email: string): Promise<Person> {
  const client = createClient(stack.apiUrl, stack.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  });
  const { data, error } = await client.auth.signInWithPassword({ email, password: DEMO_PASSWORD });
  if (error || !data.user) throw new Error(`sign-in of ${email} failed: ${error?.message ?? 'no user'}`);
  return { client, userId: data.user.id };
}

async function act(
  client: SupabaseClient,
  fn: string,
  args: Record<string, unknown>,
): Promise<{ ok: boolean; id?: string; snapshot_hash?: string; message?: string }> {
  const { data, error } = await client.schema('console').rpc(fn, args);
  if (error) throw new Error(`${fn}: ${error.code} ${error.message}`);
  return data as { ok: boolean; id?: string; snapshot_hash?: string; message?: string };
}

async function historyRows(project: ScratchProject): Promise<number> {
  const [probe] = await project.sql<{ present: boolean }[]>`select to_regclass('supabase_migrations.schema_migrations') is not null as present`;
  if (!probe?.present) return 0;
  const [row] = await project.sql<{ count: number }[]>`select count(*)::int as count from supabase_migrations.schema_migrations`;
  return row?.count ?? 0;
}

type CommandStack = { stack: RunningStack; dir: string; folder: string };

/** Drops what the previous run created (its tables, its history rows), then vacuums the catalog. */
async function resetCommandTarget(dbUrl: string, fileNames: readonly string[]): Promise<void> {
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    const tables = await sql<{ name: string }[]>`select tablename as name from pg_tables where schemaname = 'public' and tablename ~ '_items_[0-9]+$'`;
    for (const { name } of tables) await sql`drop table ${sql('public')}.${sql(name)}`;
    const versions = fileNames.map((name) => name.slice(0, 14));
    const [probe] = await sql<{ present: boolean }[]>`select to_regclass('supabase_migrations.schema_migrations') is not null as present`;
    if (probe?.present) await sql`delete from supabase_migrations.schema_migrations where version = any(${versions})`;
    await sql.unsafe(
      'vacuum pg_catalog.pg_class, pg_catalog.pg_attribute, pg_catalog.pg_depend, pg_catalog.pg_type, pg_catalog.pg_index, pg_catalog.pg_constraint',
    );
  } finally {
    await sql.end({ timeout: 2 });
  }
}

async function stopCommandStack(own: CommandStack): Promise<void> {
  await own.stack.stop();
  fs.rmSync(own.dir, { recursive: true, force: true });
  if (own.stack.dataDir !== path.join(own.dir, 'postgres')) fs.rmSync(path.dirname(own.stack.dataDir), { recursive: true, force: true });
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

export async function runPushBenchmark(options: PushBenchOptions): Promise<{ ok: boolean }> {
  resolveServerOnlyAsServer();
  const { readPushPlan, runPushToEnd } = await import('../lib/migrations/push-engine');
  const { requestPayload } = await import('../lib/migrations/push-snapshot');
  const { parseModuleList } = await import('../lib/migrations/read-folder');

  /** Untimed, before each run: the plan must hold the files and nothing may block it; the operator requests, another admin approves. */
  const requestAndApprove = async (plan: Awaited<ReturnType<typeof readPushPlan>>, operator: Person, approver: Person): Promise<string> => {
    if (plan.blockers.length > 0) throw new Error(`the plan is blocked: ${plan.blockers.map((blocker) => blocker.message).join(' ')}`);
    if (plan.files.length !== options.files) throw new Error(`the plan lists ${plan.files.length} files, not ${options.files}`);
    const request = await act(operator.client, 'request_push', {
      p_snapshot: requestPayload(plan),
      p_include_all: false,
      p_acknowledge_non_transactional: false,
      p_acknowledge_destructive: false,
      p_acknowledge_heavy_lock: false,
      p_note: 'bench',
    });
    if (!request.ok || !request.id || !request.snapshot_hash) throw new Error(`request_push refused: ${request.message ?? 'no id'}`);
    const approval = await act(approver.client, 'approve_push', { p_id: request.id, p_snapshot_hash: request.snapshot_hash });
    if (!approval.ok) throw new Error(`approve_push refused: ${approval.message}`);
    return request.id;
  };

  const files = migrationFiles(options.files);
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-bench-push-'));
  console.log(
    `  starting a dev stack… (load average ${os
      .loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')} on ${os.availableParallelism()} CPUs)`,
  );
  const stack = await startStack({ stateDir, apiPort: await findFreePort(), dbPort: await findFreePort(), demoPassword: DEMO_PASSWORD });
  const signedIn: Person[] = [];
  let ownStack: CommandStack | null = null;
  try {
    const [admin, approver, operator] = await Promise.all([
      signIn(stack, 'admin@console.local'),
      signIn(stack, 'approver@console.local'),
      signIn(stack, 'operator@console.local'),
    ]);
    signedIn.push(admin, approver, operator);
    let label = 0;
    const commandApplyMs: number[] = [];

    /** A fresh database and project folder holding the files. */
    const freshProject = async (): Promise<ScratchProject> => {
      const project = await createScratchProject(stack.dbUrl, `bench_push_${++label}`);
      project.write(files);
      return project;
    };
    const verify = async (project: ScratchProject, what: string): Promise<void> => {
      const rows = await historyRows(project);
      if (rows !== options.files) throw new Error(`${what}: expected ${options.files} history rows in ${project.database}, found ${rows}`);
    };

    const consoleRun = async (): Promise<number> => {
      const project = await freshProject();
      try {
        // Untimed: plan against the fresh database, the operator requests, the second admin approves.
        const plan = await readPushPlan({ migrationsDir: project.migrationsDir, databaseUrl: project.url });
        const requestId = await requestAndApprove(plan, operator, approver);

        // Timed: the run, from start to done.
        const started = performance.now();
        const result = await runPushToEnd({
          requestId,
          session: admin.client,
          actor: { userId: admin.userId },
          controlUrl: stack.dbUrl,
          targetUrl: project.url,
          migrationsDir: project.migrationsDir,
        });
        const ms = performance.now() - started;
        if (!('status' in result)) throw new Error(`the run was refused: ${result.message}`);
        if (result.status !== 'succeeded' || result.filesApplied !== options.files)
          throw new Error(`the run ${result.status} after ${result.filesApplied} files: ${result.failure?.message}`);
        await verify(project, 'console push');
        return ms;
      } finally {
        await project.drop();
      }
    };

    const cliRun = async (): Promise<number> => {
      const project = await freshProject();
      try {
        const run = await project.cli('db', 'push', '--yes');
        if (run.code !== 0) throw new Error(`supabase db push exited ${run.code}:\n${run.output.slice(-2000)}`);
        await verify(project, 'supabase db push');
        return run.ms;
      } finally {
        await project.drop();
      }
    };

    /**
     * `npm run console -- push`, whole process, into a dev stack of its own: the command has no
     * target but SUPABASE_DB_URL. One stack for all its runs, so that its server is as warm as the
     * one the CLI pushes into (a freshly started cluster spent a third more on the same files: new
     * WAL segments, cold caches). Untimed: the reset of the previous run's tables and history
     * rows, the sign-ins, the request and approval.
     */
    const commandRun = async (): Promise<number> => {
      if (!ownStack) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-bench-push-command-'));
        const folder = path.join(dir, 'migrations');
        fs.cpSync(path.join(PROJECT_ROOT, 'supabase', 'migrations'), folder, { recursive: true });
        for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(folder, name), text);
        ownStack = {
          stack: await startStack({ stateDir: dir, apiPort: await findFreePort(), dbPort: await findFreePort(), demoPassword: DEMO_PASSWORD }),
          dir,
          folder,
        };
      }
      const { stack: own, folder } = ownStack;
      await resetCommandTarget(own.dbUrl, Object.keys(files));
      const people: Person[] = [];
      try {
        const [ownApprover, ownOperator] = await Promise.all([signIn(own, 'approver@console.local'), signIn(own, 'operator@console.local')]);
        people.push(ownApprover, ownOperator);
        const plan = await readPushPlan({ migrationsDir: folder, databaseUrl: own.dbUrl, modules: parseModuleList(undefined) });
        const requestId = await requestAndApprove(plan, ownOperator, ownApprover);

        const variables: Record<string, string | undefined> = { ...process.env, ...own.env, CONSOLE_PASSWORD: DEMO_PASSWORD };
        for (const name of ['CONSOLE_MIGRATIONS_DIR', 'CONSOLE_MODULES', 'CONSOLE_MAX_FILE_BYTES']) delete variables[name];
        const started = performance.now();
        const run = await new Promise<{ code: number | null; output: string }>((resolve) => {
          execFile(
            'npm',
            ['run', '--silent', 'console', '--', 'push', '--request', requestId, '--as', 'admin@console.local', '--dir', folder],
            { cwd: PROJECT_ROOT, env: variables as NodeJS.ProcessEnv, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 },
            (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, output: `${stdout}${stderr}` }),
          );
        });
        const ms = performance.now() - started;
        if (run.code !== 0) throw new Error(`npm run console -- push exited ${run.code}:\n${run.output.slice(-2000)}`);
        // The command's own figure for applying the files (from the run's start to its end).
        const applied = /Applied \d+ of \d+ files in ([\d.]+) s/.exec(run.output);
        if (applied) commandApplyMs.push(Number(applied[1]) * 1000);
        const check = postgres(own.dbUrl, { max: 1, onnotice: () => {} });
        try {
          const versions = plan.files.map((file) => file.version);
          const [row] = await check<
            { count: number }[]
          >`select count(*)::int as count from supabase_migrations.schema_migrations where version = any(${versions})`;
          if (row?.count !== options.files) throw new Error(`npm run console -- push: expected ${options.files} history rows, found ${row?.count}`);
        } finally {
          await check.end({ timeout: 2 });
        }
        return ms;
      } finally {
        await Promise.all(people.map((person) => person.client.auth.signOut({ scope: 'local' }).catch(() => {})));
      }
    };

    const statements = Object.values(files).reduce((sum, text) => sum + text.split(';\n').length - 1, 0);
    console.log(`  ${options.files} files (${statements} statements) per push, a fresh database each time`);
    // One untimed run each: loads the engine's modules and the CLI binary, warms the page cache.
    // The command's warm-up also builds its bundle if a source changed.
    await consoleRun();
    await cliRun();
    if (options.command) await commandRun();
    const consoleMs: number[] = [];
    const cliMs: number[] = [];
    const commandMs: number[] = [];
    commandApplyMs.length = 0; // the warm-up run's figure
    for (let run = 0; run < options.runs; run++) {
      // Alternating, so that a busy moment of the machine hits every side.
      cliMs.push(await cliRun());
      consoleMs.push(await consoleRun());
      if (options.command) commandMs.push(await commandRun());
    }

    const cliMedian = median(cliMs);
    const consoleMedian = median(consoleMs);
    const engineRatio = consoleMedian / cliMedian;
    const commandMedian = commandMs.length ? median(commandMs) : null;
    const ratio = commandMedian === null ? null : commandMedian / cliMedian;
    const ok = ratio !== null && ratio <= GOAL_RATIO;
    const range = (values: number[]) => `min ${seconds(Math.min(...values))}, max ${seconds(Math.max(...values))}; runs ${values.map(seconds).join(', ')}`;
    const table: Array<[string, string, string]> = [
      ['supabase db push --db-url (CLI 2.117.0, whole process)', seconds(cliMedian), range(cliMs)],
      ['console push engine, in-process (runPushToEnd)', seconds(consoleMedian), range(consoleMs)],
      ['ratio engine in-process / CLI whole process', engineRatio.toFixed(2), 'for information only: not the same work'],
    ];
    if (commandMedian !== null && ratio !== null) {
      table.push(
        ['npm run console -- push (whole process, own stack)', seconds(commandMedian), range(commandMs)],
        [
          "  of which applying the files (the command's own figure)",
          commandApplyMs.length ? seconds(median(commandApplyMs)) : 'n/a',
          'the rest: npm, Node, sign-in, folder reading and parsing, lock and checks',
        ],
        [
          'ratio console command / CLI, whole processes',
          ratio.toFixed(2),
          `goal ≤ ${GOAL_RATIO.toFixed(1)}: ${ok ? 'met' : 'MISSED'} (sign-in, process start and the console's own history included)`,
        ],
      );
    }
    const widths = [Math.max(...table.map((row) => row[0].length)), Math.max(...table.map((row) => row[1].length))];
    console.log(`\n  Median of ${options.runs} alternating runs each (after one warm-up run each); ${options.files} history rows verified after every run.`);
    for (const [name, value, detail] of table) console.log(`    ${name.padEnd(widths[0] ?? 0)}  ${value.padStart(widths[1] ?? 0)}  ${detail}`);
    if (commandMedian === null) console.log('    (npm run console -- push not timed: --no-command, so the goal is not judged)');
    console.log(
      ratio === null
        ? '  NOT JUDGED: the whole-process command was not timed'
        : `  ${ok ? 'PASS' : 'MISS'}: npm run console -- push ${ratio.toFixed(2)}× supabase db push (whole processes)`,
    );

    const resultsDir = path.join(PROJECT_ROOT, 'bench', 'results');
    fs.mkdirSync(resultsDir, { recursive: true });
    const at = new Date().toISOString();
    const result = {
      benchmark: 'push',
      at,
      files: options.files,
      statements,
      runs: options.runs,
      cpus: os.availableParallelism(),
      cliMs,
      consoleMs,
      commandMs,
      commandApplyMs,
      cliMedianMs: cliMedian,
      consoleMedianMs: consoleMedian,
      commandMedianMs: commandMedian,
      ratio,
      engineRatio,
      ok,
    };
    fs.writeFileSync(path.join(resultsDir, `push-${at.replace(/[:.]/g, '-')}.json`), `${JSON.stringify(result, null, 2)}\n`);
    return { ok };
  } finally {
    await Promise.all(signedIn.map((person) => person.client.auth.signOut({ scope: 'local' }).catch(() => {})));
    if (ownStack) await stopCommandStack(ownStack);
    await stack.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
    if (stack.dataDir !== path.join(stateDir, 'postgres')) fs.rmSync(path.dirname(stack.dataDir), { recursive: true, force: true });
  }
}
