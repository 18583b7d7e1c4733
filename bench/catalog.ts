/**
 * The schema page's data at scale: 300 tables, 1,800 columns and 900 policies in a dev stack of
 * its own (temporary folder, free ports). In the same run, medians of repeated loads of:
 *   - one hand-written catalog query (tables, columns, policies as JSON): the floor;
 *   - console.catalog(), the function the /schema page calls, over a direct connection, decoded;
 *   - the same through the API with the service-role key, as the page really loads it.
 * Goal: the catalog function within 1.5× the floor. (Supabase Studio's postgres-meta takes ~30×.)
 *
 * Then the drift check of 200 migrations (a fresh PGlite shadow, bootstrap, 200 files, both
 * catalogs, the diff) against a scratch database holding them. Goal: ≤ 5 s.
 */
import { readPlatformBootstrap } from '../lib/platform/bootstrap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from '@supabase/supabase-js';
import postgres, { type Sql } from 'postgres';
import WebSocket from 'ws';
import { applyPendingMigrations } from '../devstack/apply-migrations';
import { findFreePort } from '../devstack/ports';
import { createScratchProject } from '../devstack/testing/scratch-project';
import { PROJECT_ROOT, startStack } from '../devstack/stack';
import { decodeCatalog } from '../lib/catalog/decode-catalog';
import { directFromPostgres } from '../lib/catalog/direct-postgres';
import { checkDrift } from '../lib/drift/check-drift';
import { readMigrationsFolder } from '../lib/migrations/read-folder';
import type { RemoteHistory } from '../lib/migrations/remote-history';
import { median } from './stats';
import type { Benchmark } from './types';

const TABLES = 300;
const RUNS = 21;
const GOAL_RATIO = 1.5;
const DRIFT_MIGRATIONS = 200;
const DRIFT_GOAL_MS = 5000;

/** The floor: what a person would write by hand for tables with their columns and policies. */
export const HAND_WRITTEN_CATALOG_QUERY = `
select json_agg(json_build_object(
  'schema', n.nspname, 'name', c.relname, 'rls_enabled', c.relrowsecurity, 'rls_forced', c.relforcerowsecurity,
  'columns', (select json_agg(json_build_object('name', a.attname, 'type', pg_catalog.format_type(a.atttypid, a.atttypmod), 'nullable', not a.attnotnull) order by a.attnum)
              from pg_catalog.pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped),
  'policies', (select json_agg(json_build_object('name', p.polname, 'command', p.polcmd, 'roles', p.polroles::pg_catalog.regrole[]::text[], 'permissive', p.polpermissive,
                 'using', pg_catalog.pg_get_expr(p.polqual, p.polrelid), 'with_check', pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid)))
               from pg_catalog.pg_policy p where p.polrelid = c.oid))) as catalog
from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast', 'auth', 'extensions', 'storage', 'supabase_migrations')`;

/** 300 tables × 6 columns, 3 policies each (owner read, insert, update), an index and a foreign key. */
async function createTables(sql: Sql, count: number): Promise<void> {
  await sql.unsafe(`
    do $bench$
    declare i int;
    begin
      for i in 1..${count} loop
        execute format('create table public.bench_t%s (id bigint generated always as identity primary key, owner_id uuid not null references auth.users (id), title text not null, body text, amount numeric(12,2) default 0, created_at timestamptz not null default now())', i);
        execute format('create index bench_t%s_owner_idx on public.bench_t%s (owner_id)', i, i);
        execute format('alter table public.bench_t%s enable row level security', i);
        execute format('create policy "bench_t%s_select" on public.bench_t%s for select to authenticated using ((select auth.uid()) = owner_id)', i, i);
        execute format('create policy "bench_t%s_insert" on public.bench_t%s for insert to authenticated with check ((select auth.uid()) = owner_id)', i, i);
        execute format('create policy "bench_t%s_update" on public.bench_t%s for update to authenticated using ((select auth.uid()) = owner_id) with check ((select auth.uid()) = owner_id)', i, i);
      end loop;
    end
    $bench$`);
  await sql.unsafe('analyze');
}

