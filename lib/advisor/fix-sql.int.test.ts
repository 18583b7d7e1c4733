/**
 * Every fix the advisor proposes is SQL PostgreSQL accepts: each one is parsed by PostgreSQL's
 * parser and applied to the objects it was proposed for, inside a transaction that is rolled back
 * (a fix that cannot run in a transaction, such as CREATE INDEX CONCURRENTLY, runs on its own on a
 * throwaway schema).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { superuserSql } from '@/devstack/testing/clients';
import { directFromPostgres } from '@/lib/catalog/direct-postgres';
import { CATALOG_SQL } from '@/lib/catalog/catalog-sql';
import { decodeCatalog } from '@/lib/catalog/decode-catalog';
import { readCatalogDirect } from '@/lib/catalog/read-catalog';
import { parseStatement } from '@/lib/sql/parser';
import { splitStatements } from '@/lib/sql/split-statements';
import { classifyStatements } from '@/lib/sql/transaction-safety';
import { lintCatalog } from './live-lints';
import { lintPendingFiles } from './pending-lints';
import type { AdvisorFinding } from './types';

const sql = superuserSql();

class Rollback extends Error {}

beforeAll(async () => {
  await sql.unsafe(`
    drop schema if exists fix_it cascade;
    create schema fix_it;
    grant usage on schema fix_it to anon, authenticated;
    create table fix_it.plain (label text);
    create table fix_it.with_policy (id int primary key);
    create policy "read all" on fix_it.with_policy for select using (true);
    create table fix_it.owned (id int primary key, user_id uuid, parent_id int references fix_it.with_policy (id));
    alter table fix_it.owned enable row level security;
    create policy "insert own" on fix_it.owned for insert to authenticated with check (auth.uid() = user_id);
    create policy "read own" on fix_it.owned for select to authenticated using (auth.uid() = user_id);
    create policy "update own" on fix_it.owned for update to authenticated using (auth.uid() = user_id) with check (auth.uid() = user_id);
    create view fix_it.owned_view as select id from fix_it.owned;
    create view fix_it.people as select id, email from auth.users;
    create materialized view fix_it.totals as select count(*) as n from fix_it.owned;
    create function fix_it.answer() returns int language sql security definer as 'select 42';
    grant select on all tables in schema fix_it to anon, authenticated;
  `);
});

afterAll(async () => {
  await sql.unsafe('drop schema if exists fix_it cascade');
  await sql.end();
});

/** Parses every statement of the fix, then applies it after `before` (the pending file), rolled back. */
async function applies(finding: AdvisorFinding, before: readonly string[] = []): Promise<void> {
  const statements = splitStatements(finding.fixSql ?? '');
  expect(statements.length, finding.lint).toBeGreaterThan(0);
  for (const statement of statements) expect(parseStatement(statement).ok, `${finding.lint}: ${statement}`).toBe(true);
  if (classifyStatements(statements).nonTransactional) {
    for (const statement of statements) await sql.unsafe(statement);
    return;
  }
  await sql
    .begin(async (tx) => {
      for (const statement of before) await tx.unsafe(statement);
      for (const statement of statements) await tx.unsafe(statement);
      throw new Rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw new Error(`${finding.lint}: ${finding.fixSql}\n${String(error)}`);
    });
}

describe('advisor fix SQL', () => {
  it('every live lint fix parses and applies', async () => {
    const catalog = await readCatalogDirect(directFromPostgres(sql));
    const findings = lintCatalog(catalog, { exposedSchemas: ['fix_it'] }).filter((finding) => finding.fixSql && finding.object.schema === 'fix_it');
    const lints = new Set(findings.map((finding) => finding.lint));
    for (const lint of [
      'rls_disabled_in_public',
      'policy_exists_rls_disabled',
      'no_primary_key',
      'auth_rls_initplan',
      'unindexed_foreign_keys',
      'security_definer_view',
      'auth_users_exposed',
      'function_search_path_mutable',
      'materialized_view_in_api',
      'security_definer_function_executable',
    ]) {
      expect(lints, lint).toContain(lint);
    }
    // The INSERT policy's fix rewrites its WITH CHECK only: PostgreSQL rejects a USING on it.
    const insertFix = findings.find((finding) => finding.lint === 'auth_rls_initplan' && finding.objectLabel.includes('insert own'));
    expect(insertFix?.fixSql).toMatch(/with check \(+select auth\.uid\(\)\) = user_id\)+;/);
    expect(insertFix?.fixSql).not.toContain('using');
    for (const finding of findings) await applies(finding);
  });

  it('extension_in_public: found for an extension in public, and its fix moves it to extensions', async () => {
    // In a transaction that is rolled back: other suites read this database's catalog meanwhile.
    await sql
      .begin(async (tx) => {
        await tx.unsafe('create extension seg schema public');
        await tx.unsafe("set local search_path = ''");
        const [row] = await tx.unsafe<{ catalog: unknown }[]>(`select (${CATALOG_SQL}) as catalog`, [null, null, false]);
        const finding = lintCatalog(decodeCatalog(row?.catalog), { exposedSchemas: ['public'] }).find((candidate) => candidate.lint === 'extension_in_public');
        expect(finding?.object).toEqual({ type: 'extension', schema: 'public', table: null, name: 'seg' });
        expect(finding?.fixSql).toBe('alter extension seg set schema extensions;');
        await tx.unsafe(finding?.fixSql ?? '');
        const [moved] = await tx.unsafe<{ schema: string }[]>(
          "select extnamespace::regnamespace::text as schema from pg_catalog.pg_extension where extname = 'seg'",
        );
        expect(moved?.schema).toBe('extensions');
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
  });

  it('every pending-file fix parses and applies after the file', async () => {
    const catalog = await readCatalogDirect(directFromPostgres(sql));
    const statements = splitStatements(
      'create table fix_it.fresh (id int primary key);\nalter table fix_it.owned add column note text not null;\ndrop table fix_it.plain;\n',
    );
    const findings = lintPendingFiles([{ version: '1', fileName: '1_pending.sql', statements }], { live: catalog, exposedSchemas: ['fix_it'] }).filter(
      (finding) => finding.fixSql,
    );
    expect(findings.map((finding) => finding.lint).sort()).toEqual(expect.arrayContaining(['missing_lock_timeout', 'new_table_without_rls']));
    for (const finding of findings) {
      // A fix that goes before the file (lock_timeout) runs first; the others after it.
      const first = finding.lint === 'missing_lock_timeout';
      if (first) await applies({ ...finding, fixSql: `${finding.fixSql}\n${statements.join(';\n')};` });
      else await applies(finding, statements);
    }
  });
});
