/**
 * History repairs from the console: requested by one admin, approved by another, written by SQL
 * as `supabase migration repair` writes them, refused while a push runs, audited; afterwards the
 * real `supabase migration list` (CLI 2.117.0) shows the same history as the console.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { superuserSql, testStack } from '../../devstack/testing/clients';
import { act, signInPeople, type People } from '../../devstack/testing/push-fixtures';
import { PROJECT_ROOT, databaseUrl, parseMigrationList, runSupabaseCli } from '../../devstack/testing/scratch-project';
import { readMigrationsFolder } from '../../lib/migrations/read-folder';
import { computeStatus } from '../../lib/migrations/status';

const sql = superuserSql();
let people: People;
let workdir = '';
let migrationsDir = '';
const VERSION = '20991201000000';
const FILE = `${VERSION}_repaired_by_hand.sql`;
const LOCK_KEY = 7165066974256788328n;

beforeAll(async () => {
  people = await signInPeople();
  // The project's folder, plus one file whose SQL "already ran by other means".
  workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'repairs-'));
  migrationsDir = path.join(workdir, 'supabase', 'migrations');
  fs.cpSync(path.join(PROJECT_ROOT, 'supabase', 'migrations'), migrationsDir, { recursive: true });
  fs.writeFileSync(path.join(migrationsDir, FILE), '-- module: studio\ncreate table if not exists public.repaired_by_hand (id int);\n');
});

afterAll(async () => {
  await sql`delete from supabase_migrations.schema_migrations where version = ${VERSION}`;
  await sql.end();
  fs.rmSync(workdir, { recursive: true, force: true });
});

async function requestApplied(reason = 'Ran by hand during incident INC-42, recording it') {
  const file = readMigrationsFolder(migrationsDir).files.find((candidate) => candidate.version === VERSION)!;
  return act(people.admin, 'request_repair', {
    p_kind: 'applied',
    p_version: VERSION,
    p_name: file.name,
    p_statements: file.statements,
    p_file_name: file.fileName,
    p_file_sha256: file.sha256,
    p_reason: reason,
  });
}

async function history() {
  return sql<
    { version: string; name: string | null; statements: string[] | null }[]
  >`select version, name, statements from supabase_migrations.schema_migrations order by version`;
}

/** The CLI's list and the console's status of the same folder and database, side by side. */
async function bothLists() {
  const home = path.join(workdir, 'home');
  fs.mkdirSync(home, { recursive: true });
  const url = new URL(testStack().dbUrl);
  const list = await runSupabaseCli(['migration', 'list', '--db-url', databaseUrl(testStack().dbUrl, url.pathname.slice(1), true), '--workdir', workdir], home);
  expect(list.code, list.output).toBe(0);
  const report = computeStatus(readMigrationsFolder(migrationsDir).files, await history());
  return {
    cli: parseMigrationList(list.stdout),
    console: report.rows.map((row) => ({ local: row.local?.version ?? null, remote: row.remote?.version ?? null })),
    report,
  };
}

describe('a repair', () => {
  it('records a file as applied after a second admin approves, as the CLI would, and the CLI agrees', async () => {
    expect((await bothLists()).report.rows.find((row) => row.version === VERSION)?.status).toBe('pending');

    // Only admins, never the requester alone.
    expect(await act(people.operator, 'request_repair', { p_kind: 'applied', p_version: VERSION, p_reason: 'operator try' })).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    const made = await requestApplied();
    expect(made.ok).toBe(true);
    const id = (made as { id: string }).id;
    expect(await requestApplied()).toMatchObject({ ok: false, code: 'duplicate_request' });
    expect(await act(people.admin, 'approve_repair', { p_id: id })).toMatchObject({ ok: false, code: 'self_approval' });
    expect((await history()).some((row) => row.version === VERSION)).toBe(false);

    // Not while a push holds the push lock.
    const holder = superuserSql();
    try {
      await holder`select pg_advisory_lock(${LOCK_KEY.toString()}::bigint)`;
      expect(await act(people.approver, 'approve_repair', { p_id: id })).toMatchObject({ ok: false, code: 'push_in_progress' });
    } finally {
      await holder.end();
    }

    expect(await act(people.approver, 'approve_repair', { p_id: id })).toMatchObject({ ok: true, state: 'done' });
    const file = readMigrationsFolder(migrationsDir).files.find((candidate) => candidate.version === VERSION)!;
    expect((await history()).find((row) => row.version === VERSION)).toEqual({ version: VERSION, name: 'repaired_by_hand', statements: file.statements });

    const lists = await bothLists();
    expect(lists.cli).toEqual(lists.console);
    expect(lists.cli).toContainEqual({ local: VERSION, remote: VERSION });
    expect(lists.report.rows.find((row) => row.version === VERSION)?.status).toBe('applied');

    const audit = await sql<{ action: string; outcome: string; details: { code?: string } }[]>`
      select action, outcome, details from console.audit_log where target = ${`repair:${id}`} order by id`;
    expect(audit.map((row) => [row.action, row.outcome, row.details.code ?? null])).toEqual([
      ['migration.repair_request', 'ok', null],
      ['migration.repair', 'refused', 'self_approval'],
      ['migration.repair', 'refused', 'push_in_progress'],
      ['migration.repair', 'ok', null],
    ]);
  });

  it('records a version whose file is gone as reverted, and the CLI agrees', async () => {
    fs.rmSync(path.join(migrationsDir, FILE));
    expect((await bothLists()).report.rows.find((row) => row.version === VERSION)?.status).toBe('remote_only');
    const made = await act(people.approver, 'request_repair', { p_kind: 'reverted', p_version: VERSION, p_reason: 'The file was removed on purpose (SUP-77)' });
    expect(made.ok).toBe(true);
    expect(await act(people.admin, 'approve_repair', { p_id: (made as { id: string }).id })).toMatchObject({ ok: true, state: 'done' });
    const lists = await bothLists();
    expect(lists.cli).toEqual(lists.console);
    expect(lists.cli.some((row) => row.local === VERSION || row.remote === VERSION)).toBe(false);
    expect(lists.report.blocking).toBe(false);

    // Reverting what is not recorded is refused, in SQL.
    expect(await act(people.admin, 'request_repair', { p_kind: 'reverted', p_version: VERSION, p_reason: 'again' })).toMatchObject({
      ok: false,
      code: 'not_recorded',
    });
  });
});
