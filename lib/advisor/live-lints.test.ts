import { describe, expect, it } from 'vitest';
import { catalog, fn, index, policy, table, view } from './__fixtures__/catalog';
import { lintCatalog } from './live-lints';
import type { LiveLint } from './types';

const EXPOSED = { exposedSchemas: ['public', 'console'] };

function lints(overrides: Parameters<typeof catalog>[0]): LiveLint[] {
  return lintCatalog(catalog(overrides), EXPOSED).map((finding) => finding.lint as LiveLint);
}

describe('lintCatalog', () => {
  it('finds nothing on a well-behaved table', () => {
    expect(lintCatalog(catalog(), EXPOSED)).toEqual([]);
  });

  it('rls_disabled_in_public: an exposed table the API roles can read, with RLS off', () => {
    const found = lintCatalog(catalog({ tables: [table({ rlsEnabled: false, policies: [] })] }), EXPOSED);
    expect(found.map((finding) => finding.lint)).toEqual(['rls_disabled_in_public']);
    expect(found[0]).toMatchObject({ level: 'error', objectLabel: 'table public.notes', fixSql: 'alter table public.notes enable row level security;' });
    // Not exposed, or no API grants: not reachable through the API.
    expect(lints({ tables: [table({ schema: 'internal', rlsEnabled: false, policies: [] })] })).toEqual([]);
    expect(lints({ tables: [table({ rlsEnabled: false, policies: [], grants: { service_role: ['SELECT'] } })] })).toEqual([]);
  });

  it('policy_exists_rls_disabled: policies on a table whose RLS is off', () => {
    expect(lints({ tables: [table({ schema: 'internal', rlsEnabled: false })] })).toEqual(['policy_exists_rls_disabled']);
    expect(lints({ tables: [table({ schema: 'internal' })] })).toEqual([]);
  });

  it('rls_enabled_no_policy: RLS on and no policy at all', () => {
    const found = lintCatalog(catalog({ tables: [table({ policies: [] })] }), EXPOSED);
    expect(found.map((finding) => [finding.lint, finding.level])).toEqual([['rls_enabled_no_policy', 'info']]);
    expect(lints({ tables: [table()] })).toEqual([]);
  });

  it('function_search_path_mutable: an error for SECURITY DEFINER, a warning otherwise; pinned paths pass', () => {
    const found = lintCatalog(
      catalog({
        functions: [
          fn({ searchPath: null, config: [], securityDefiner: true, executableBy: ['authenticated'] }),
          fn({ name: 'plain', searchPath: null, config: [] }),
        ],
      }),
      EXPOSED,
    );
    expect(found.map((finding) => [finding.lint, finding.level, finding.object.name])).toEqual([
      ['function_search_path_mutable', 'error', 'touch()'],
      ['function_search_path_mutable', 'warning', 'plain()'],
    ]);
    expect(lints({ functions: [fn({ securityDefiner: true, executableBy: ['authenticated'] })] })).toEqual([]);
    expect(lints({ functions: [fn({ searchPath: null, language: 'c' })] })).toEqual([]);
  });

  it('security_definer_view: an exposed view without security_invoker', () => {
    expect(lints({ views: [view({ securityInvoker: false })] })).toEqual(['security_definer_view']);
    expect(lints({ views: [view()] })).toEqual([]);
    expect(lints({ views: [view({ securityInvoker: false, grants: {} })] })).toEqual([]);
  });

  it('auth_users_exposed: an exposed view over auth.users that anon or authenticated can read', () => {
    expect(lints({ views: [view({ readsAuthUsers: true })] })).toEqual(['auth_users_exposed']);
    expect(lints({ views: [view({ readsAuthUsers: true, grants: { service_role: ['SELECT'] } })] })).toEqual([]);
    expect(lints({ views: [view({ readsAuthUsers: true, schema: 'internal' })] })).toEqual([]);
  });

  it('rls_references_user_metadata: a policy deciding from the user-editable metadata', () => {
    const reads = policy('admins', { using: "((( SELECT auth.jwt() AS jwt) -> 'user_metadata'::text) ->> 'role'::text) = 'admin'::text" });
    expect(lints({ tables: [table({ policies: [reads] })] })).toEqual(['rls_references_user_metadata']);
    const appMetadata = policy('admins', { using: "((( SELECT auth.jwt() AS jwt) -> 'app_metadata'::text) ->> 'role'::text) = 'admin'::text" });
    expect(lints({ tables: [table({ policies: [appMetadata] })] })).toEqual([]);
  });

  it('rls_policy_always_true: permissive writes with an always-true condition; reads with true are fine', () => {
    expect(lints({ tables: [table({ policies: [policy('anyone updates', { command: 'update', using: 'true', withCheck: 'true' })] })] })).toEqual([
      'rls_policy_always_true',
    ]);
    expect(
      lints({ tables: [table({ policies: [policy('anyone inserts', { command: 'insert', using: null, withCheck: 'true', roles: ['anon'] })] })] }),
    ).toEqual(['rls_policy_always_true']);
    expect(lints({ tables: [table({ policies: [policy('anyone writes', { command: 'all', using: 'true', withCheck: null, roles: ['anon'] })] })] })).toEqual([
      'rls_policy_always_true',
    ]);
    // No condition at all lets nothing through (PostgreSQL: no row visible, every insert refused).
    expect(lints({ tables: [table({ policies: [policy('no condition', { command: 'insert', using: null, withCheck: null, roles: ['anon'] })] })] })).toEqual(
      [],
    );
    expect(lints({ tables: [table({ policies: [policy('no condition', { command: 'all', using: null, withCheck: null, roles: ['anon'] })] })] })).toEqual([]);
    expect(lints({ tables: [table({ policies: [policy('public read', { command: 'select', using: 'true', roles: ['public'] })] })] })).toEqual([]);
    expect(lints({ tables: [table({ policies: [policy('service writes', { command: 'all', using: 'true', roles: ['service_role'] })] })] })).toEqual([]);
    expect(lints({ tables: [table({ policies: [policy('own', { command: 'update', withCheck: '(( SELECT auth.uid() AS uid) = user_id)' })] })] })).toEqual([]);
  });

  it('extension_in_public: an extension in public, with a fix only when it can be moved', () => {
    const found = lintCatalog(
      catalog({
        extensions: [
          { name: 'pg_trgm', schema: 'public', version: '1.6', relocatable: true },
          { name: 'plv8', schema: 'public', version: '3.1', relocatable: false },
          { name: 'pgcrypto', schema: 'extensions', version: '1.3', relocatable: true },
        ],
      }),
      EXPOSED,
    ).filter((finding) => finding.lint === 'extension_in_public');
    expect(found.map((finding) => [finding.object.name, finding.fixSql ?? null])).toEqual([
      ['pg_trgm', 'alter extension pg_trgm set schema extensions;'],
      ['plv8', null],
    ]);
    expect(found[1]?.detail).toContain('not relocatable');
  });

  it('foreign_table_in_api, materialized_view_in_api and security_definer_function_executable: what splinter also checks', () => {
    const foreign = table({ name: 'remote_orders', kind: 'foreign', grants: { anon: ['SELECT'] } });
    expect(lints({ tables: [foreign] })).toContain('foreign_table_in_api');
    expect(lints({ tables: [{ ...foreign, grants: {} }] })).not.toContain('foreign_table_in_api');
    const view = {
      schema: 'public',
      name: 'daily_totals',
      materialized: true,
      securityInvoker: false,
      grants: { authenticated: ['SELECT'] },
      readsAuthUsers: false,
      columns: [],
      comment: null,
    };
    expect(lints({ tables: [], views: [view] as never })).toEqual(['materialized_view_in_api']);
    const fn = {
      schema: 'public',
      name: 'email_of',
      arguments: 'p_user uuid',
      kind: 'function',
      language: 'sql',
      securityDefiner: true,
      searchPath: '',
      config: [],
      executableBy: ['PUBLIC'],
      bodyMd5: '',
      returns: 'text',
    };
    expect(lints({ tables: [], functions: [fn] as never })).toEqual(['security_definer_function_executable']);
    // A trigger function cannot be called over the API (nor directly): seen on a real project's handle_new_user().
    expect(lints({ tables: [], functions: [{ ...fn, returns: 'trigger' }] as never })).toEqual([]);
    expect(lints({ tables: [], functions: [{ ...fn, executableBy: ['authenticated'] }] as never })).toEqual([]);
    expect(lints({ tables: [], functions: [{ ...fn, securityDefiner: false }] as never })).toEqual([]);
  });

  it('multiple_permissive_policies: two permissive policies for one role and action', () => {
    const found = lintCatalog(catalog({ tables: [table({ policies: [policy('own'), policy('team', { command: 'all' })] })] }), EXPOSED);
    expect(found.map((finding) => finding.detail)).toEqual(['public.notes has 2 permissive policies for role authenticated on SELECT: "own", "team".']);
    expect(lints({ tables: [table({ policies: [policy('own'), policy('team', { permissive: false })] })] })).toEqual([]);
    expect(
      lints({
        tables: [
          table({ policies: [policy('own'), policy('insert own', { command: 'insert', using: null, withCheck: '(( SELECT auth.uid() AS uid) = user_id)' })] }),
        ],
      }),
    ).toEqual([]);
  });

  it('auth_rls_initplan: auth.uid() evaluated per row; the sub-select form passes', () => {
    const found = lintCatalog(catalog({ tables: [table({ policies: [policy('own', { using: '(auth.uid() = user_id)' })] })] }), EXPOSED);
    expect(found.map((finding) => finding.lint)).toEqual(['auth_rls_initplan']);
    expect(found[0]?.fixSql).toContain('using (((select auth.uid()) = user_id))');
    expect(lints({ tables: [table({ policies: [policy('claims', { using: "(current_setting('request.jwt.claims'::text, true) IS NOT NULL)" })] })] })).toEqual([
      'auth_rls_initplan',
    ]);
    expect(lints({ tables: [table()] })).toEqual([]);
  });

  it('unindexed_foreign_keys: a foreign key with no index starting with its columns', () => {
    const found = lintCatalog(catalog({ tables: [table({ indexes: [index('notes_pkey', ['id'], { unique: true, primary: true })] })] }), EXPOSED);
    expect(found.map((finding) => [finding.lint, finding.fixSql])).toEqual([
      ['unindexed_foreign_keys', 'create index concurrently notes_user_id_idx on public.notes (user_id);'],
    ]);
    expect(lints({ tables: [table({ indexes: [index('notes_pkey', ['id']), index('notes_user_body_idx', ['user_id', 'body'])] })] })).toEqual([]);
  });

  it('no_primary_key: a table without one', () => {
    expect(lints({ tables: [table({ constraints: [] })] })).toEqual(['no_primary_key']);
  });

  it('duplicate_index: the same key indexed twice; different opclasses or predicates are not duplicates', () => {
    expect(lints({ tables: [table({ indexes: [...table().indexes, index('notes_user_id_idx1', ['user_id'], { opclasses: [2969] })] })] })).toEqual([
      'duplicate_index',
    ]);
    expect(
      lints({
        tables: [table({ indexes: [...table().indexes, index('notes_user_recent', ['user_id'], { opclasses: [2969], predicate: 'archived IS FALSE' })] })],
      }),
    ).toEqual([]);
  });

  it('sorts errors first and gives every finding a stable key', () => {
    const found = lintCatalog(catalog({ tables: [table({ constraints: [], rlsEnabled: false, policies: [] })] }), EXPOSED);
    expect(found.map((finding) => finding.level)).toEqual(['error', 'info']);
    expect(found.map((finding) => finding.key)).toEqual(['rls_disabled_in_public:table:public.notes.notes', 'no_primary_key:table:public.notes.notes']);
  });
});
