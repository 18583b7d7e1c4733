/**
 * console.catalog(): the service role reads the catalog through the API; signed-in people (even
 * operators and admins) and anonymous callers are refused by the database itself, and the app's
 * server is the only way to the data, after its role check.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { asRole } from '../../devstack/testing/as-role';
import { DEMO, anonClient, serviceClient, signedInClient, superuserSql } from '../../devstack/testing/clients';
import { decodeCatalog } from '../../lib/catalog/decode-catalog';

const sql = superuserSql();
afterAll(() => sql.end());

describe('console.catalog()', () => {
  it('answers the service role through the API with every table of the project, policies included', async () => {
    const { data, error } = await serviceClient().schema('console').rpc('catalog', { p_schema: null, p_table: null, p_detail: false });
    expect(error).toBeNull();
    const catalog = decodeCatalog(data);
    const phones = catalog.tables.find((table) => table.schema === 'public' && table.name === 'user_phone_numbers');
    expect(phones?.rlsEnabled).toBe(true);
    expect(phones?.policies.map((policy) => policy.name)).toEqual([
      'user_phone_numbers_delete_own',
      'user_phone_numbers_insert_own',
      'user_phone_numbers_select_own',
      'user_phone_numbers_update_own',
    ]);
    // Platform schemas stay out.
    expect(catalog.schemas).not.toContain('auth');
    expect(catalog.schemas).not.toContain('supabase_migrations');
    // Triggers of the tables (not the internal ones behind foreign keys) and the project's types.
    expect(phones?.triggers.map((trigger) => [trigger.name, `${trigger.function.schema}.${trigger.function.name}`, trigger.enabled])).toEqual([
      ['user_phone_numbers_record_change', 'public.record_phone_number_change', 'origin'],
    ]);
    const roles = catalog.types.find((type) => type.schema === 'console' && type.name === 'member_role');
    expect(roles?.kind).toBe('enum');
    expect(roles?.details).toEqual(expect.arrayContaining(['operator', 'admin', 'support']));
    // Row types of tables and the array types are not listed as types of their own.
    expect(catalog.types.find((type) => type.name === 'user_phone_numbers' || type.name.startsWith('_'))).toBeUndefined();
  });

  it('gives one table with its definitions in detail mode', async () => {
    const { data, error } = await serviceClient().schema('console').rpc('catalog', { p_schema: 'public', p_table: 'profiles', p_detail: true });
    expect(error).toBeNull();
    const catalog = decodeCatalog(data);
    expect(catalog.tables.map((table) => table.name)).toEqual(['profiles']);
    expect(catalog.tables[0]?.indexes.find((index) => index.name === 'profiles_pkey')?.definition).toBe(
      'CREATE UNIQUE INDEX profiles_pkey ON public.profiles USING btree (id)',
    );
    expect(catalog.functions).toEqual([]);
  });

  it('refuses signed-in people, operators and admins included', async () => {
    for (const person of [DEMO.operator, DEMO.admin]) {
      const { data, error } = await (await signedInClient(person)).schema('console').rpc('catalog', {});
      expect(data).toBeNull();
      expect(error?.code).toBe('42501');
    }
  });

  it('refuses anonymous callers', async () => {
    const { data, error } = await anonClient().schema('console').rpc('catalog', {});
    expect(data).toBeNull();
    expect(error?.code).toBe('42501');
  });

  it('refuses a caller who claims the service role without holding its grant', async () => {
    await expect(
      asRole(sql, { role: 'authenticated' }, (tx) => tx`select set_config('request.jwt.claims', '{"role":"service_role"}', true), console.catalog()`),
    ).rejects.toThrow(/permission denied/);
  });
});

describe('console.catalog_fingerprint()', () => {
  const fingerprint = async () => {
    const { data, error } = await serviceClient().schema('console').rpc('catalog_fingerprint');
    expect(error).toBeNull();
    expect(typeof data).toBe('string');
    return data as string;
  };
  const catalogOf = async () =>
    decodeCatalog((await serviceClient().schema('console').rpc('catalog', { p_schema: 'fingerprint_probe', p_table: null, p_detail: false })).data);

  afterAll(async () => {
    await sql.unsafe('drop schema if exists fingerprint_probe cascade');
  });

  it('stays put while nothing changes, and moves with every kind of change the catalog shows', async () => {
    await sql.unsafe('drop schema if exists fingerprint_probe cascade');
    await sql.unsafe('create schema fingerprint_probe');
    const steps: [string, string][] = [
      ['create a table', 'create table fingerprint_probe.notes (id bigint primary key, owner_id uuid not null)'],
      ['add a column', 'alter table fingerprint_probe.notes add column body text'],
      ['set a default', "alter table fingerprint_probe.notes alter column body set default ''"],
      ['enable RLS', 'alter table fingerprint_probe.notes enable row level security'],
      ['create a policy', 'create policy owner_reads on fingerprint_probe.notes for select to authenticated using ((select auth.uid()) = owner_id)'],
      ['change the policy', 'alter policy owner_reads on fingerprint_probe.notes using (false)'],
      ['grant', 'grant select on fingerprint_probe.notes to anon'],
      ['comment', "comment on table fingerprint_probe.notes is 'probe'"],
      ['create an index', 'create index notes_owner_idx on fingerprint_probe.notes (owner_id)'],
      ['add a constraint', 'alter table fingerprint_probe.notes add constraint body_short check (char_length(body) < 100)'],
      ['create a function', 'create function fingerprint_probe.answer() returns int language sql as $$ select 42 $$'],
      ['replace the function', 'create or replace function fingerprint_probe.answer() returns int language sql as $$ select 43 $$'],
      ['create a view', 'create view fingerprint_probe.note_ids as select id from fingerprint_probe.notes'],
      [
        'fill and analyze (row estimates, in place)',
        'insert into fingerprint_probe.notes (id, owner_id) select i, gen_random_uuid() from generate_series(1, 500) i; analyze fingerprint_probe.notes',
      ],
      ['drop the policy', 'drop policy owner_reads on fingerprint_probe.notes'],
      ['rename a column', 'alter table fingerprint_probe.notes rename column body to text_body'],
      ['create a trigger function', 'create function fingerprint_probe.touch() returns trigger language plpgsql as $$ begin return new; end $$'],
      ['create a trigger', 'create trigger notes_touch before update on fingerprint_probe.notes for each row execute function fingerprint_probe.touch()'],
      ['disable the trigger (in place of nothing else)', 'alter table fingerprint_probe.notes disable trigger notes_touch'],
      ['create an enum', "create type fingerprint_probe.mood as enum ('calm')"],
      ['add an enum label', "alter type fingerprint_probe.mood add value 'busy'"],
      ['create a domain', 'create domain fingerprint_probe.short_text as text check (char_length(value) < 10)'],
    ];
    let before = await fingerprint();
    expect(await fingerprint()).toBe(before);
    for (const [change, statement] of steps) {
      await sql.unsafe(statement);
      const after = await fingerprint();
      expect(after, change).not.toBe(before);
      before = after;
    }
    // And what moved it is what the catalog shows.
    const notes = (await catalogOf()).tables.find((table) => table.name === 'notes');
    expect(notes?.columns.map((column) => column.name)).toEqual(['id', 'owner_id', 'text_body']);
    expect(notes?.policies).toEqual([]);
    expect(notes?.triggers).toEqual([
      {
        name: 'notes_touch',
        definition: 'CREATE TRIGGER notes_touch BEFORE UPDATE ON fingerprint_probe.notes FOR EACH ROW EXECUTE FUNCTION fingerprint_probe.touch()',
        enabled: 'disabled',
        function: { schema: 'fingerprint_probe', name: 'touch' },
      },
    ]);
    expect((await catalogOf()).types.map(({ name, kind, details }) => ({ name, kind, details }))).toEqual([
      { name: 'mood', kind: 'enum', details: ['calm', 'busy'] },
      { name: 'short_text', kind: 'domain', details: ['text'] },
    ]);
  });

  it('is for the console server only, like the catalog', async () => {
    const admin = await signedInClient(DEMO.admin);
    expect((await admin.schema('console').rpc('catalog_fingerprint')).error?.code).toBe('42501');
    expect((await anonClient().schema('console').rpc('catalog_fingerprint')).error?.code).toBe('42501');
    const [fn] = await sql<{ definer: boolean; config: string[]; anon: boolean; authenticated: boolean }[]>`
      select p.prosecdef as definer, p.proconfig as config,
             has_function_privilege('anon', p.oid, 'execute') as anon,
             has_function_privilege('authenticated', p.oid, 'execute') as authenticated
      from pg_proc p where p.oid = 'console.catalog_fingerprint()'::regprocedure`;
    expect(fn).toEqual({ definer: true, config: ['search_path=""'], anon: false, authenticated: false });
  });
});
