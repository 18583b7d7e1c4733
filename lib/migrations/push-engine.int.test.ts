/**
 * The push engine against real PostgreSQL: every push goes into a scratch database of its own (the
 * target), while requests, approvals, runs and steps live in the shared test database and are
 * made through real sessions, exactly as in production where both are one database.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { superuserSql, testStack } from '@/devstack/testing/clients';
import { parsePushDetail, type PushDetail } from './push-records';
import { splitStatements } from '@/lib/sql/split-statements';
import {
  act,
  cliDbUrl,
  createScratchDatabase,
  getPush,
  historyOf,
  lockHeld,
  migrationsFolder,
  requestAndApprove,
  requestPush,
  runSupabaseCli,
  signInPeople,
  type People,
  type ScratchDatabase,
} from '@/devstack/testing/push-fixtures';

vi.mock('server-only', () => ({}));

const { readPushPlan, runPushToEnd, startPushRun } = await import('./push-engine');
type PushEngineOptions = Parameters<typeof startPushRun>[0];

const admin = superuserSql();
let people: People;
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  people = await signInPeople();
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await admin.end();
});

async function scratch(label: string): Promise<ScratchDatabase> {
  const db = await createScratchDatabase(admin, label);
  cleanups.push(() => db.drop());
  return db;
}

function folder(files: Record<string, string>) {
  const made = migrationsFolder(files);
  cleanups.push(() => import('node:fs').then((fs) => fs.rmSync(made.root, { recursive: true, force: true })));
  return made;
}

function engine(requestId: string, db: ScratchDatabase, dir: string, extra: Partial<PushEngineOptions> = {}): PushEngineOptions {
  return {
    requestId,
    session: people.admin,
    actor: { userId: people.ids.admin },
    controlUrl: testStack().dbUrl,
    targetUrl: db.url,
    migrationsDir: dir,
    settings: { lockTimeout: '2s', statementTimeout: '1min' },
    ...extra,
  };
}

/** Plans against the scratch database, then the operator requests and the second admin approves. */
async function approved(db: ScratchDatabase, dir: string, options: Parameters<typeof requestAndApprove>[2] = {}): Promise<string> {
  const plan = await readPushPlan({ migrationsDir: dir, databaseUrl: db.url });
  expect(plan.blockers).toEqual([]);
  return requestAndApprove(people, plan, options);
}

async function detail(id: string): Promise<PushDetail> {
  const parsed = parsePushDetail(await getPush(people.admin, id));
  if (!parsed) throw new Error(`no push ${id}`);
  return parsed;
}

async function tableExists(db: ScratchDatabase, name: string): Promise<boolean> {
  const [row] = await db.sql<{ present: boolean }[]>`select to_regclass(${name}) is not null as present`;
  return row?.present ?? false;
}

const FILE_1 = '-- module: aloha\ncreate table public.one (id int primary key);\ninsert into public.one values (1);\n';
const FILE_3 = 'create table public.three (id int);\n';

