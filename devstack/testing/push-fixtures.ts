/**
 * Helpers for the push integration tests: scratch databases to push into (so the shared test
 * database's own history is never touched), migration folders, the request → approval flow through
 * real sessions, and the real Supabase CLI. Test-only; imported by `*.int.test.ts` files.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SupabaseClient } from '@supabase/supabase-js';
import postgres, { type Sql } from 'postgres';
import { z } from 'zod';
import { DEMO, signedInClient, testStack } from './clients';
import { requestPayload, type PushPlan } from '@/lib/migrations/push-snapshot';

let scratchCount = 0;

export type ScratchDatabase = { name: string; url: string; sql: Sql; drop: () => Promise<void> };

/** A new empty database on the test cluster, with a superuser connection to it. */
export async function createScratchDatabase(admin: Sql, label: string): Promise<ScratchDatabase> {
  const name = `push_${label}_${process.pid}_${++scratchCount}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.unsafe(`create database "${name}"`);
  const url = databaseUrl(testStack().dbUrl, name);
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  return {
    name,
    url,
    sql,
    drop: async () => {
      await sql.end({ timeout: 2 });
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
    },
  };
}

export function databaseUrl(base: string, database: string, options: { sslmodeDisable?: boolean } = {}): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  if (options.sslmodeDisable) url.searchParams.set('sslmode', 'disable');
  return url.toString();
}

/** A temporary project folder with `supabase/migrations` holding these files. */
export function migrationsFolder(files: Record<string, string>): {
  root: string;
  dir: string;
  write: (name: string, text: string) => void;
  remove: (name: string) => void;
} {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'push-it-'));
  const dir = path.join(root, 'supabase', 'migrations');
  fs.mkdirSync(dir, { recursive: true });
  const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
  for (const [name, text] of Object.entries(files)) write(name, text);
  return { root, dir, write, remove: (name) => fs.rmSync(path.join(dir, name)) };
}

export type People = {
  admin: SupabaseClient;
  approver: SupabaseClient;
  operator: SupabaseClient;
  ids: { admin: string; approver: string; operator: string };
};

export async function signInPeople(): Promise<People> {
  const [admin, approver, operator] = await Promise.all([signedInClient(DEMO.admin), signedInClient(DEMO.approver), signedInClient(DEMO.operator)]);
  const idOf = async (client: SupabaseClient) => {
    const { data } = await client.auth.getSession();
    if (!data.session) throw new Error('no session');
    return data.session.user.id;
  };
  return { admin, approver, operator, ids: { admin: await idOf(admin), approver: await idOf(approver), operator: await idOf(operator) } };
}

const actSchema = z.union([
  z.object({
    ok: z.literal(true),
    id: z.string().optional(),
    run_id: z.string().optional(),
    snapshot_hash: z.string().optional(),
    state: z.string().optional(),
  }),
  z.object({ ok: z.literal(false), code: z.string(), message: z.string() }),
]);
export type ActResult = z.infer<typeof actSchema>;

/** Calls one of the console's act functions and returns its {ok, …} answer (a transport error throws). */
export async function act(client: SupabaseClient, fn: string, args: Record<string, unknown>): Promise<ActResult> {
  const { data, error } = await client.schema('console').rpc(fn, args);
  if (error) throw new Error(`${fn}: ${error.code} ${error.message}`);
  return actSchema.parse(data);
}

export async function requestPush(
  client: SupabaseClient,
  plan: PushPlan,
  options: {
    includeAll?: boolean;
    acknowledgeNonTransactional?: boolean;
    acknowledgeDestructive?: boolean;
    acknowledgeHeavyLock?: boolean;
    note?: string;
  } = {},
): Promise<{ id: string; snapshotHash: string }> {
  const result = await act(client, 'request_push', {
    p_snapshot: requestPayload(plan),
    p_include_all: options.includeAll ?? false,
    p_acknowledge_non_transactional: options.acknowledgeNonTransactional ?? false,
    p_acknowledge_destructive: options.acknowledgeDestructive ?? false,
    p_acknowledge_heavy_lock: options.acknowledgeHeavyLock ?? false,
    p_note: options.note ?? null,
  });
  if (!result.ok || !result.id || !result.snapshot_hash) throw new Error(`request_push refused: ${result.ok ? 'no id' : result.message}`);
  return { id: result.id, snapshotHash: result.snapshot_hash };
}

/** Operator requests, the second admin approves. */
export async function requestAndApprove(people: People, plan: PushPlan, options: Parameters<typeof requestPush>[2] = {}): Promise<string> {
  const request = await requestPush(people.operator, plan, options);
  const approval = await act(people.approver, 'approve_push', { p_id: request.id, p_snapshot_hash: request.snapshotHash });
  if (!approval.ok) throw new Error(`approve_push refused: ${approval.message}`);
  return request.id;
}

export async function getPush(client: SupabaseClient, id: string): Promise<unknown> {
  const { data, error } = await client.schema('console').rpc('get_push', { p_id: id });
  if (error) throw new Error(`get_push: ${error.message}`);
  return data;
}

const cliBin = fileURLToPath(new URL('../../node_modules/.bin/supabase', import.meta.url));

export type CliRun = { code: number | null; output: string };

/** The real Supabase CLI (2.117.0) against a database URL, with a private HOME and no telemetry. */
export function runSupabaseCli(args: string[], workdir: string): Promise<CliRun> {
  const home = path.join(workdir, '.cli-home');
  fs.mkdirSync(home, { recursive: true });
  return new Promise((resolve) => {
    execFile(
      cliBin,
      [...args, '--workdir', workdir],
      {
        timeout: 60_000,
        killSignal: 'SIGKILL',
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, HOME: home, SUPABASE_TELEMETRY_DISABLED: '1', SUPABASE_NO_UPDATE_NOTIFIER: '1', DO_NOT_TRACK: '1' },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, output: `${stdout}${stderr}${error && code === null ? `\n${error.message}` : ''}` });
      },
    );
  });
}

/** The CLI needs `?sslmode=disable` against the test cluster, which has no TLS. */
export function cliDbUrl(scratch: ScratchDatabase): string {
  return databaseUrl(testStack().dbUrl, scratch.name, { sslmodeDisable: true });
}

export async function historyOf(sql: Sql): Promise<{ version: string; name: string | null; statements: string[] | null }[]> {
  const [probe] = await sql<{ present: boolean }[]>`select to_regclass('supabase_migrations.schema_migrations') is not null as present`;
  if (!probe?.present) return [];
  return sql<{ version: string; name: string | null; statements: string[] | null }[]>`
    select version, name, statements from supabase_migrations.schema_migrations order by version`;
}

export async function lockHeld(sql: Sql): Promise<boolean> {
  const [row] = await sql<{ held: boolean }[]>`
    select exists (
      select 1 from pg_locks l
      where l.locktype = 'advisory' and l.database = (select oid from pg_database where datname = current_database())
        and l.classid = 1668247155 and l.objid = 1886745448 and l.objsubid = 1
    ) as held`;
  return row?.held ?? false;
}
