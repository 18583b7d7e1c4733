/**
 * `npm run console -- push` in-process, against a scratch target: it signs in as the named person,
 * cannot get around the approval or the admin rule, and prints each file with a located error.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO, DEMO_PASSWORD, superuserSql, testStack } from '@/devstack/testing/clients';
import {
  createScratchDatabase,
  historyOf,
  migrationsFolder,
  act,
  requestAndApprove,
  requestPush,
  signInPeople,
  type People,
  type ScratchDatabase,
} from '@/devstack/testing/push-fixtures';

vi.mock('server-only', () => ({}));

const { runPushCommand } = await import('./push-command');
const { readPushPlan } = await import('@/lib/migrations/push-engine');

const admin = superuserSql();
let people: People;
let db: ScratchDatabase;
const files = migrationsFolder({
  '20250101000000_one.sql': 'create table public.one (id int);\n',
  '20250102000000_two.sql': 'create table public.two (id int);\ninsert into public.missing values (1);\n',
});

beforeAll(async () => {
  people = await signInPeople();
  db = await createScratchDatabase(admin, 'cli');
});

afterAll(async () => {
  await db.drop();
  await admin.end();
  fs.rmSync(files.root, { recursive: true, force: true });
});

async function sessionsOf(email: string): Promise<number> {
  const [row] = await admin<{ n: number }[]>`select count(*)::int as n from auth.sessions s join auth.users u on u.id = s.user_id where u.email = ${email}`;
  return row?.n ?? 0;
}

async function run(args: string[], password = DEMO_PASSWORD) {
  const stack = testStack();
  let out = '';
  let err = '';
  const code = await runPushCommand(
    args,
    {
      SUPABASE_DB_URL: stack.dbUrl,
      NEXT_PUBLIC_SUPABASE_URL: stack.apiUrl,
      NEXT_PUBLIC_SUPABASE_ANON_KEY: stack.anonKey,
      CONSOLE_PASSWORD: password,
      CONSOLE_MIGRATIONS_DIR: files.dir,
    },
    {
      out: (text) => {
        out += text;
      },
      err: (text) => {
        err += text;
      },
    },
    { targetUrl: db.url },
  );
  return { code, out, err };
}

describe('console push', () => {
  it('refuses a request that is not approved, an operator, and a wrong password', async () => {
    const plan = await readPushPlan({ migrationsDir: files.dir, databaseUrl: db.url });
    const pending = await requestPush(people.operator, plan);
    const unapproved = await run(['--request', pending.id, '--as', DEMO.admin]);
    expect(unapproved.code).toBe(1);
    expect(unapproved.err).toMatch(/Refused: The request is requested; it needs the approval of an admin other than the requester/);
    // One open request per set of files: this one is closed before the next is made.
    await act(people.operator, 'cancel_push', { p_id: pending.id, p_reason: 'replaced' });

    const id = await requestAndApprove(people, plan);
    const operator = await run(['--request', id, '--as', DEMO.operator]);
    expect(operator).toMatchObject({ code: 1, err: expect.stringMatching(/Refused: Only an admin may run a push/) });
    const wrong = await run(['--request', id, '--as', DEMO.admin], 'not-the-password');
    expect(wrong).toMatchObject({ code: 2, err: expect.stringMatching(/Signing in as admin@console.local failed/) });
    expect(await historyOf(db.sql)).toEqual([]);
    await act(people.admin, 'cancel_push', { p_id: id, p_reason: 'done with it' });
  });

  it('runs an approved request as the named admin and prints each file with the located error', async () => {
    const plan = await readPushPlan({ migrationsDir: files.dir, databaseUrl: db.url });
    const id = await requestAndApprove(people, plan);
    const sessionsBefore = await sessionsOf(DEMO.admin);
    const result = await run(['--request', id, '--as', DEMO.admin]);
    expect(result.code, result.err).toBe(1);
    expect(result.out).toMatch(/\[1\/2\] 20250101000000_one\.sql … ok \(\d+ ms\)/);
    expect(result.out).toContain('[2/2] 20250102000000_two.sql … FAILED');
    expect(result.out).toContain('20250102000000_two.sql:2:13: statement 1: relation "public.missing" does not exist (SQLSTATE 42P01).');
    expect(result.out).toContain('Nothing of 20250102000000_two.sql remains');
    expect((await historyOf(db.sql)).map((row) => row.version)).toEqual(['20250101000000']);

    const [run_] = await admin<{ started_by_email: string }[]>`select started_by_email from console.push_runs where request_id = ${id} and status <> 'refused'`;
    expect(run_?.started_by_email).toBe(DEMO.admin);
    // The command's sign-in ended with it: the admin has as many sessions as before the run.
    expect(await sessionsOf(DEMO.admin)).toBe(sessionsBefore);

    files.write('20250102000000_two.sql', 'create table public.two (id int);\n');
    const fixed = await requestAndApprove(people, await readPushPlan({ migrationsDir: files.dir, databaseUrl: db.url }));
    const again = await run(['--request', fixed, '--as', DEMO.approver]);
    expect(again.code, again.err).toBe(0);
    expect(again.out).toMatch(/Applied 1 of 1 files/);
  });

  it('explains a missing environment without touching anything', async () => {
    let err = '';
    const code = await runPushCommand(
      ['--request', '3f8a1c2e-0b4d-4e5f-9a6b-7c8d9e0f1a2b', '--as', DEMO.admin],
      {},
      {
        out: () => {},
        err: (text) => {
          err += text;
        },
      },
    );
    expect(code).toBe(2);
    expect(err).toMatch(/Missing environment: SUPABASE_DB_URL .*CONSOLE_PASSWORD/);
  });
});