describe('a push of three files', () => {
  it('applies them in order, records each as the CLI does, and the real CLI agrees', async () => {
    const db = await scratch('ok');
    const files = folder({
      '20250101000000_one.sql': FILE_1,
      '20250102000000_two.sql': 'create table public.two (id int references public.one (id));\n',
      '20250103000000_three.sql': FILE_3,
    });
    const id = await approved(db, files.dir);
    const events: string[] = [];
    const result = await runPushToEnd(engine(id, db, files.dir, { onProgress: (event) => events.push(event.type) }));
    expect(result).toMatchObject({ status: 'succeeded', filesApplied: 3, filesTotal: 3, failure: null });
    expect(events).toEqual(['started', 'file_started', 'file_succeeded', 'file_started', 'file_succeeded', 'file_started', 'file_succeeded', 'finished']);

    const history = await historyOf(db.sql);
    expect(history).toEqual([
      { version: '20250101000000', name: 'one', statements: splitStatements(FILE_1) },
      { version: '20250102000000', name: 'two', statements: ['create table public.two (id int references public.one (id))'] },
      { version: '20250103000000', name: 'three', statements: splitStatements(FILE_3) },
    ]);
    const shown = await detail(id);
    expect(shown.state).toBe('succeeded');
    expect(shown.runs[0]).toMatchObject({ status: 'succeeded', filesApplied: 3, engineActive: false });
    expect(shown.runs[0]?.steps.map((step) => step.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(await lockHeld(db.sql)).toBe(false);

    const audit = await admin<{ action: string; outcome: string }[]>`select action, outcome from console.audit_log where target = ${`push:${id}`} order by id`;
    expect(audit.map((row) => `${row.action}:${row.outcome}`)).toEqual([
      'push.request:ok',
      'push.approve:ok',
      'push.run:ok',
      'push.file:ok',
      'push.file:ok',
      'push.file:ok',
      'push.run_end:ok',
    ]);

    // Interop: the Supabase CLI reads the console's history as its own (two processes at once).
    const [list, push] = await Promise.all([
      runSupabaseCli(['migration', 'list', '--db-url', cliDbUrl(db)], files.root),
      runSupabaseCli(['db', 'push', '--db-url', cliDbUrl(db), '--yes'], files.root),
    ]);
    expect(list.code, list.output).toBe(0);
    for (const version of ['20250101000000', '20250102000000', '20250103000000']) {
      expect(list.output).toMatch(new RegExp(`${version}\\s*\`?\\s*\\|\\s*\`?${version}`));
    }
    expect(push.code, push.output).toBe(0);
    expect(push.output).toContain('Remote database is up to date.');
  });
});

describe('a failure in file 2 of 3', () => {
  it('keeps file 1, leaves nothing of file 2, does not try file 3, and locates the error', async () => {
    const db = await scratch('fail');
    const two = [
      '-- module: aloha',
      'create table public.two (id int);',
      '',
      'insert into public.two values (1);',
      'insert into public.nonexistent',
      '  values (1);',
      '',
    ].join('\n');
    const files = folder({ '20250101000000_one.sql': FILE_1, '20250102000000_two.sql': two, '20250103000000_three.sql': FILE_3 });
    const id = await approved(db, files.dir);
    const result = await runPushToEnd(engine(id, db, files.dir));
    if (!('status' in result)) throw new Error(`refused: ${result.message}`);
    expect(result.status).toBe('failed');
    expect(result.filesApplied).toBe(1);
    expect(result.failure?.kind).toBe('statement');
    expect(result.failure?.file).toMatchObject({
      fileName: '20250102000000_two.sql',
      statementIndex: 2,
      line: 5,
      column: 13,
      sqlstate: '42P01',
      message: 'relation "public.nonexistent" does not exist',
      partial: false,
    });
    expect(result.failure?.message).toContain('20250102000000_two.sql:5:13: statement 2: relation "public.nonexistent" does not exist (SQLSTATE 42P01)');

    expect((await historyOf(db.sql)).map((row) => row.version)).toEqual(['20250101000000']);
    expect(await tableExists(db, 'public.one')).toBe(true);
    expect(await tableExists(db, 'public.two')).toBe(false);
    expect(await tableExists(db, 'public.three')).toBe(false);

    const shown = await detail(id);
    expect(shown.state).toBe('failed');
    expect(shown.runs[0]?.steps.map((step) => step.status)).toEqual(['succeeded', 'failed', 'skipped']);
    expect(shown.runs[0]?.steps[1]).toMatchObject({
      statementIndex: 2,
      line: 5,
      column: 13,
      sqlstate: '42P01',
      message: 'relation "public.nonexistent" does not exist',
    });
    expect(await lockHeld(db.sql)).toBe(false);
  });
});

describe('a real transaction block per file', () => {
  const LOCKING = [
    'create table public.locked (id int);',
    'lock table public.locked in access exclusive mode;',
    "set local statement_timeout = '30s';",
    'insert into public.locked values (1);',
    '',
  ].join('\n');

  it('applies LOCK TABLE and SET LOCAL, which the Supabase CLI refuses (25P01)', async () => {
    const db = await scratch('lock');
    const files = folder({ '20250101000000_locking.sql': LOCKING });
    const plan = await readPushPlan({ migrationsDir: files.dir, databaseUrl: db.url });
    expect(plan.files[0]?.transactionIssues.map((issue) => issue.code)).toEqual(['needs_transaction_block', 'needs_transaction_block']);
    const other = await scratch('lockcli');
    // The CLI's attempt on a database of its own runs meanwhile: it is a slow process to start.
    const cliRun = runSupabaseCli(['db', 'push', '--db-url', cliDbUrl(other), '--yes'], files.root);
    const id = await requestAndApprove(people, plan);
    expect(await runPushToEnd(engine(id, db, files.dir))).toMatchObject({ status: 'succeeded', filesApplied: 1 });
    const [row] = await db.sql`select count(*)::int as n from public.locked`;
    expect(row?.n).toBe(1);

    const cli = await cliRun;
    expect(cli.code).not.toBe(0);
    expect(cli.output).toContain('25P01');
  });
});

describe('ten concurrent runs of one approved request', () => {
  it('apply it exactly once; the others hear push in progress or already ran', async () => {
    const db = await scratch('race');
    const files = folder({
      '20250101000000_one.sql': FILE_1,
      '20250102000000_slow.sql': 'create table public.slow (id int);\nselect pg_sleep(0.3);\n',
    });
    const id = await approved(db, files.dir);
    const results = await Promise.all(Array.from({ length: 10 }, () => runPushToEnd(engine(id, db, files.dir))));
    const succeeded = results.filter((result) => 'status' in result && result.status === 'succeeded');
    const refused = results.flatMap((result) => ('ok' in result && !result.ok ? [result.code] : []));
    expect(succeeded).toHaveLength(1);
    expect(refused).toHaveLength(9);
    expect(refused.every((code) => code === 'push_in_progress' || code === 'already_ran')).toBe(true);
    expect(refused).toContain('push_in_progress');

    const history = await historyOf(db.sql);
    expect(history.map((row) => row.version)).toEqual(['20250101000000', '20250102000000']);
    const [runs] = await admin<{ n: number }[]>`select count(*)::int as n from console.push_runs where request_id = ${id}`;
    expect(runs?.n).toBe(1);
    // Every refused attempt is on record, with its reason.
    const refusals = await admin<{ code: string }[]>`
      select details ->> 'code' as code from console.audit_log
      where target = ${`push:${id}`} and action = 'push.run' and outcome = 'refused'`;
    expect(refusals.map((row) => row.code).sort()).toEqual([...refused].sort());
    expect(await lockHeld(db.sql)).toBe(false);
  });
});

describe('a connection killed in the middle of a file', () => {
  it('leaves nothing of the file and no lock, fails the request, and a new request then succeeds', async () => {
    const db = await scratch('kill');
    // The sleep is a database setting, so the retry can run the very same file without it.
    await admin.unsafe(`alter database "${db.name}" set push_test.sleep = '30'`);
    const files = folder({
      '20250101000000_one.sql': FILE_1,
      '20250102000000_slow.sql': "create table public.slow (id int);\nselect pg_sleep(current_setting('push_test.sleep', true)::float8);\n",
    });
    const id = await approved(db, files.dir);
    const start = await startPushRun(engine(id, db, files.dir));
    if (!start.ok) throw new Error(`refused: ${start.message}`);

    let pid: number | undefined;
    for (let tries = 0; tries < 200 && pid === undefined; tries++) {
      const [row] = await admin<{ pid: number }[]>`
        select pid from pg_stat_activity
        where datname = ${db.name} and application_name = 'migration-console push' and query like 'select pg_sleep%'`;
      pid = row?.pid;
      if (pid === undefined) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(pid).toBeDefined();
    // Another process sees the progress: the page polls get_push exactly like this.
    let running = await detail(id);
    for (let tries = 0; tries < 100 && running.runs[0]?.steps[1]?.status !== 'running'; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      running = await detail(id);
    }
    expect(running.runs[0]).toMatchObject({ status: 'running', engineActive: true, filesApplied: 1 });
    expect(running.runs[0]?.steps.map((step) => step.status)).toEqual(['succeeded', 'running']);

    await admin`select pg_terminate_backend(${pid!})`;
    const result = await start.done;
    expect(result).toMatchObject({ status: 'failed', filesApplied: 1, failure: { kind: 'connection_lost' } });
    expect(result.failure?.file).toMatchObject({ fileName: '20250102000000_slow.sql', statementIndex: 1, line: 2, column: 1 });
    expect(result.failure?.message).toMatch(/connection to the database was lost/);

    expect(await tableExists(db, 'public.slow')).toBe(false);
    expect((await historyOf(db.sql)).map((row) => row.version)).toEqual(['20250101000000']);
    expect(await lockHeld(db.sql)).toBe(false);
    const shown = await detail(id);
    expect(shown.state).toBe('failed');
    expect(shown.runs[0]?.steps.map((step) => step.status)).toEqual(['succeeded', 'failed']);

    await admin.unsafe(`alter database "${db.name}" reset push_test.sleep`);
    const retry = await approved(db, files.dir);
    expect(await runPushToEnd(engine(retry, db, files.dir))).toMatchObject({ status: 'succeeded', filesApplied: 1 });
    expect((await historyOf(db.sql)).map((row) => row.version)).toEqual(['20250101000000', '20250102000000']);
  });

  it('ends a run left marked running by a vanished engine when the next run takes the lock', async () => {
    const db = await scratch('orphan');
    const files = folder({ '20250101000000_one.sql': FILE_1 });
    const orphan = await approved(db, files.dir);
    // An engine that claimed the run and then vanished (its process died before any file).
    const claimed = await act(people.admin, 'start_push_run', {
      p_id: orphan,
      p_target_database: db.name,
      p_backend_pid: 1,
      p_lock_timeout: '5s',
      p_statement_timeout: '1min',
    });
    expect(claimed.ok).toBe(true);
    expect((await detail(orphan)).runs[0]).toMatchObject({ status: 'running', engineActive: false });

    expect(await runPushToEnd(engine(orphan, db, files.dir))).toMatchObject({ ok: false, code: 'already_ran' });
    const shown = await detail(orphan);
    expect(shown.state).toBe('failed');
    expect(shown.runs[0]?.error?.kind).toBe('connection_lost');

    const next = await approved(db, files.dir);
    expect(await runPushToEnd(engine(next, db, files.dir))).toMatchObject({ status: 'succeeded' });
  });
});

describe('a stale approval', () => {
  it('is refused when a file was edited, a file was added, or the real CLI pushed meanwhile', async () => {
    const db = await scratch('stale');
    const files = folder({ '20250101000000_one.sql': FILE_1, '20250102000000_three.sql': FILE_3 });

    const edited = await approved(db, files.dir);
    files.write('20250102000000_three.sql', `${FILE_3}create index on public.three (id);\n`);
    const first = await runPushToEnd(engine(edited, db, files.dir));
    expect(first).toMatchObject({ ok: false, code: 'stale' });
    if ('reasons' in first) expect(first.reasons?.map((reason) => reason.code)).toEqual(['file_changed']);
    // Nothing ran: the request is still approved, the attempt is on record.
    const shown = await detail(edited);
    expect(shown.state).toBe('approved');
    expect(shown.runs[0]).toMatchObject({ status: 'refused', error: { kind: 'stale' } });
    expect(await historyOf(db.sql)).toEqual([]);
    await act(people.admin, 'cancel_push', { p_id: edited, p_reason: 'stale' });

    const added = await approved(db, files.dir);
    files.write('20250103000000_four.sql', 'select 4;\n');
    expect(await runPushToEnd(engine(added, db, files.dir))).toMatchObject({ ok: false, code: 'stale', reasons: [{ code: 'file_added' }] });
    files.remove('20250103000000_four.sql');
    await act(people.admin, 'cancel_push', { p_id: added, p_reason: 'stale' });

    const raced = await approved(db, files.dir);
    const cli = await runSupabaseCli(['db', 'push', '--db-url', cliDbUrl(db), '--yes'], files.root);
    expect(cli.code, cli.output).toBe(0);
    const refused = await runPushToEnd(engine(raced, db, files.dir));
    expect(refused).toMatchObject({ ok: false, code: 'stale' });
    if ('reasons' in refused) expect(refused.reasons?.map((reason) => reason.code)).toEqual(['file_not_pending', 'file_not_pending', 'history_changed']);
    expect((await historyOf(db.sql)).map((row) => row.version)).toEqual(['20250101000000', '20250102000000']);
    expect(await lockHeld(db.sql)).toBe(false);
  });
});

describe('files that cannot run in a transaction block', () => {
  it('need the acknowledgement, run unwrapped, and a failure is shown as partial', async () => {
    const db = await scratch('unwrapped');
    const files = folder({
      '20250101000000_index.sql': 'create table public.big (id int);\ncreate index concurrently big_id on public.big (id);\n',
    });
    const plan = await readPushPlan({ migrationsDir: files.dir, databaseUrl: db.url });
    expect(plan.needsNonTransactionalAck).toBe(true);
    await expect(requestPush(people.operator, plan)).rejects.toThrow(/cannot run in a transaction block/);
    const id = await requestAndApprove(people, plan, { acknowledgeNonTransactional: true });
    expect(await runPushToEnd(engine(id, db, files.dir))).toMatchObject({ status: 'succeeded' });
    const [index] = await db.sql<{ valid: boolean }[]>`select indisvalid as valid from pg_index where indexrelid = 'public.big_id'::regclass`;
    expect(index?.valid).toBe(true);
    expect((await detail(id)).runs[0]?.steps[0]?.mode).toBe('unwrapped');

    files.write(
      '20250102000000_broken.sql',
      'create table public.half (id int);\ncreate index concurrently half_id on public.half (id);\ninsert into public.nowhere values (1);\n',
    );
    const broken = await approved(db, files.dir, { acknowledgeNonTransactional: true });
    const result = await runPushToEnd(engine(broken, db, files.dir));
    expect(result).toMatchObject({ status: 'failed', failure: { file: { statementIndex: 2, partial: true, sqlstate: '42P01', line: 3 } } });
    // The CLI's way: what ran before the failure stays, the version is not recorded.
    expect(await tableExists(db, 'public.half')).toBe(true);
    expect((await historyOf(db.sql)).map((row) => row.version)).toEqual(['20250101000000']);
    expect((await detail(broken)).runs[0]?.steps[0]).toMatchObject({ status: 'failed', partial: true });
  });
});

describe('the database URL', () => {
  it('refuses a transaction-mode pooler before connecting', async () => {
    const files = folder({ '20250101000000_one.sql': FILE_1 });
    const result = await startPushRun({
      ...engine('00000000-0000-0000-0000-000000000000', { url: 'postgresql://postgres:x@127.0.0.1:6543/postgres' } as ScratchDatabase, files.dir),
    });
    expect(result).toMatchObject({ ok: false, code: 'pooler_url' });
  });
});
