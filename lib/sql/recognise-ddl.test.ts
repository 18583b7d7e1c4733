import { describe, expect, it } from 'vitest';
import { recogniseStatement, type DdlChange } from './recognise-ddl';

function one(sql: string, schema?: string): DdlChange {
  const [change] = recogniseStatement(sql, schema);
  if (!change) throw new Error('no change');
  return change;
}

describe('recogniseStatement: tables', () => {
  it('reads CREATE TABLE IF NOT EXISTS with columns, defaults, NOT NULL and table constraints', () => {
    const change = one(`create table if not exists public.user_phone_numbers (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references auth.users (id) on delete cascade,
      label text not null default 'mobile' constraint label_length check (char_length(label) between 1 and 40),
      amount numeric(12, 2),
      created_at timestamptz not null default now(),
      constraint user_phone_key unique (user_id, label)
    )`);
    expect(change).toMatchObject({ kind: 'create_table', table: { schema: 'public', name: 'user_phone_numbers' }, ifNotExists: true, columnsUnknown: false });
    if (change.kind !== 'create_table') throw new Error();
    expect(change.columns.map((column) => [column.name, column.type, column.notNull, column.hasDefault])).toEqual([
      ['id', 'uuid', true, true],
      ['user_id', 'uuid', true, false],
      ['label', 'text', true, true],
      ['amount', 'numeric(12, 2)', false, false],
      ['created_at', 'timestamptz', true, true],
    ]);
    expect(change.columns[1]?.references).toEqual({ schema: 'auth', name: 'users' });
    expect(change.constraints).toEqual([
      { name: null, constraintType: 'primary', columns: ['id'] },
      { name: 'user_phone_key', constraintType: 'unique', columns: ['user_id', 'label'] },
    ]);
  });
  it('resolves unqualified and quoted names: unquoted fold to lower case, quoted keep their case', () => {
    expect(one('CREATE TABLE Notes (ID bigint)')).toMatchObject({ table: { schema: 'public', name: 'notes' }, ifNotExists: false });
    expect(one('create table "Sales"."Q1 Notes" ("Id" bigint)')).toMatchObject({ table: { schema: 'Sales', name: 'Q1 Notes' }, columns: [{ name: 'Id' }] });
    expect(one('create table notes (id bigint)', 'aloha')).toMatchObject({ table: { schema: 'aloha', name: 'notes' } });
  });
  it('marks identity, serial and generated columns as filling themselves, and table-level primary keys as NOT NULL', () => {
    const change = one('create table t (id bigint generated always as identity, n serial, total int generated always as (1) stored, k text, primary key (k))');
    if (change.kind !== 'create_table') throw new Error();
    expect(change.columns.map((column) => [column.name, column.hasDefault, column.notNull, column.primaryKey])).toEqual([
      ['id', true, false, false],
      ['n', true, true, false],
      ['total', true, false, false],
      ['k', false, true, true],
    ]);
  });
  it('says when the columns are not listed (AS, PARTITION OF, LIKE) and ignores temporary tables', () => {
    expect(one('create table t as select 1 as x')).toMatchObject({ kind: 'create_table', columnsUnknown: true });
    expect(one("create table t_2024 partition of t for values from ('2024-01-01') to ('2025-01-01')")).toMatchObject({ columnsUnknown: true });
    expect(one('create table t (like other including all)')).toMatchObject({ columnsUnknown: true });
    expect(one('create temp table scratch (x int)')).toEqual({ kind: 'other' });
  });
  it('reads ALTER TABLE actions, several per statement', () => {
    const change = one(`alter table if exists only public.profiles
      add column if not exists timezone text not null default 'UTC',
      drop column avatar_url,
      alter column full_name type varchar(200) using full_name::varchar(200),
      alter column email set not null,
      alter column email drop default,
      enable row level security,
      force row level security,
      add constraint profiles_email_key unique (email),
      drop constraint if exists old_check`);
    if (change.kind !== 'alter_table') throw new Error();
    expect(change.ifExists).toBe(true);
    expect(change.actions).toEqual([
      {
        kind: 'add_column',
        ifNotExists: true,
        column: { name: 'timezone', type: 'text', notNull: true, hasDefault: true, primaryKey: false, references: null },
      },
      { kind: 'drop_column', column: 'avatar_url', ifExists: false },
      { kind: 'alter_column_type', column: 'full_name', type: 'varchar(200)' },
      { kind: 'set_not_null', column: 'email' },
      { kind: 'drop_default', column: 'email' },
      { kind: 'enable_rls' },
      { kind: 'force_rls' },
      { kind: 'add_constraint', name: 'profiles_email_key', constraintType: 'unique', notValid: false, columns: ['email'] },
      { kind: 'drop_constraint', name: 'old_check' },
    ]);
  });
  it('reads renames, SET SCHEMA and DROP TABLE lists', () => {
    expect(one('alter table public.notes rename to call_notes')).toEqual({
      kind: 'rename_table',
      table: { schema: 'public', name: 'notes' },
      to: 'call_notes',
    });
    expect(one('alter table notes rename column body to text_body')).toMatchObject({
      kind: 'alter_table',
      actions: [{ kind: 'rename_column', column: 'body', to: 'text_body' }],
    });
    expect(one('alter table notes rename body to text_body')).toMatchObject({ actions: [{ kind: 'rename_column', column: 'body', to: 'text_body' }] });
    expect(one('alter table notes set schema aloha')).toEqual({ kind: 'set_table_schema', table: { schema: 'public', name: 'notes' }, to: 'aloha' });
    expect(one('drop table if exists a, aloha.b cascade')).toEqual({
      kind: 'drop_table',
      ifExists: true,
      cascade: true,
      tables: [
        { schema: 'public', name: 'a' },
        { schema: 'aloha', name: 'b' },
      ],
    });
  });
});

