/**
 * `console.migration_history()` through the gateway with the real supabase-js: the service role
 * reads the history the dev stack wrote; signed-in people (even admins) and anon are refused.
 * And in a scratch database with the console schema but no history table: "nothing pushed yet".
 */
import { readPlatformBootstrap } from '../platform/bootstrap';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { asRole } from '@/devstack/testing/as-role';
import { DEMO, anonClient, serviceClient, signedInClient, superuserSql } from '@/devstack/testing/clients';
import { PROJECT_ROOT, createScratchProject, type ScratchProject } from '@/devstack/testing/scratch-project';
import { HISTORY_SETUP_STATEMENTS, INSERT_HISTORY_ROW } from './history';
import { readMigrationsFolder } from './read-folder';

vi.mock('server-only', () => ({}));
const { RemoteHistoryError, fetchRemoteHistory, fetchRemoteHistoryFromDb, parseHistoryPayload } = await import('./remote-history');

describe('console.migration_history() through the API', () => {
  const sql = superuserSql();

  afterAll(async () => {
    await sql.end();
  });

  it('gives the service role every history row, in version order, as the database holds them', async () => {
    const history = await fetchRemoteHistory(serviceClient());
    expect(history.tableExists).toBe(true);
    expect(history).toEqual(await fetchRemoteHistoryFromDb(sql));
    // The dev stack applied the project's migrations, this one included, as the CLI records them.
    const files = new Map(readMigrationsFolder(path.join(PROJECT_ROOT, 'supabase', 'migrations')).files.map((file) => [file.version, file]));
    for (const version of ['20261101090000', '20261125100000', '20261126090000']) {
      const row = history.rows.find((candidate) => candidate.version === version);
      expect(row?.name).toBe(files.get(version)?.name);
      expect(row?.statements).toEqual(files.get(version)?.statements);
    }
  });

  it('refuses a signed-in admin: the history is for the console server only', async () => {
    const admin = await signedInClient(DEMO.admin);
    const { data, error } = await admin.schema('console').rpc('migration_history');
    expect(data).toBeNull();
    expect(error?.code).toBe('42501');
    await expect(fetchRemoteHistory(admin)).rejects.toThrow(RemoteHistoryError);
    await expect(fetchRemoteHistory(admin)).rejects.toThrow('service-role key only');
  });

  it('refuses operators and anon', async () => {
    const operator = await signedInClient(DEMO.operator);
    expect((await operator.schema('console').rpc('migration_history')).error?.code).toBe('42501');
    const anon = await anonClient().schema('console').rpc('migration_history');
    expect(anon.data).toBeNull();
    expect(anon.error?.code).toBe('42501');
  });

  it('keeps execute for service_role alone, and never runs as the caller', async () => {
    const [grants] = await sql<{ anon: boolean; authenticated: boolean; service_role: boolean; public_: boolean; definer: boolean; config: string[] }[]>`
      select has_function_privilege('anon', 'console.migration_history()', 'execute') as anon,
             has_function_privilege('authenticated', 'console.migration_history()', 'execute') as authenticated,
             has_function_privilege('service_role', 'console.migration_history()', 'execute') as service_role,
             exists (select 1 from pg_proc p, aclexplode(p.proacl) a where p.oid = 'console.migration_history()'::regprocedure and a.grantee = 0) as public_,
             p.prosecdef as definer, p.proconfig as config
      from pg_proc p where p.oid = 'console.migration_history()'::regprocedure`;
    expect(grants).toEqual({ anon: false, authenticated: false, service_role: true, public_: false, definer: true, config: ['search_path=""'] });
  });
});

