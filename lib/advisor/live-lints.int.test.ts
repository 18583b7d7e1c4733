/**
 * The live lints against what PostgreSQL does: a policy is called "always true" only when it really
 * lets every row through, checked by running the API role against the same table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole } from '@/devstack/testing/as-role';
import { superuserSql } from '@/devstack/testing/clients';
import { directFromPostgres } from '@/lib/catalog/direct-postgres';
import { readCatalogDirect } from '@/lib/catalog/read-catalog';
import { lintCatalog } from './live-lints';

const sql = superuserSql();

beforeAll(async () => {
  await sql.unsafe(`
    drop schema if exists lint_it cascade;
    create schema lint_it;
    grant usage on schema lint_it to anon;
    create table lint_it.no_condition (id int);
    create table lint_it.open_insert (id int);
    alter table lint_it.no_condition enable row level security;
    alter table lint_it.open_insert enable row level security;
    grant select, insert on lint_it.no_condition, lint_it.open_insert to anon;
    insert into lint_it.no_condition values (1), (2);
    -- Neither USING nor WITH CHECK: PostgreSQL lets nothing through.
    create policy "no condition" on lint_it.no_condition for all to anon;
    create policy "anyone inserts" on lint_it.open_insert for insert to anon with check (true);
  `);
});

afterAll(async () => {
  await sql.unsafe('drop schema if exists lint_it cascade');
  await sql.end();
});

describe('rls_policy_always_true', () => {
  it('is not reported for a policy without any condition, which PostgreSQL treats as letting nothing through', async () => {
    const seen = await asRole(sql, { role: 'anon' }, (tx) => tx`select id from lint_it.no_condition`);
    expect(seen).toHaveLength(0);
    await expect(asRole(sql, { role: 'anon' }, (tx) => tx`insert into lint_it.no_condition values (3)`)).rejects.toThrow(/row-level security/);
    // And a WITH CHECK (true) insert policy really lets anyone insert.
    await asRole(sql, { role: 'anon' }, (tx) => tx`insert into lint_it.open_insert values (1)`);

    const catalog = await readCatalogDirect(directFromPostgres(sql));
    const findings = lintCatalog(catalog, { exposedSchemas: ['lint_it'] }).filter((finding) => finding.lint === 'rls_policy_always_true');
    expect(findings.map((finding) => finding.detail)).toEqual(['Policy "anyone inserts" on lint_it.open_insert lets anon insert any row.']);
  });
});