describe('recogniseStatement: indexes', () => {
  it('reads CREATE INDEX with its options', () => {
    expect(
      one(
        'create unique index concurrently if not exists one_primary on only public.user_phone_numbers using btree (user_id) include (label) where is_primary',
      ),
    ).toEqual({
      kind: 'create_index',
      index: { schema: 'public', name: 'one_primary' },
      nameGiven: true,
      table: { schema: 'public', name: 'user_phone_numbers' },
      unique: true,
      concurrently: true,
      ifNotExists: true,
      method: 'btree',
      elements: ['user_id'],
      where: 'is_primary',
    });
  });
  it('names an unnamed index the way PostgreSQL does', () => {
    expect(one('create index on aloha.calls (user_id, lower(email))')).toMatchObject({
      index: { schema: 'aloha', name: 'calls_user_id_expr_idx' },
      nameGiven: false,
    });
    expect(one('create index on calls (created_at desc)')).toMatchObject({ index: { name: 'calls_created_at_idx' } });
  });
  it('reads DROP INDEX and ALTER INDEX … RENAME', () => {
    expect(one('drop index concurrently if exists public.a_idx, b_idx')).toEqual({
      kind: 'drop_index',
      concurrently: true,
      ifExists: true,
      indexes: [
        { schema: 'public', name: 'a_idx' },
        { schema: 'public', name: 'b_idx' },
      ],
    });
    expect(one('alter index a_idx rename to b_idx')).toEqual({ kind: 'rename_index', index: { schema: 'public', name: 'a_idx' }, to: 'b_idx' });
  });
});

