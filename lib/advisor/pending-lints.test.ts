import { describe, expect, it } from 'vitest';
import { splitStatements } from '@/lib/sql/split-statements';
import { catalog, column, index, table } from './__fixtures__/catalog';
import { lintPendingFiles } from './pending-lints';
import { normalizeTypeName } from './type-names';

const LIVE = catalog({
  tables: [
    table({ estimatedRows: 250_000 }),
    table({
      name: 'tiny',
      estimatedRows: 12,
      columns: [column('id', { type: 'bigint', nullable: false })],
      indexes: [index('tiny_pkey', ['id'], { unique: true, primary: true })],
    }),
  ],
});
const CONTEXT = { live: LIVE, exposedSchemas: ['public'] };

function lint(sql: string) {
  return lintPendingFiles([{ version: '20990101000000', fileName: '20990101000000_change.sql', statements: splitStatements(sql) }], CONTEXT);
}

/** Lint names found, leaving out the lock_timeout warning unless asked for. */
function names(sql: string, withLockTimeout = false): string[] {
  return lint(sql)
    .map((finding) => finding.lint)
    .filter((name) => withLockTimeout || name !== 'missing_lock_timeout');
}

const SAFE = "set lock_timeout = '5s';\n";

describe('lintPendingFiles: lints real projects missed', () => {
  it('unique_constraint_on_existing_table: ADD CONSTRAINT UNIQUE or PRIMARY KEY builds its index under lock', () => {
    expect(lint(`${SAFE}alter table notes add constraint notes_title_key unique (title);`).map((finding) => [finding.lint, finding.detail])).toEqual([
      [
        'unique_constraint_on_existing_table',
        'Adds a UNIQUE constraint notes_title_key on (title) to public.notes (about 250,000 rows): its index is built under ACCESS EXCLUSIVE.',
      ],
    ]);
    expect(names(`${SAFE}alter table notes add constraint notes_title_check check (title <> '');`)).toEqual([]);
    expect(names('create table fresh (id bigint); alter table fresh enable row level security; alter table fresh add primary key (id);')).toEqual([]);
  });

  it('alter_role_in_migration: ALTER ROLE/USER … SET or WITH in a migration', () => {
    expect(names("alter role authenticated set statement_timeout = '8s';")).toEqual(['alter_role_in_migration']);
    expect(lint('alter user app_worker with nologin;')[0]?.detail).toBe(
      '20990101000000_change.sql changes the role app_worker (with canlogin): a setting of the whole cluster, not of this schema.',
    );
  });

  it('missing_lock_timeout: also for DROP INDEX without CONCURRENTLY and DROP VIEW', () => {
    const live = catalog({
      tables: [table({ estimatedRows: 250_000, indexes: [index('notes_title_idx', ['title'])] })],
      views: [{ schema: 'public', name: 'notes_view', materialized: false, securityInvoker: true, grants: {}, readsAuthUsers: false } as never],
    });
    const run = (sql: string) =>
      lintPendingFiles([{ version: '1', fileName: '1_x.sql', statements: splitStatements(sql) }], { live, exposedSchemas: ['public'] }).map(
        (finding) => finding.lint,
      );
    expect(run('drop index public.notes_title_idx;')).toEqual(['missing_lock_timeout']);
    expect(run('drop index concurrently public.notes_title_idx;')).toEqual([]);
    expect(run('drop view public.notes_view;')).toEqual(['missing_lock_timeout']);
    expect(run(`${SAFE}drop view public.notes_view;`)).toEqual([]);
  });
});

