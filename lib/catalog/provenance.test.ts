import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitStatements } from '@/lib/sql/split-statements';
import { buildProvenance, moduleOfTable, noProvenanceText, originOf, type ProvenanceSource } from './provenance';

function source(version: string, module: string, sql: string): ProvenanceSource {
  return { version, fileName: `${version}_${module}.sql`, module, statements: splitStatements(sql) };
}

describe('buildProvenance', () => {
  it('gives a trigger its creation only when a `drop trigger if exists` came first on nothing', () => {
    const provenance = buildProvenance([
      source(
        '1',
        'aloha',
        'create table aloha.calls (id int);\ndrop trigger if exists calls_touch on aloha.calls;\ncreate trigger calls_touch after insert on aloha.calls for each row execute function aloha.touch();',
      ),
      source(
        '2',
        'aloha',
        'drop trigger if exists calls_touch on aloha.calls;\ncreate trigger calls_touch after update on aloha.calls for each row execute function aloha.touch();',
      ),
    ]);
    expect(provenance.triggers.get('aloha.calls.calls_touch')?.map((event) => [event.version, event.action])).toEqual([
      ['1', 'created'],
      ['2', 'dropped'],
      ['2', 'created'],
    ]);
  });

  it('credits what a DO block creates to it, and keeps the blocks that build SQL at run time', () => {
    const plain = buildProvenance([source('1', 'aloha', 'create table aloha.calls (id int);')]);
    expect(plain.doBlocks).toEqual([]);
    expect(noProvenanceText(plain)).toBe('No migration file creates this: it was made outside the migrations.');

    const withBlocks = buildProvenance([
      source(
        '1',
        'console',
        "do $$ begin if not exists (select 1 from pg_type where typname = 'member_role') then create type console.member_role as enum ('operator'); end if; end $$;\ncreate table console.members (id int);",
      ),
      source('2', 'sync', "do $$ begin execute format('create table sync.%I (id int)', 'inbox'); end $$;"),
    ]);
    expect(withBlocks.types.get('console.member_role')?.map((event) => [event.version, event.statementIndex, event.action, event.summary])).toEqual([
      ['1', 0, 'created', 'create enum type (in a DO block)'],
    ]);
    expect(originOf(withBlocks.tables.get('console.members'))?.version).toBe('1');
    // Only the block whose SQL is built at run time is left unread.
    expect(withBlocks.doBlocks.map((block) => [block.fileName, block.statementIndex])).toEqual([['2_sync.sql', 0]]);
    expect(noProvenanceText(withBlocks)).toBe(
      'No statement of the migrations creates this. It may come from SQL a DO block builds at run time (1 such block in 2_sync.sql), or from outside the migrations.',
    );
  });

  it('finds the baseline migration behind the shared tables, their columns, indexes and policies', () => {
    const file = '20261101090000_shared_baseline.sql';
    const text = fs.readFileSync(path.join(process.cwd(), 'supabase', 'migrations', file), 'utf8');
    const provenance = buildProvenance([{ version: '20261101090000', fileName: file, module: 'shared', statements: splitStatements(text) }]);
    const table = originOf(provenance.tables.get('public.user_phone_numbers'));
    expect(table).toMatchObject({ version: '20261101090000', action: 'created', summary: 'create table if not exists', ifNotExists: true });
    expect(originOf(provenance.columns.get('public.user_phone_numbers.phone_e164'))?.version).toBe('20261101090000');
    expect(originOf(provenance.indexes.get('public.user_phone_numbers_one_primary'))?.summary).toBe('create unique index if not exists');
    expect(originOf(provenance.indexes.get('public.user_phone_numbers_pkey'))?.summary).toContain('primary key');
    expect(originOf(provenance.indexes.get('public.user_phone_numbers_user_phone_key'))?.summary).toContain('unique constraint');
    // `drop policy if exists` before the create leaves no event of its own.
    expect(provenance.policies.get('public.user_phone_numbers.user_phone_numbers_select_own')?.map((event) => event.action)).toEqual(['created']);
    expect(moduleOfTable(provenance, 'public', 'profiles')).toBe('shared');
  });

  it('also knows which file defined each function, view, trigger, type and grant', () => {
    const provenance = buildProvenance([
      source(
        '1',
        'aloha',
        "create type aloha.call_state as enum ('ringing');\ncreate function aloha.touch() returns trigger language plpgsql as $$ begin return new; end $$;\ncreate table aloha.calls (id int, state aloha.call_state);\ncreate trigger calls_touch before update on aloha.calls for each row execute function aloha.touch();\ngrant select on aloha.calls to authenticated;",
      ),
      source(
        '2',
        'insights',
        "create view insights.call_counts as select count(*) from aloha.calls;\nalter type aloha.call_state add value 'ended';\nrevoke select on aloha.calls from authenticated;\ndrop function aloha.touch() cascade;",
      ),
    ]);
    expect(originOf(provenance.types.get('aloha.call_state'))).toMatchObject({ version: '1', summary: 'create enum type' });
    expect(provenance.types.get('aloha.call_state')?.map((event) => [event.version, event.action, event.summary])).toEqual([
      ['1', 'created', 'create enum type'],
      ['2', 'altered', 'add value ended'],
    ]);
    expect(provenance.functions.get('aloha.touch')?.map((event) => [event.version, event.action])).toEqual([
      ['1', 'created'],
      ['2', 'dropped'],
    ]);
    expect(originOf(provenance.triggers.get('aloha.calls.calls_touch'))?.module).toBe('aloha');
    expect(originOf(provenance.views.get('insights.call_counts'))?.module).toBe('insights');
    expect(provenance.grants.get('table aloha.calls')?.map((event) => event.summary)).toEqual([
      'grant select to authenticated',
      'revoke select from authenticated',
    ]);
  });

  it('follows a table, a column and a policy through renames, and records drops', () => {
    const provenance = buildProvenance([
      source('1', 'aloha', 'create table notes (id bigint primary key, body text); create policy "read" on notes for select using (true);'),
      source(
        '2',
        'aloha',
        'alter table notes rename column body to text_body; alter table notes rename to call_notes; alter policy "read" on call_notes rename to read_all;',
      ),
      source('3', 'sync', 'alter table call_notes drop column text_body; create index call_notes_id_idx on call_notes (id);'),
      source('4', 'sync', 'drop index call_notes_id_idx;'),
    ]);
    expect(provenance.tables.has('public.notes')).toBe(false);
    expect(provenance.tables.get('public.call_notes')?.map((event) => [event.version, event.action])).toEqual([
      ['1', 'created'],
      ['1', 'altered'],
      ['2', 'altered'],
      ['2', 'renamed'],
      ['3', 'altered'],
    ]);
    expect(provenance.columns.get('public.call_notes.text_body')?.map((event) => [event.version, event.action])).toEqual([
      ['1', 'created'],
      ['2', 'renamed'],
      ['3', 'dropped'],
    ]);
    expect(provenance.policies.get('public.call_notes.read_all')?.map((event) => event.action)).toEqual(['created', 'renamed']);
    expect(provenance.indexes.get('public.call_notes_id_idx')?.map((event) => event.action)).toEqual(['created', 'dropped']);
    expect(moduleOfTable(provenance, 'public', 'call_notes')).toBe('aloha');
  });

  it('knows that CREATE … IF NOT EXISTS on an existing object does nothing, and which new columns it never adds', () => {
    const provenance = buildProvenance([
      source('1', 'shared', 'create table if not exists profiles (id uuid primary key, email text);'),
      source(
        '2',
        'aloha',
        'create table if not exists profiles (id uuid primary key, email text, timezone text); create index if not exists p_idx on profiles (email); create index if not exists p_idx on profiles (lower(email));',
      ),
      source('3', 'aloha', 'alter table profiles add column if not exists email text;'),
    ]);
    expect(provenance.tables.get('public.profiles')?.map((event) => event.action)).toEqual(['created', 'skipped_if_not_exists', 'altered']);
    expect(provenance.columns.get('public.profiles.timezone')).toEqual([
      expect.objectContaining({ version: '2', action: 'skipped_if_not_exists', ifNotExists: true }),
    ]);
    expect(provenance.columns.get('public.profiles.email')?.map((event) => event.action)).toEqual(['created', 'skipped_if_not_exists']);
    expect(provenance.indexes.get('public.p_idx')?.map((event) => event.action)).toEqual(['created', 'skipped_if_not_exists']);
    expect(moduleOfTable(provenance, 'public', 'profiles')).toBe('shared');
  });

  it("resolves unqualified names with the file's own SET search_path, and forgets it at the next file", () => {
    const provenance = buildProvenance([
      source('1', 'aloha', 'set search_path = aloha; create table calls (id bigint);'),
      source('2', 'aloha', 'create table calls (id bigint);'),
    ]);
    expect(originOf(provenance.tables.get('aloha.calls'))?.version).toBe('1');
    expect(originOf(provenance.tables.get('public.calls'))?.version).toBe('2');
  });

  it('gives a table that was dropped and created again the later file as its origin', () => {
    const provenance = buildProvenance([
      source('1', 'aloha', 'create table t (a int);'),
      source('2', 'aloha', 'drop table t;'),
      source('3', 'studio', 'create table t (b int);'),
    ]);
    expect(originOf(provenance.tables.get('public.t'))?.version).toBe('3');
    expect(provenance.columns.get('public.t.a')?.map((event) => event.action)).toEqual(['created', 'dropped']);
    expect(moduleOfTable(provenance, 'public', 't')).toBe('studio');
  });
});

describe('buildProvenance remembers its last result', () => {
  const create = ['create table public.notes (id bigint primary key)'];
  const source = (statements: readonly string[]): ProvenanceSource => ({
    version: '20250101000000',
    fileName: '20250101000000_notes.sql',
    module: 'aloha',
    statements,
  });

  it('hands back the same result for the same statement arrays, so pages do not replay thousands of statements per load', () => {
    const first = buildProvenance([source(create)]);
    expect(buildProvenance([source(create)])).toBe(first);
  });

  it('replays again when an array, the order or a file changes', () => {
    const first = buildProvenance([source(create)]);
    const edited = buildProvenance([source(['create table public.memos (id bigint primary key)'])]);
    expect(edited).not.toBe(first);
    expect(edited.tables.has('public.memos')).toBe(true);
    expect(edited.tables.has('public.notes')).toBe(false);
    // Equal text in a new array is treated as new input (identity, not content, is the key).
    expect(buildProvenance([source([...create])])).not.toBe(edited);
    const renamed = buildProvenance([{ ...source(create), fileName: '20250101000000_notes_v2.sql' }]);
    expect(originOf(renamed.tables.get('public.notes'))?.fileName).toBe('20250101000000_notes_v2.sql');
  });
});