describe('recogniseStatement: policies and settings', () => {
  it('reads CREATE POLICY in any clause order', () => {
    expect(
      one(
        `create policy "Owners update" on public.notes as restrictive for update to authenticated, "Support Team" using ((select auth.uid()) = user_id) with check (true)`,
      ),
    ).toEqual({
      kind: 'create_policy',
      policy: 'Owners update',
      table: { schema: 'public', name: 'notes' },
      permissive: false,
      command: 'update',
      roles: ['authenticated', 'Support Team'],
      // PostgreSQL's own SQL for the parsed expression, not the characters as typed.
      using: '((SELECT auth.uid())) = user_id',
      withCheck: 'true',
    });
    expect(one('create policy p on notes using (true)')).toMatchObject({ command: 'all', roles: ['public'], permissive: true, withCheck: null });
  });
  it('reads ALTER POLICY and DROP POLICY', () => {
    expect(one('alter policy p on notes rename to q')).toMatchObject({ kind: 'alter_policy', policy: 'p', renameTo: 'q' });
    expect(one('alter policy p on notes to anon using (false)')).toMatchObject({ kind: 'alter_policy', roles: ['anon'], using: 'false', withCheck: null });
    expect(one('drop policy if exists "p q" on aloha.notes')).toEqual({
      kind: 'drop_policy',
      policy: 'p q',
      table: { schema: 'aloha', name: 'notes' },
      ifExists: true,
    });
  });
  it('recognises lock_timeout and search_path settings', () => {
    expect(one("set lock_timeout = '3s'")).toEqual({ kind: 'set_lock_timeout' });
    expect(one("SET LOCAL lock_timeout TO '3s'")).toEqual({ kind: 'set_lock_timeout' });
    expect(one("select set_config('lock_timeout', '3s', true)")).toEqual({ kind: 'set_lock_timeout' });
    expect(one('set search_path = aloha, public')).toEqual({ kind: 'set_search_path', schemas: ['aloha', 'public'] });
  });
  it('reads functions, views, triggers, types and grants for provenance', () => {
    expect(one('create or replace function aloha.f(p_id uuid, out n int) returns int language sql as $$ select 1 $$')).toEqual({
      kind: 'create_function',
      function: { schema: 'aloha', name: 'f' },
      arguments: 'uuid',
      replace: true,
      procedure: false,
    });
    expect(one('create view v as select 1')).toEqual({ kind: 'create_view', view: { schema: 'public', name: 'v' }, replace: false, materialized: false });
    expect(one('create materialized view m as select 1')).toEqual({
      kind: 'create_view',
      view: { schema: 'public', name: 'm' },
      replace: false,
      materialized: true,
    });
    expect(one('create trigger t before update on aloha.calls for each row execute function f()')).toEqual({
      kind: 'create_trigger',
      trigger: 't',
      table: { schema: 'aloha', name: 'calls' },
      replace: false,
    });
    expect(one("create type mood as enum ('ok')")).toEqual({ kind: 'create_type', type: { schema: 'public', name: 'mood' }, typeKind: 'enum' });
    expect(one("alter type mood add value 'meh'")).toEqual({ kind: 'alter_type', type: { schema: 'public', name: 'mood' }, summary: 'add value meh' });
    expect(one('grant select, insert on public.calls, aloha.notes to authenticated, anon')).toEqual({
      kind: 'grant',
      grant: true,
      objectType: 'table',
      objects: [
        { schema: 'public', name: 'calls' },
        { schema: 'aloha', name: 'notes' },
      ],
      privileges: ['select', 'insert'],
      grantees: ['authenticated', 'anon'],
    });
    expect(one('revoke all on function public.f(uuid) from public')).toMatchObject({
      kind: 'grant',
      grant: false,
      objectType: 'function',
      objects: [{ schema: 'public', name: 'f' }],
      privileges: ['all'],
      grantees: ['public'],
    });
  });
  it('leaves everything else alone, including DDL inside function bodies; reads DO blocks through the PL/pgSQL parser', () => {
    // The body of a function is not a statement of the file: only the function itself is.
    expect(one('create or replace function f() returns void language sql as $$ create table x (a int) $$')).toMatchObject({ kind: 'create_function' });
    // A DO block's PL/pgSQL body is read by PL/pgSQL's parser: its static statements count.
    expect(one('do $$ begin create table x (a int); end $$')).toMatchObject({
      kind: 'do_block',
      unread: false,
      changes: [{ kind: 'create_table', table: { schema: 'public', name: 'x' } }],
    });
    expect(one("do $$ begin execute 'create table ' || 'y (a int)'; end $$")).toEqual({ kind: 'do_block', changes: [], unread: true });
    expect(one("do language plpython3u $$ plpy.execute('create table z (a int)') $$")).toEqual({ kind: 'do_block', changes: [], unread: true });
    expect(one('insert into t values (1)')).toEqual({ kind: 'other' });
    expect(one('-- only a comment')).toEqual({ kind: 'other' });
  });
});

describe('recogniseStatement: foreign tables', () => {
  it('reads CREATE FOREIGN TABLE as the table it creates, with its columns', () => {
    const [change] = recogniseStatement(
      "create foreign table public.remote_orders (id bigint not null, total numeric) server billing options (table_name 'orders')",
    );
    expect(change).toMatchObject({ kind: 'create_table', table: { schema: 'public', name: 'remote_orders' }, ifNotExists: false });
    expect(change?.kind === 'create_table' ? change.columns.map((column) => column.name) : []).toEqual(['id', 'total']);
    expect(change).toMatchObject({ foreign: true });
    expect(recogniseStatement('drop foreign table if exists public.remote_orders')).toEqual([
      { kind: 'drop_table', tables: [{ schema: 'public', name: 'remote_orders' }], ifExists: true, cascade: false },
    ]);
  });

  it('reads CREATE ROLE and ALTER DEFAULT PRIVILEGES', () => {
    expect(recogniseStatement('create role reporting nologin')).toEqual([{ kind: 'create_role', role: 'reporting' }]);
    expect(recogniseStatement('alter default privileges for role postgres in schema public, api revoke execute on functions from public')).toEqual([
      { kind: 'alter_default_privileges', roles: ['postgres'], schemas: ['public', 'api'], objectType: 'f' },
    ]);
    expect(recogniseStatement('alter default privileges grant all on sequences to anon')).toEqual([
      { kind: 'alter_default_privileges', roles: [], schemas: [], objectType: 'S' },
    ]);
  });
});