describe('console.migration_history() in a project with nothing pushed yet', () => {
  let project: ScratchProject;

  beforeAll(async () => {
    const baseUrl = process.env.TEST_DATABASE_URL;
    if (!baseUrl) throw new Error('TEST_DATABASE_URL is not set; the integration global setup provides it.');
    // A linguistic collation, as hosted databases have: the history must still come in byte order.
    project = await createScratchProject(baseUrl, 'history_fn', "template template0 locale_provider icu icu_locale 'en-US'");
    // The platform and the project's schema, installed without any history (e.g. by hand).
    await project.sql.unsafe(readPlatformBootstrap(PROJECT_ROOT));
    for (const file of readMigrationsFolder(path.join(PROJECT_ROOT, 'supabase', 'migrations')).files) {
      await project.sql.unsafe(fs.readFileSync(path.join(PROJECT_ROOT, 'supabase', 'migrations', file.fileName), 'utf8'));
    }
  });

  afterAll(async () => {
    await project?.drop();
  });

  const call = (role: 'service_role' | 'authenticated' | 'anon') =>
    asRole(project.sql, { role }, async (tx) => (await tx<{ history: unknown }[]>`select console.migration_history() as history`)[0]?.history);

  it('reports table_exists false, not an error', async () => {
    const payload = await call('service_role');
    expect(payload).toEqual({ table_exists: false, rows: [] });
    expect(parseHistoryPayload(payload)).toEqual({ tableExists: false, rows: [] });
    expect(await fetchRemoteHistoryFromDb(project.sql)).toEqual({ tableExists: false, rows: [] });
  });

  it('refuses the other API roles here too', async () => {
    await expect(call('authenticated')).rejects.toMatchObject({ code: '42501' });
    await expect(call('anon')).rejects.toMatchObject({ code: '42501' });
  });

  it('reads an old history table that has only versions, then the CLI-made one', async () => {
    await project.sql.unsafe('create schema supabase_migrations');
    await project.sql.unsafe('create table supabase_migrations.schema_migrations (version text not null primary key)');
    await project.sql.unsafe("insert into supabase_migrations.schema_migrations values ('9'), ('10')");
    expect(await call('service_role')).toEqual({
      table_exists: true,
      rows: [
        { version: '10', name: null, statements: null },
        { version: '9', name: null, statements: null },
      ],
    });

    await project.sql.begin(async (tx) => {
      for (const statement of HISTORY_SETUP_STATEMENTS) await tx.unsafe(statement);
      await tx.unsafe(INSERT_HISTORY_ROW, ['20240101000000', 'first', ['select 1', '-- only a comment']]);
    });
    const payload = await call('service_role');
    const parsed = parseHistoryPayload(payload);
    expect(parsed.rows).toEqual([
      { version: '10', name: null, statements: null },
      { version: '20240101000000', name: 'first', statements: ['select 1', '-- only a comment'] },
      { version: '9', name: null, statements: null },
    ]);
    expect(await fetchRemoteHistoryFromDb(project.sql)).toEqual(parsed);
  });

  it('orders versions by bytes whatever the database collation', async () => {
    // Versions are digits, but rows written by hand may not be; en-US would sort these 1_a, 10, 1a, 1A, 9.
    await project.sql.unsafe("insert into supabase_migrations.schema_migrations (version) values ('1_a'), ('1a'), ('1A')");
    const [linguistic] = await project.sql<
      { versions: string[] }[]
    >`select array_agg(version order by version) as versions from supabase_migrations.schema_migrations`;
    expect(linguistic?.versions.slice(0, 3)).toEqual(['1_a', '10', '1a']);
    const bytes = ['10', '1A', '1_a', '1a', '20240101000000', '9'];
    expect(parseHistoryPayload(await call('service_role')).rows.map((row) => row.version)).toEqual(bytes);
    expect((await fetchRemoteHistoryFromDb(project.sql)).rows.map((row) => row.version)).toEqual(bytes);
  });
});

describe('the history kept between page loads (console.migration_history_fingerprint())', () => {
  const sql = superuserSql();
  const probeVersion = '29991231235959';

  afterAll(async () => {
    await sql`delete from supabase_migrations.schema_migrations where version = ${probeVersion}`;
    await sql.end();
  });

  it('is reused while nothing changed, and read again when a row is added, changed or removed', async () => {
    const client = serviceClient();
    const first = await fetchRemoteHistory(client);
    // The same object: the marker matched, the 700 kB of a large history were not read again.
    expect(await fetchRemoteHistory(serviceClient())).toBe(first);

    await sql`insert into supabase_migrations.schema_migrations (version, name, statements) values (${probeVersion}, 'history_cache_probe', ${['select 1']})`;
    const added = await fetchRemoteHistory(client);
    expect(added).not.toBe(first);
    expect(added.rows.at(-1)).toEqual({ version: probeVersion, name: 'history_cache_probe', statements: ['select 1'] });

    // An edit in place (same version, same name, same length): a new row version, a new marker.
    await sql`update supabase_migrations.schema_migrations set statements = ${['select 2']} where version = ${probeVersion}`;
    expect((await fetchRemoteHistory(client)).rows.at(-1)?.statements).toEqual(['select 2']);

    await sql`delete from supabase_migrations.schema_migrations where version = ${probeVersion}`;
    const removed = await fetchRemoteHistory(client);
    expect(removed.rows.some((row) => row.version === probeVersion)).toBe(false);
    expect(removed).toEqual(await fetchRemoteHistoryFromDb(sql));
  });

  it('is for the console server only, like the history itself', async () => {
    const admin = await signedInClient(DEMO.admin);
    expect((await admin.schema('console').rpc('migration_history_fingerprint')).error?.code).toBe('42501');
    expect((await anonClient().schema('console').rpc('migration_history_fingerprint')).error?.code).toBe('42501');
    const [grants] = await sql<{ anon: boolean; authenticated: boolean; service_role: boolean; definer: boolean; config: string[] }[]>`
      select has_function_privilege('anon', p.oid, 'execute') as anon,
             has_function_privilege('authenticated', p.oid, 'execute') as authenticated,
             has_function_privilege('service_role', p.oid, 'execute') as service_role,
             p.prosecdef as definer, p.proconfig as config
      from pg_proc p where p.oid = 'console.migration_history_fingerprint()'::regprocedure`;
    expect(grants).toEqual({ anon: false, authenticated: false, service_role: true, definer: true, config: ['search_path=""'] });
  });
});
