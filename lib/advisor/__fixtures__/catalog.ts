/** Catalog-shaped fixtures for the lint tests: a well-behaved table by default, changed per test. */
import type { Catalog, CatalogColumn, CatalogFunction, CatalogIndex, CatalogPolicy, CatalogTable, CatalogView } from '@/lib/catalog/types';

export function column(name: string, overrides: Partial<CatalogColumn> = {}): CatalogColumn {
  return { name, position: 1, type: 'text', nullable: true, default: null, hasDefault: false, identity: null, generated: false, ...overrides };
}

export function index(name: string, columns: (string | null)[], overrides: Partial<CatalogIndex> = {}): CatalogIndex {
  return {
    name,
    definition: null,
    unique: false,
    primary: false,
    valid: true,
    method: 'btree',
    columns,
    include: [],
    opclasses: columns.map(() => 3126),
    expressions: null,
    predicate: null,
    sizeBytes: 8192,
    ...overrides,
  };
}

export function policy(name: string, overrides: Partial<CatalogPolicy> = {}): CatalogPolicy {
  return {
    name,
    command: 'select',
    permissive: true,
    roles: ['authenticated'],
    using: '(( SELECT auth.uid() AS uid) = user_id)',
    withCheck: null,
    ...overrides,
  };
}

/** public.notes: RLS on, one owner policy, primary key, indexed foreign key, API grants as Supabase gives them. */
export function table(overrides: Partial<CatalogTable> = {}): CatalogTable {
  return {
    schema: 'public',
    name: 'notes',
    kind: 'table',
    isPartition: false,
    rlsEnabled: true,
    rlsForced: false,
    estimatedRows: 10,
    sizeBytes: 16384,
    comment: null,
    columns: [
      column('id', { type: 'bigint', nullable: false }),
      column('user_id', { type: 'uuid', nullable: false, position: 2 }),
      column('body', { position: 3 }),
    ],
    constraints: [
      { name: 'notes_pkey', type: 'primary_key', definition: null, columns: ['id'], references: null },
      { name: 'notes_user_id_fkey', type: 'foreign_key', definition: null, columns: ['user_id'], references: { schema: 'auth', table: 'users' } },
    ],
    indexes: [index('notes_pkey', ['id'], { unique: true, primary: true, opclasses: [3124] }), index('notes_user_id_idx', ['user_id'], { opclasses: [2969] })],
    grants: {
      anon: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
      authenticated: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
      service_role: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
    },
    policies: [policy('notes_select_own')],
    triggers: [],
    ...overrides,
  };
}

export function view(overrides: Partial<CatalogView> = {}): CatalogView {
  return {
    schema: 'public',
    name: 'note_list',
    materialized: false,
    securityInvoker: true,
    grants: { anon: ['SELECT'], authenticated: ['SELECT'] },
    readsAuthUsers: false,
    columns: [],
    comment: null,
    ...overrides,
  };
}

export function fn(overrides: Partial<CatalogFunction> = {}): CatalogFunction {
  return {
    schema: 'public',
    name: 'touch',
    arguments: '',
    kind: 'function',
    language: 'plpgsql',
    securityDefiner: false,
    searchPath: "''",
    config: ["search_path=''"],
    executableBy: ['PUBLIC'],
    bodyMd5: 'x',
    returns: 'integer',
    ...overrides,
  };
}

export function catalog(overrides: Partial<Catalog> = {}): Catalog {
  return {
    serverVersion: 170000,
    exposedSchemasSetting: null,
    detail: false,
    schemas: ['public'],
    tables: [table()],
    views: [],
    functions: [],
    types: [],
    extensions: [],
    ...overrides,
  };
}
