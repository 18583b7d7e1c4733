/**
 * The large project of the hardening issue, in a dev stack of its own (temporary folder, free
 * ports): 2,000 module migrations on top of the console's own (300 tables with 900 RLS policies
 * among them, the rest adding columns, indexes and comments), 1,000,000 profiles with 1,500,000
 * phone numbers, the demo people of seed.sql, and a few pending files. Everything is applied the
 * way the dev stack applies migrations, so the history is the one the Supabase CLI would write.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { applyPendingMigrations } from '../devstack/apply-migrations';
import { findFreePort } from '../devstack/ports';
import { PROJECT_ROOT, applySeed, startStack, type RunningStack } from '../devstack/stack';
import { SUPPORT_MIGRATION, loadData } from './support-search';

export type LargeFixtureOptions = { migrations: number; tables: number; profiles: number; pending: number };

export const LARGE_FIXTURE: LargeFixtureOptions = { migrations: 2000, tables: 300, profiles: 1_000_000, pending: 5 };

export type LargeFixture = {
  stack: RunningStack;
  /** The folder the console reads (CONSOLE_MIGRATIONS_DIR): the console's files, the module files, the pending ones. */
  migrationsDir: string;
  counts: { files: number; applied: number; tables: number; policies: number; profiles: number };
  stop(): Promise<void>;
};

const MODULES = ['aloha', 'sync', 'insights', 'studio'];

/** One migration an hour from 2025-01-01: valid, increasing UTC timestamps before the console's own. */
function version(index: number): string {
  return new Date(Date.UTC(2025, 0, 1) + index * 3_600_000).toISOString().replace(/\D/g, '').slice(0, 14);
}

/** The first `tables` files each create a table with RLS and three policies; later ones change them. */
function moduleMigration(index: number, tables: number): { name: string; sql: string } {
  const module = MODULES[index % MODULES.length]!;
  if (index < tables) {
    const table = `public.bench_t${index + 1}`;
    return {
      name: `${module}_create_bench_t${index + 1}`,
      sql: [
        `-- module: ${module}`,
        `create table ${table} (id bigint generated always as identity primary key, owner_id uuid not null references auth.users (id), title text not null, body text, amount numeric(12,2) default 0, created_at timestamptz not null default now());`,
        `create index bench_t${index + 1}_owner_idx on ${table} (owner_id);`,
        `alter table ${table} enable row level security;`,
        `create policy "bench_t${index + 1}_select" on ${table} for select to authenticated using ((select auth.uid()) = owner_id);`,
        `create policy "bench_t${index + 1}_insert" on ${table} for insert to authenticated with check ((select auth.uid()) = owner_id);`,
        `create policy "bench_t${index + 1}_update" on ${table} for update to authenticated using ((select auth.uid()) = owner_id) with check ((select auth.uid()) = owner_id);`,
        '',
      ].join('\n'),
    };
  }
  const target = `bench_t${(index % tables) + 1}`;
  switch (index % 3) {
    case 0:
      return {
        name: `${module}_${target}_note_${index}`,
        sql: `-- module: ${module}\nalter table public.${target} add column if not exists note_${index} text;\n`,
      };
    case 1:
      return {
        name: `${module}_${target}_created_idx_${index}`,
        sql: `-- module: ${module}\ncreate index if not exists ${target}_created_${index}_idx on public.${target} (created_at desc);\n`,
      };
    default:
      return {
        name: `${module}_${target}_comment_${index}`,
        sql: `-- module: ${module}\ncomment on table public.${target} is 'Items of the ${module} module (changed by migration ${index}).';\n`,
      };
  }
}

function log(line: string) {
  console.log(`  ${line}`);
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

export async function createLargeFixture(options: LargeFixtureOptions = LARGE_FIXTURE): Promise<LargeFixture> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-bench-large-'));
  const ownMigrations = path.join(PROJECT_ROOT, 'supabase', 'migrations');
  const migrationsDir = path.join(stateDir, 'migrations');
  const beforeSupport = path.join(stateDir, 'migrations-before-support');
  fs.mkdirSync(migrationsDir);
  fs.mkdirSync(beforeSupport);
  // The project's config (exposed schemas) beside its migrations folder, as the console reads it.
  fs.copyFileSync(path.join(PROJECT_ROOT, 'supabase', 'config.toml'), path.join(stateDir, 'config.toml'));
  for (let index = 0; index < options.migrations; index++) {
    const { name, sql } = moduleMigration(index, options.tables);
    const file = `${version(index)}_${name}.sql`;
    fs.writeFileSync(path.join(migrationsDir, file), sql);
    fs.writeFileSync(path.join(beforeSupport, file), sql);
  }
  for (const file of fs.readdirSync(ownMigrations).filter((name) => name.endsWith('.sql'))) {
    fs.copyFileSync(path.join(ownMigrations, file), path.join(migrationsDir, file));
    // Profiles load fastest before the support migration builds its search indexes on them.
    if ((file.split('_')[0] ?? '') < SUPPORT_MIGRATION) fs.copyFileSync(path.join(ownMigrations, file), path.join(beforeSupport, file));
  }

  let started = performance.now();
  const stack = await startStack({ stateDir, apiPort: await findFreePort(), dbPort: await findFreePort(), migrationsDir: beforeSupport, seed: false });
  log(`stack with ${stack.appliedMigrations.length} migrations applied: ${seconds(started)}`);
  const sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {}, connection: { application_name: 'bench-large-fixture' } });
  const stop = async () => {
    await stack.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
    if (path.dirname(stack.dataDir) !== stateDir) fs.rmSync(path.dirname(stack.dataDir), { recursive: true, force: true });
  };
  try {
    started = performance.now();
    await loadData(sql, options.profiles);
    log(`${options.profiles.toLocaleString('en')} profiles loaded: ${seconds(started)}`);
    started = performance.now();
    const rest = await applyPendingMigrations(sql, migrationsDir);
    await applySeed(sql);
    await sql`analyze`;
    log(`${rest.length} more migrations, the seed and analyze: ${seconds(started)}`);

    // Written after the apply, so they stay pending: what a person sees before a push.
    for (let index = 0; index < options.pending; index++) {
      const target = `bench_t${index + 1}`;
      fs.writeFileSync(
        path.join(migrationsDir, `2026120${index + 1}090000_studio_${target}_archived.sql`),
        `-- module: studio\nalter table public.${target} add column if not exists archived_at timestamptz;\n`,
      );
    }

    const [counts] = await sql<{ applied: number; tables: number; policies: number; profiles: number }[]>`
      select (select count(*) from supabase_migrations.schema_migrations)::int as applied,
             (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
               where c.relkind = 'r' and n.nspname in ('public', 'console'))::int as tables,
             (select count(*) from pg_policy)::int as policies,
             (select count(*) from public.profiles)::int as profiles`;
    const files = fs.readdirSync(migrationsDir).filter((name) => name.endsWith('.sql')).length;
    return { stack, migrationsDir, counts: { files, ...counts! }, stop };
  } catch (error) {
    await stop();
    throw error;
  } finally {
    await sql.end({ timeout: 2 });
  }
}
