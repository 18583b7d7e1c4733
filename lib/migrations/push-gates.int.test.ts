/**
 * The push gates hold in SQL as well as in the console: a request that holds a blocking finding,
 * lacks an acknowledgement, names an applied version or repeats an open request is refused by
 * `console.request_push` itself; a stale request cannot be approved or run; and a snapshot forged
 * to hide a broken file is still refused by the engine before anything runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { superuserSql, testStack } from '@/devstack/testing/clients';
import {
  act,
  createScratchDatabase,
  getPush,
  historyOf,
  migrationsFolder,
  requestPush,
  signInPeople,
  type People,
  type ScratchDatabase,
} from '@/devstack/testing/push-fixtures';
import { parsePushDetail } from './push-records';
import { requestPayload, type PushPlan } from './push-snapshot';

vi.mock('server-only', () => ({}));

const { readPushPlan, runPushToEnd } = await import('./push-engine');

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

async function project(
  label: string,
  files: Record<string, string>,
): Promise<{ db: ScratchDatabase; dir: string; write: (name: string, text: string) => void; plan: () => Promise<PushPlan> }> {
  const db = await createScratchDatabase(admin, label);
  const folder = migrationsFolder(files);
  cleanups.push(
    () => db.drop(),
    () => import('node:fs').then((fs) => fs.rmSync(folder.root, { recursive: true, force: true })),
  );
  return { db, dir: folder.dir, write: folder.write, plan: () => readPushPlan({ migrationsDir: folder.dir, databaseUrl: db.url }) };
}

function request(snapshot: Record<string, unknown>, options: { destructive?: boolean; nonTransactional?: boolean; heavyLock?: boolean } = {}) {
  return act(people.operator, 'request_push', {
    p_snapshot: snapshot,
    p_include_all: false,
    p_acknowledge_non_transactional: options.nonTransactional ?? false,
    p_acknowledge_destructive: options.destructive ?? false,
    p_acknowledge_heavy_lock: options.heavyLock ?? false,
    p_note: null,
  });
}

async function lastAudit(action: string): Promise<{ outcome: string; details: Record<string, unknown> }> {
  const [row] = await admin<{ outcome: string; details: Record<string, unknown> }[]>`
    select outcome, details from console.audit_log where action = ${action} order by id desc limit 1`;
  return row!;
}

const BROKEN = 'create table gate_ok (id int);\ncreate tabel gate_broken (id int);\n';

describe('a broken file', () => {
  it('cannot be requested: the console names the file, and so does the database', async () => {
    const { plan } = await project('broken', { '20250101000000_ok.sql': 'select 1;\n', '20250102000000_broken.sql': BROKEN });
    const current = await plan();
    expect(current.blockers).toEqual([
      expect.objectContaining({ code: 'broken', message: expect.stringContaining('20250102000000_broken.sql is broken at line 2, column 8') }),
    ]);

    // Sent as the console builds it: refused for the blockers.
    const refused = await request(requestPayload(current));
    expect(refused).toMatchObject({ ok: false, code: 'blocked', message: expect.stringContaining('20250102000000_broken.sql') });
    expect(await lastAudit('push.request')).toMatchObject({ outcome: 'refused', details: { code: 'blocked' } });

    // Forged without the blockers: the file's own blocking finding still refuses it.
    const forged = { ...requestPayload(current), blockers: [] };
    expect(await request(forged)).toMatchObject({
      ok: false,
      code: 'blocked',
      message: expect.stringContaining('20250102000000_broken.sql has a blocking finding'),
    });
  });

  it('forged away entirely, is refused by the engine before anything runs', async () => {
    const { db, dir, plan } = await project('forged', { '20250101000000_ok.sql': 'select 1;\n', '20250102000000_broken.sql': BROKEN });
    const payload = requestPayload(await plan()) as { files: { findings: unknown[] }[] };
    const hidden = { ...payload, blockers: [], files: payload.files.map((file) => ({ ...file, findings: [] })) };
    const made = await request(hidden);
    expect(made.ok).toBe(true);
    const id = (made as { id: string }).id;
    const approval = await act(people.approver, 'approve_push', { p_id: id, p_snapshot_hash: (made as { snapshot_hash: string }).snapshot_hash });
    expect(approval.ok).toBe(true);
    const run = await runPushToEnd({
      requestId: id,
      session: people.admin,
      actor: { userId: people.ids.admin },
      controlUrl: testStack().dbUrl,
      targetUrl: db.url,
      migrationsDir: dir,
      settings: { lockTimeout: '2s', statementTimeout: '1min' },
    });
    expect(run).toMatchObject({
      ok: false,
      code: 'stale',
      reasons: [expect.objectContaining({ code: 'blocked', message: expect.stringContaining('20250102000000_broken.sql is broken') })],
    });
    expect(await historyOf(db.sql)).toEqual([]);
    await act(people.admin, 'cancel_push', { p_id: id, p_reason: 'forged' });
  });
});

describe('every broken kind of the risk corpus', () => {
  it('is refused by the database with the file named', async () => {
    const corpusDir = fileURLToPath(new URL('../sql/__fixtures__/risk-corpus/', import.meta.url));
    const broken = fs
      .readdirSync(corpusDir)
      .filter((name) => name.startsWith('b') && name.endsWith('.sql'))
      .sort();
    expect(broken.length).toBeGreaterThanOrEqual(5);
    for (const [index, name] of broken.entries()) {
      const file = `${20250201000000 + index}_${name.slice(0, -4).replaceAll('-', '_')}.sql`;
      const { plan } = await project(`corpus_${index}`, { [file]: fs.readFileSync(path.join(corpusDir, name), 'utf8') });
      const current = await plan();
      expect(
        current.blockers.map((blocker) => blocker.code),
        name,
      ).toEqual(['broken']);
      const refused = await request(requestPayload(current));
      expect(refused, name).toMatchObject({ ok: false, code: 'blocked', message: expect.stringContaining(file) });
      expect(await request({ ...requestPayload(current), blockers: [] }), name).toMatchObject({
        ok: false,
        code: 'blocked',
        message: expect.stringContaining(file),
      });
    }
  });
});

describe('acknowledgements', () => {
  it('a destructive file needs its own, and the database checks the flag against the findings', async () => {
    const { plan } = await project('destructive', { '20250101000000_drop.sql': 'drop table if exists public.gate_old;\n' });
    const current = await plan();
    expect(current.needsDestructiveAck).toBe(true);
    expect(await request(requestPayload(current))).toMatchObject({
      ok: false,
      code: 'acknowledgement_required',
      message: expect.stringContaining('drop, empty or rewrite data'),
    });

    const payload = requestPayload(current) as { files: Record<string, unknown>[] };
    const unflagged = { ...payload, files: payload.files.map((file) => ({ ...file, destructive: false })) };
    expect(await request(unflagged, { destructive: true })).toMatchObject({
      ok: false,
      code: 'invalid_snapshot',
      message: expect.stringContaining('not marked destructive'),
    });

    const made = await request(requestPayload(current), { destructive: true });
    expect(made.ok).toBe(true);
    const shown = parsePushDetail(await getPush(people.admin, (made as { id: string }).id));
    expect(shown).toMatchObject({ acknowledgeDestructive: true, files: [{ destructive: true }] });
    await act(people.operator, 'cancel_push', { p_id: (made as { id: string }).id });
  });
});

describe('a heavy lock on a large table', () => {
  it('needs its own acknowledgement, judged by the database on the live table', async () => {
    await admin.unsafe(`
      create table public.gate_big (id int primary key, amount int);
      insert into public.gate_big select g, g % 7 from generate_series(1, 150000) g;
      analyze public.gate_big;`);
    try {
      const { plan } = await project('heavy', { '20250101000000_widen.sql': 'create index gate_big_amount_idx on public.gate_big (amount);\n' });
      const current = await plan();
      expect(current.files[0]?.locks).toEqual([{ schema: 'public', table: 'gate_big', mode: 'SHARE', rewrite: false, scan: true }]);
      expect(await request(requestPayload(current))).toMatchObject({
        ok: false,
        code: 'acknowledgement_required',
        message: expect.stringContaining('SHARE on public.gate_big (150000 rows)'),
      });
      const made = await request(requestPayload(current), { heavyLock: true });
      expect(made.ok).toBe(true);
      expect(parsePushDetail(await getPush(people.admin, (made as { id: string }).id))?.acknowledgeHeavyLock).toBe(true);
      await act(people.operator, 'cancel_push', { p_id: (made as { id: string }).id });
    } finally {
      await admin.unsafe('drop table if exists public.gate_big');
    }
  });
});

describe('what the database knows itself', () => {
  it('refuses a version already applied to it, and a second request for the same files', async () => {
    const { plan } = await project('dupe', { '20250101000000_one.sql': 'select 1;\n' });
    const current = await plan();
    // The console's own first migration is applied to this database.
    const payload = requestPayload(current) as { files: Record<string, unknown>[] };
    const [applied] = await admin<
      { version: string; name: string }[]
    >`select version, name from supabase_migrations.schema_migrations order by version limit 1`;
    const stale = {
      ...payload,
      files: [{ ...payload.files[0], version: applied!.version, name: applied!.name, file_name: `${applied!.version}_${applied!.name}.sql` }],
    };
    expect(await request(stale)).toMatchObject({ ok: false, code: 'not_pending', message: expect.stringContaining(applied!.version) });

    const first = await requestPush(people.operator, current);
    const second = await request(requestPayload(current));
    expect(second).toMatchObject({ ok: false, code: 'duplicate_request', message: expect.stringContaining(first.id) });
    await act(people.operator, 'cancel_push', { p_id: first.id });
    const again = await request(requestPayload(current));
    expect(again.ok).toBe(true);
    await act(people.operator, 'cancel_push', { p_id: (again as { id: string }).id });
  });
});

describe('a stale request', () => {
  it('marked stale (a new file after approval) has its own state, no approve or run, and SQL refuses both', async () => {
    const { write, plan } = await project('stale', { '20250101000000_one.sql': 'select 101;\n' });
    const made = await requestPush(people.operator, await plan());
    write('20250102000000_two.sql', 'select 2;\n');
    const reasons = [{ code: 'file_added', file_name: '20250102000000_two.sql', message: '20250102000000_two.sql became pending after the request.' }];
    expect(await act(people.operator, 'mark_push_stale', { p_id: made.id, p_reasons: reasons })).toMatchObject({ ok: true, state: 'stale' });

    const shown = parsePushDetail(await getPush(people.admin, made.id));
    expect(shown).toMatchObject({ state: 'stale', staleReasons: [{ code: 'file_added', fileName: '20250102000000_two.sql' }] });
    expect(shown?.viewer).toEqual({ canApprove: false, canReject: false, canCancel: false, canRun: false });
    expect(await act(people.approver, 'approve_push', { p_id: made.id, p_snapshot_hash: made.snapshotHash })).toMatchObject({
      ok: false,
      code: 'stale',
      message: expect.stringContaining('20250102000000_two.sql became pending'),
    });
    const run = await act(people.admin, 'start_push_run', {
      p_id: made.id,
      p_target_database: 'postgres',
      p_backend_pid: 1,
      p_lock_timeout: '1s',
      p_statement_timeout: '1min',
    });
    expect(run).toMatchObject({ ok: false, code: 'stale' });
    expect(await lastAudit('push.stale')).toMatchObject({ outcome: 'ok', details: { reasons } });
  });

  it('becomes stale by itself when the history moved before the approval', async () => {
    const { plan } = await project('history', { '20250101000000_one.sql': 'select 102;\n' });
    const made = await requestPush(people.operator, await plan());
    // Someone records a version in this database's history meanwhile (a push, a repair).
    await admin`insert into supabase_migrations.schema_migrations (version, name, statements) values ('19990101000000', 'meanwhile', '{}')`;
    try {
      expect(await act(people.approver, 'approve_push', { p_id: made.id, p_snapshot_hash: made.snapshotHash })).toMatchObject({
        ok: false,
        code: 'stale',
        message: expect.stringContaining('history of the database changed'),
      });
      expect(parsePushDetail(await getPush(people.admin, made.id))?.state).toBe('stale');
    } finally {
      await admin`delete from supabase_migrations.schema_migrations where version = '19990101000000'`;
    }
  });
});