async function time(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** 200 migration files of an ordinary kind: tables with RLS and a policy, columns added, indexes. */
function driftMigrations(count: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 1; i <= count; i++) {
    const version = `2099${String(i).padStart(10, '0')}`;
    const table = `public.drift_t${Math.ceil(i / 4)}`;
    const sql =
      i % 4 === 1
        ? `create table ${table} (id bigint generated always as identity primary key, owner_id uuid not null, body text);\nalter table ${table} enable row level security;\ncreate policy "owner_reads" on ${table} for select to authenticated using ((select auth.uid()) = owner_id);\n`
        : i % 4 === 2
          ? `alter table ${table} add column created_at timestamptz not null default now();\n`
          : i % 4 === 3
            ? `create index drift_t${Math.ceil(i / 4)}_owner_idx on ${table} (owner_id);\n`
            : `create policy "owner_writes" on ${table} for insert to authenticated with check ((select auth.uid()) = owner_id);\n`;
    files[`${version}_bench_${i}.sql`] = `-- module: aloha\n${sql}`;
  }
  return files;
}

export async function runCatalogBenchmark(options: { tables?: number; runs?: number } = {}): Promise<{ ok: boolean }> {
  const tables = options.tables ?? TABLES;
  const runs = options.runs ?? RUNS;
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-bench-catalog-'));
  console.log(
    `  starting a dev stack… (load average ${os
      .loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')} on ${os.cpus().length} CPUs)`,
  );
  const stack = await startStack({ stateDir, apiPort: await findFreePort(), dbPort: await findFreePort(), seed: false });
  const sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
  try {
    let started = performance.now();
    await createTables(sql, tables);
    const [counts] = await sql<{ tables: number; columns: number; policies: number }[]>`
      select (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r' and c.relname like 'bench_t%')::int as tables,
             (select count(*) from pg_attribute a join pg_class c on c.oid = a.attrelid where c.relname like 'bench_t%' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped)::int as columns,
             (select count(*) from pg_policy p join pg_class c on c.oid = p.polrelid where c.relname like 'bench_t%')::int as policies`;
    console.log(
      `  created ${counts?.tables} tables, ${counts?.columns} columns, ${counts?.policies} policies in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const api = createClient(stack.apiUrl, stack.serviceRoleKey, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: WebSocket as never },
    });
    const floor = async () => (await sql.unsafe<{ catalog: unknown[] }[]>(HAND_WRITTEN_CATALOG_QUERY))[0]?.catalog;
    // One statement each, like the floor: the service role's claims are set once for the session
    // (the function checks them on every call, as it does under the API).
    await sql.unsafe(`select set_config('request.jwt.claims', '{"role":"service_role"}', false)`);
    const direct = async () => decodeCatalog((await sql.unsafe<{ catalog: unknown }[]>('select console.catalog() as catalog'))[0]?.catalog);
    const throughApi = async () => {
      const { data, error } = await api.schema('console').rpc('catalog', { p_schema: null, p_table: null, p_detail: false });
      if (error) throw new Error(`console.catalog() through the API failed: ${error.message}`);
      return decodeCatalog(data);
    };

    const check = await direct();
    const found = check.tables.filter((table) => table.name.startsWith('bench_t'));
    console.log(
      `  console.catalog() returns ${found.length} bench tables, ${found.reduce((n, t) => n + t.columns.length, 0)} columns, ${found.reduce((n, t) => n + t.policies.length, 0)} policies`,
    );
    // Warm every path once (plans, caches, the HTTP keep-alive), then alternate so drift in the machine hits all alike.
    await floor();
    await throughApi();
    const samples = { floor: [] as number[], direct: [] as number[], api: [] as number[] };
    for (let i = 0; i < runs; i++) {
      samples.floor.push(await time(floor));
      samples.direct.push(await time(direct));
      samples.api.push(await time(throughApi));
    }
    const floorMs = median(samples.floor);
    const directMs = median(samples.direct);
    const apiMs = median(samples.api);
    const ratio = directMs / floorMs;
    console.log(`  medians of ${runs}:`);
    console.log(`    hand-written catalog query (floor)           ${floorMs.toFixed(1).padStart(7)} ms`);
    console.log(
      `    console.catalog(), direct, decoded           ${directMs.toFixed(1).padStart(7)} ms   ${ratio.toFixed(2)}× the floor (goal ≤ ${GOAL_RATIO}×)`,
    );
    console.log(
      `    console.catalog() through the API, decoded   ${apiMs.toFixed(1).padStart(7)} ms   ${(apiMs / floorMs).toFixed(2)}× the floor (HTTP and the gateway included)`,
    );
    console.log('    (for comparison, the reference measured postgres-meta tables(includeColumns) + policies at ~30× the floor)');
    const catalogOk = ratio <= GOAL_RATIO;
    console.log(`  ${catalogOk ? 'PASS' : 'MISS'}: catalog ${ratio.toFixed(2)}× the floor`);

    console.log(`  drift check of ${DRIFT_MIGRATIONS} migrations…`);
    started = performance.now();
    const project = await createScratchProject(stack.dbUrl, 'bench_drift');
    try {
      await project.sql.unsafe(readPlatformBootstrap(PROJECT_ROOT));
      fs.cpSync(path.join(PROJECT_ROOT, 'supabase', 'migrations'), project.migrationsDir, { recursive: true });
      project.write(driftMigrations(DRIFT_MIGRATIONS));
      await applyPendingMigrations(project.sql, project.migrationsDir);
      console.log(`    prepared the scratch project in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      const rows = await project.sql<
        { version: string; name: string | null; statements: string[] | null }[]
      >`select version, name, statements from supabase_migrations.schema_migrations order by version collate "C"`;
      const history: RemoteHistory = { tableExists: true, rows: rows.map((row) => ({ version: row.version, name: row.name, statements: row.statements })) };
      const files = readMigrationsFolder(project.migrationsDir).files;
      // The first check in a process boots PostgreSQL in WebAssembly and runs the bootstrap; later
      // ones start from the bootstrapped template (see Shadow.create). Both are shown.
      const timings: number[] = [];
      let report;
      for (let i = 0; i < 3; i++) {
        started = performance.now();
        report = await checkDrift({ files, history, live: directFromPostgres(project.sql) });
        timings.push(performance.now() - started);
      }
      const [cold = 0, ...warm] = timings;
      const warmMs = median(warm);
      const driftOk = warmMs <= DRIFT_GOAL_MS && report?.driftCount === 0;
      console.log(
        `    ${report?.shadow.appliedVersions.length} migrations replayed and compared: first check in the process ${(cold / 1000).toFixed(2)} s, then ${warm.map((ms) => (ms / 1000).toFixed(2)).join(' s, ')} s; ${report?.driftCount} difference${report?.driftCount === 1 ? '' : 's'}, ${report?.shadow.failures.length} failure${report?.shadow.failures.length === 1 ? '' : 's'}`,
      );
      console.log(
        `  ${driftOk ? 'PASS' : 'MISS'}: drift check ${(warmMs / 1000).toFixed(2)} s (goal ≤ ${DRIFT_GOAL_MS / 1000} s; the first check of a process, and every \`console drift\` run, also boots the shadow)`,
      );
      return { ok: catalogOk && driftOk };
    } finally {
      await project.drop();
    }
  } finally {
    await sql.end({ timeout: 2 });
    await stack.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

function optionValue(args: readonly string[], name: string): number | undefined {
  const raw = args.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
  return raw === undefined ? undefined : Number(raw);
}

export const catalogBenchmark: Benchmark = {
  name: 'catalog',
  description: `schema page data for ${TABLES} tables / ${TABLES * 6} columns / ${TABLES * 3} policies vs one hand-written catalog query; drift check of ${DRIFT_MIGRATIONS} migrations`,
  run: (args) => {
    const tables = optionValue(args, 'tables');
    const runs = optionValue(args, 'runs');
    return runCatalogBenchmark({ ...(tables ? { tables } : {}), ...(runs ? { runs } : {}) });
  },
};
