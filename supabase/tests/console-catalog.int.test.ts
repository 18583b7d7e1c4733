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
      'user_phone_numbers_delete_own', 'user_phone_numbers_insert_own', 'user_phone_numbers_select_own', 'user_phone_numbers_update_own',
    ]);
    // Platform schemas stay out.
    expect(catalog.schemas).not.toContain('auth');
    expect(catalog.schemas).not.toContain('supabase_migrations');
  });

  it('gives one table with its definitions in detail mode', async () => {
    const { data, error } = await serviceClient().schema('console').rpc('catalog', { p_schema: 'public', p_table: 'profiles', p_detail: true });
    expect(error).toBeNull();
    const catalog = decodeCatalog(data);
    expect(catalog.tables.map((table) => table.name)).toEqual(['profiles']);
    expect(catalog.tables[0]?.indexes.find((index) => index.name === 'profiles_pkey')?.definition).toBe('CREATE UNIQUE INDEX profiles_pkey ON public.profiles USING btree (id)');
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
    await expect(asRole(sql, { role: 'authenticated' }, (tx) => tx`select set_config('request.jwt.claims', '{"role":"service_role"}', true), console.catalog()`)).rejects.toThrow(/permission denied/);
  });
});