describe('lintPendingFiles', () => {
  it('drop_table: dropping a live table; dropping a table the same push created is fine', () => {
    const [finding] = lint(`${SAFE}drop table public.notes;`);
    expect(finding).toMatchObject({
      lint: 'drop_table',
      level: 'error',
      detail: 'Drops public.notes (about 250,000 rows).',
      source: { fileName: '20990101000000_change.sql', statementIndex: 1 },
    });
    expect(names('create table scratch (id bigint primary key); alter table scratch enable row level security; drop table scratch;')).toEqual([]);
    expect(names('drop table if exists never_existed;')).toEqual([]);
  });

  it('drop_column: dropping a column of a live table', () => {
    expect(names(`${SAFE}alter table notes drop column body;`)).toEqual(['drop_column']);
    expect(names(`${SAFE}alter table notes add column extra text;`)).toEqual([]);
  });

  it('not_null_without_default: NOT NULL added to a live table without a default', () => {
    expect(lint(`${SAFE}alter table notes add column tag text not null;`).map((finding) => [finding.lint, finding.level])).toEqual([
      ['not_null_without_default', 'error'],
    ]);
    expect(lint(`${SAFE}alter table notes alter column body set not null;`).map((finding) => [finding.lint, finding.level])).toEqual([
      ['not_null_without_default', 'warning'],
    ]);
    expect(names(`${SAFE}alter table notes add column tag text not null default 'none';`)).toEqual([]);
    expect(names(`${SAFE}alter table notes add column seq bigint generated always as identity;`)).toEqual([]);
  });

  it('non_concurrent_index: a plain CREATE INDEX on a live table, an info on a tiny one', () => {
    expect(lint(`${SAFE}create index notes_body_idx on notes (body);`).map((finding) => [finding.lint, finding.level])).toEqual([
      ['non_concurrent_index', 'warning'],
    ]);
    expect(lint(`${SAFE}create index tiny_idx on tiny (id);`).map((finding) => [finding.lint, finding.level])).toEqual([['non_concurrent_index', 'info']]);
    expect(names('create index concurrently notes_body_idx on notes (body);')).toEqual([]);
    expect(names('create table t (id bigint primary key); alter table t enable row level security; create index t_idx on t (id);')).toEqual([]);
  });

  it('column_type_change and rename: on live tables only', () => {
    expect(names(`${SAFE}alter table notes alter column body type varchar(200);`)).toEqual(['column_type_change']);
    expect(names(`${SAFE}alter table notes rename column body to text;`)).toEqual(['rename']);
    expect(names(`${SAFE}alter table notes rename to memos;`)).toEqual(['rename']);
    expect(
      names(
        'create table t (a int primary key); alter table t enable row level security; alter table t rename column a to b; alter table t alter column b type bigint;',
      ),
    ).toEqual([]);
  });

  it('missing_lock_timeout: once per file that locks a live table without it', () => {
    const found = lint('alter table notes add column extra text; create policy p on notes for select using (true);');
    expect(found.map((finding) => finding.lint)).toEqual(['missing_lock_timeout']);
    expect(found[0]?.detail).toContain('(statement 0)');
    expect(names(`${SAFE}alter table notes add column extra text;`, true)).toEqual([]);
    expect(names("select set_config('lock_timeout', '5s', true); alter table notes add column extra text;", true)).toEqual([]);
    expect(names('create table t (id bigint primary key); alter table t enable row level security;', true)).toEqual([]);
  });

  it('new_table_without_rls: a new table in an exposed schema without ENABLE ROW LEVEL SECURITY anywhere in the push', () => {
    expect(lint('create table public.call_notes (id bigint primary key);').map((finding) => [finding.lint, finding.fixSql])).toEqual([
      ['new_table_without_rls', 'alter table public.call_notes enable row level security;'],
    ]);
    expect(names('create table private_stuff.calls (id bigint primary key);')).toEqual([]);
    // A foreign table cannot have row level security: the fix would fail, so no finding.
    expect(names("create foreign table public.remote_calls (id bigint) server billing options (table_name 'calls');")).toEqual([]);
    expect(
      lintPendingFiles(
        [
          { version: '1', fileName: '1_a.sql', statements: ['create table call_notes (id bigint primary key)'] },
          { version: '2', fileName: '2_b.sql', statements: ['alter table call_notes enable row level security'] },
        ],
        CONTEXT,
      ),
    ).toEqual([]);
  });

  it('if_not_exists_differs: CREATE TABLE IF NOT EXISTS that would be skipped while declaring more than the live table has', () => {
    const [finding] = lint('create table if not exists public.notes (id bigint primary key, user_id uuid not null, body text, timezone text);');
    expect(finding).toMatchObject({ lint: 'if_not_exists_differs', level: 'error', fixSql: 'alter table public.notes add column timezone text;' });
    expect(finding?.detail).toContain('declares column timezone that the live table lacks');
    expect(names('create table if not exists public.notes (id int8 primary key, user_id uuid not null, body text);')).toEqual([]);
    expect(lint('create table if not exists public.notes (id integer primary key, user_id uuid, body text);').map((item) => [item.lint, item.level])).toEqual([
      ['if_not_exists_differs', 'warning'],
    ]);
  });

  it('if_not_exists_differs: CREATE INDEX IF NOT EXISTS and ADD COLUMN IF NOT EXISTS that differ from what is live', () => {
    const [found] = lint(`${SAFE}create index if not exists notes_user_id_idx on notes (user_id, body);`);
    expect(found?.lint).toBe('if_not_exists_differs');
    expect(found?.detail).toContain('columns (user_id, body) here, (user_id) live');
    expect(names(`${SAFE}create unique index if not exists notes_user_id_idx on notes (user_id);`)).toEqual(['if_not_exists_differs']);
    expect(names(`${SAFE}create index if not exists notes_user_id_idx on public.notes using btree (user_id);`)).toEqual([]);
    expect(names(`${SAFE}alter table notes add column if not exists body jsonb;`)).toEqual(['if_not_exists_differs']);
    expect(names(`${SAFE}alter table notes add column if not exists body text;`)).toEqual([]);
  });
});

describe('normalizeTypeName', () => {
  it('writes types the way format_type prints them, and admits what it does not know', () => {
    expect(normalizeTypeName('int8')).toBe('bigint');
    expect(normalizeTypeName('VARCHAR( 255 )')).toBe('character varying(255)');
    expect(normalizeTypeName('numeric(12, 2)')).toBe('numeric(12,2)');
    expect(normalizeTypeName('timestamptz')).toBe('timestamp with time zone');
    expect(normalizeTypeName('text[]')).toBe('text[]');
    expect(normalizeTypeName('console.member_role')).toBeNull();
  });
});
