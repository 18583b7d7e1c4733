/**
 * The structural differences between what the migrations declare (the shadow's catalog) and what
 * the live project holds. Only structure is compared — never row counts, sizes or statistics.
 * Pure; the causes are attributed separately (attribute-causes.ts).
 */
import type { Catalog, CatalogColumn, CatalogFunction, CatalogPolicy, CatalogTable, Grants } from '@/lib/catalog/types';
import { API_ROLES } from '@/lib/catalog/types';

export type DriftKind =
  | 'missing_table'
  | 'extra_table'
  | 'missing_column'
  | 'extra_column'
  | 'column_differs'
  | 'missing_index'
  | 'extra_index'
  | 'index_differs'
  | 'missing_constraint'
  | 'extra_constraint'
  | 'constraint_differs'
  | 'missing_policy'
  | 'extra_policy'
  | 'policy_differs'
  | 'rls_differs'
  | 'grants_differ'
  | 'missing_view'
  | 'extra_view'
  | 'view_differs'
  | 'missing_function'
  | 'extra_function'
  | 'function_differs';

export type DriftObjectType = 'table' | 'column' | 'index' | 'constraint' | 'policy' | 'rls' | 'grants' | 'view' | 'function';

export type Difference = {
  kind: DriftKind;
  object: { type: DriftObjectType; schema: string; table: string | null; name: string };
  /** What the migrations declare (the shadow), in words or SQL; null when they declare nothing. */
  expected: string | null;
  /** What the live project holds; null when it has nothing. */
  actual: string | null;
  /** For *_differs: each property that differs, e.g. `type: text here, varchar(20) live`. */
  differences: string[];
};

export function diffCatalogs(expected: Catalog, actual: Catalog): Difference[] {
  const differences: Difference[] = [];
  // The shadow is PostgreSQL 17; the live server may be older. A privilege its version does not
  // have (MAINTAIN came with 17, and `grant all` includes it there) is never a difference.
  const grantDifferences = (shadow: Grants, live: Grants) => grantDifferencesOn(shadow, live, privilegesUnknownTo(actual.serverVersion));
  const diffTable = (table: CatalogTable, live: CatalogTable) => diffTableWith(table, live, grantDifferences);
  const expectedTables = new Map(expected.tables.map((table) => [`${table.schema}.${table.name}`, table]));
  const actualTables = new Map(actual.tables.map((table) => [`${table.schema}.${table.name}`, table]));

  for (const [key, table] of expectedTables) {
    const live = actualTables.get(key);
    if (!live) {
      differences.push({
        kind: 'missing_table',
        object: { type: 'table', schema: table.schema, table: table.name, name: table.name },
        expected: describeTable(table),
        actual: null,
        differences: [],
      });
      continue;
    }
    differences.push(...diffTable(table, live));
  }
  for (const [key, table] of actualTables) {
    if (expectedTables.has(key)) continue;
    differences.push({
      kind: 'extra_table',
      object: { type: 'table', schema: table.schema, table: table.name, name: table.name },
      expected: null,
      actual: describeTable(table),
      differences: [],
    });
  }

  const expectedViews = new Map(expected.views.map((view) => [`${view.schema}.${view.name}`, view]));
  const actualViews = new Map(actual.views.map((view) => [`${view.schema}.${view.name}`, view]));
  for (const [key, view] of expectedViews) {
    const live = actualViews.get(key);
    const object = { type: 'view' as const, schema: view.schema, table: null, name: view.name };
    if (!live) differences.push({ kind: 'missing_view', object, expected: view.materialized ? 'materialized view' : 'view', actual: null, differences: [] });
    else {
      const changed = compare([
        ['security_invoker', String(view.securityInvoker), String(live.securityInvoker)],
        [
          'columns',
          view.columns.map((column) => `${column.name} ${column.type}`).join(', '),
          live.columns.map((column) => `${column.name} ${column.type}`).join(', '),
        ],
        ...grantDifferences(view.grants, live.grants),
      ]);
      if (changed.length) differences.push({ kind: 'view_differs', object, expected: null, actual: null, differences: changed });
    }
  }
  for (const [key, view] of actualViews) {
    if (!expectedViews.has(key))
      differences.push({
        kind: 'extra_view',
        object: { type: 'view', schema: view.schema, table: null, name: view.name },
        expected: null,
        actual: view.materialized ? 'materialized view' : 'view',
        differences: [],
      });
  }

  const fnKey = (fn: CatalogFunction) => `${fn.schema}.${fn.name}(${fn.arguments})`;
  const expectedFunctions = new Map(expected.functions.map((fn) => [fnKey(fn), fn]));
  const actualFunctions = new Map(actual.functions.map((fn) => [fnKey(fn), fn]));
  for (const [key, fn] of expectedFunctions) {
    const live = actualFunctions.get(key);
    const object = { type: 'function' as const, schema: fn.schema, table: null, name: `${fn.name}(${fn.arguments})` };
    if (!live) {
      differences.push({
        kind: 'missing_function',
        object,
        expected: `${fn.language} function${fn.securityDefiner ? ', security definer' : ''}`,
        actual: null,
        differences: [],
      });
      continue;
    }
    const changed = compare([
      ['body', fn.bodyMd5, live.bodyMd5, 'the function body differs'],
      ['security definer', String(fn.securityDefiner), String(live.securityDefiner)],
      ['search_path', fn.searchPath ?? '(not set)', live.searchPath ?? '(not set)'],
      ['language', fn.language, live.language],
      ['executable by', [...fn.executableBy].sort().join(', '), [...live.executableBy].sort().join(', ')],
    ]);
    if (changed.length) differences.push({ kind: 'function_differs', object, expected: null, actual: null, differences: changed });
  }
  for (const [key, fn] of actualFunctions) {
    if (!expectedFunctions.has(key)) {
      differences.push({
        kind: 'extra_function',
        object: { type: 'function', schema: fn.schema, table: null, name: `${fn.name}(${fn.arguments})` },
        expected: null,
        actual: `${fn.language} function${fn.securityDefiner ? ', security definer' : ''}`,
        differences: [],
      });
    }
  }
  return differences;
}

type GrantDiff = (expected: Grants, actual: Grants) => [string, string, string][];

function diffTableWith(expected: CatalogTable, live: CatalogTable, grantDifferences: GrantDiff): Difference[] {
  const differences: Difference[] = [];
  const table = expected.name;
  const schema = expected.schema;

  const rls = compare([
    ['row level security', expected.rlsEnabled ? 'enabled' : 'disabled', live.rlsEnabled ? 'enabled' : 'disabled'],
    ['forced for the owner', expected.rlsForced ? 'yes' : 'no', live.rlsForced ? 'yes' : 'no'],
  ]);
  if (rls.length) {
    differences.push({
      kind: 'rls_differs',
      object: { type: 'rls', schema, table, name: table },
      expected: rlsText(expected),
      actual: rlsText(live),
      differences: rls,
    });
  }

  const grants = compare(grantDifferences(expected.grants, live.grants));
  if (grants.length)
    differences.push({ kind: 'grants_differ', object: { type: 'grants', schema, table, name: table }, expected: null, actual: null, differences: grants });

  const liveColumns = new Map(live.columns.map((column) => [column.name, column]));
  const expectedColumns = new Map(expected.columns.map((column) => [column.name, column]));
  for (const column of expected.columns) {
    const object = { type: 'column' as const, schema, table, name: column.name };
    const other = liveColumns.get(column.name);
    if (!other) {
      differences.push({ kind: 'missing_column', object, expected: describeColumn(column), actual: null, differences: [] });
      continue;
    }
    const changed = compare([
      ['type', column.type, other.type],
      ['nullable', column.nullable ? 'null allowed' : 'not null', other.nullable ? 'null allowed' : 'not null'],
      ['default', column.default ?? '(none)', other.default ?? '(none)'],
      ['identity', column.identity ?? '(none)', other.identity ?? '(none)'],
      ['generated', String(column.generated), String(other.generated)],
    ]);
    if (changed.length)
      differences.push({ kind: 'column_differs', object, expected: describeColumn(column), actual: describeColumn(other), differences: changed });
  }
  for (const column of live.columns) {
    if (!expectedColumns.has(column.name))
      differences.push({
        kind: 'extra_column',
        object: { type: 'column', schema, table, name: column.name },
        expected: null,
        actual: describeColumn(column),
        differences: [],
      });
  }

  const liveIndexes = new Map(live.indexes.map((index) => [index.name, index]));
  const expectedIndexes = new Map(expected.indexes.map((index) => [index.name, index]));
  for (const index of expected.indexes) {
    const object = { type: 'index' as const, schema, table, name: index.name };
    const other = liveIndexes.get(index.name);
    if (!other) differences.push({ kind: 'missing_index', object, expected: index.definition, actual: null, differences: [] });
    else if (index.definition !== other.definition || index.valid !== other.valid) {
      differences.push({
        kind: 'index_differs',
        object,
        expected: index.definition,
        actual: other.definition,
        differences: compare([
          ['definition', index.definition ?? '', other.definition ?? ''],
          ['valid', String(index.valid), String(other.valid)],
        ]),
      });
    }
  }
  for (const index of live.indexes) {
    if (!expectedIndexes.has(index.name))
      differences.push({
        kind: 'extra_index',
        object: { type: 'index', schema, table, name: index.name },
        expected: null,
        actual: index.definition,
        differences: [],
      });
  }

  const liveConstraints = new Map(live.constraints.map((constraint) => [constraint.name, constraint]));
  const expectedConstraints = new Map(expected.constraints.map((constraint) => [constraint.name, constraint]));
  for (const constraint of expected.constraints) {
    const object = { type: 'constraint' as const, schema, table, name: constraint.name };
    const other = liveConstraints.get(constraint.name);
    if (!other) differences.push({ kind: 'missing_constraint', object, expected: constraint.definition, actual: null, differences: [] });
    else if (constraint.definition !== other.definition) {
      differences.push({
        kind: 'constraint_differs',
        object,
        expected: constraint.definition,
        actual: other.definition,
        differences: [`definition: ${constraint.definition} in the migrations, ${other.definition} live`],
      });
    }
  }
  for (const constraint of live.constraints) {
    if (!expectedConstraints.has(constraint.name))
      differences.push({
        kind: 'extra_constraint',
        object: { type: 'constraint', schema, table, name: constraint.name },
        expected: null,
        actual: constraint.definition,
        differences: [],
      });
  }

  const livePolicies = new Map(live.policies.map((policy) => [policy.name, policy]));
  const expectedPolicies = new Map(expected.policies.map((policy) => [policy.name, policy]));
  for (const policy of expected.policies) {
    const object = { type: 'policy' as const, schema, table, name: policy.name };
    const other = livePolicies.get(policy.name);
    if (!other) {
      differences.push({ kind: 'missing_policy', object, expected: describePolicy(policy), actual: null, differences: [] });
      continue;
    }
    const changed = compare([
      ['command', policy.command, other.command],
      ['permissive', policy.permissive ? 'permissive' : 'restrictive', other.permissive ? 'permissive' : 'restrictive'],
      ['roles', [...policy.roles].sort().join(', '), [...other.roles].sort().join(', ')],
      ['USING', policy.using ?? '(none)', other.using ?? '(none)'],
      ['WITH CHECK', policy.withCheck ?? '(none)', other.withCheck ?? '(none)'],
    ]);
    if (changed.length)
      differences.push({ kind: 'policy_differs', object, expected: describePolicy(policy), actual: describePolicy(other), differences: changed });
  }
  for (const policy of live.policies) {
    if (!expectedPolicies.has(policy.name))
      differences.push({
        kind: 'extra_policy',
        object: { type: 'policy', schema, table, name: policy.name },
        expected: null,
        actual: describePolicy(policy),
        differences: [],
      });
  }
  return differences;
}

/** [label, expected, actual, optional wording] → "label: expected in the migrations, actual live". */
function compare(pairs: ([string, string, string] | [string, string, string, string])[]): string[] {
  return pairs.filter(([, a, b]) => a !== b).map(([label, a, b, wording]) => wording ?? `${label}: ${a} in the migrations, ${b} live`);
}

/** Table privileges PostgreSQL added after a major version, by the version that added them. */
const PRIVILEGES_SINCE: readonly [number, string][] = [[170000, 'MAINTAIN']];

export function privilegesUnknownTo(serverVersion: number): ReadonlySet<string> {
  return new Set(PRIVILEGES_SINCE.filter(([since]) => serverVersion > 0 && serverVersion < since).map(([, privilege]) => privilege));
}

function grantDifferencesOn(expected: Grants, actual: Grants, unknownLive: ReadonlySet<string>): [string, string, string][] {
  const roles = [...API_ROLES, 'PUBLIC'];
  const known = (list: readonly string[] | undefined) => list?.filter((privilege) => !unknownLive.has(privilege));
  return roles.map((role) => [`grants to ${role}`, privileges(known(expected[role])), privileges(actual[role])]);
}

function privileges(list: readonly string[] | undefined): string {
  return list && list.length ? [...list].sort().join(', ') : 'none';
}

function rlsText(table: CatalogTable): string {
  return `RLS ${table.rlsEnabled ? 'enabled' : 'disabled'}${table.rlsForced ? ', forced' : ''}`;
}

export function describeColumn(column: CatalogColumn): string {
  return `${column.type}${column.nullable ? '' : ' not null'}${column.default ? ` default ${column.default}` : ''}${column.identity ? ` generated ${column.identity === 'always' ? 'always' : 'by default'} as identity` : ''}`;
}

function describeTable(table: CatalogTable): string {
  return `${table.columns.length} column${table.columns.length === 1 ? '' : 's'}, RLS ${table.rlsEnabled ? 'enabled' : 'disabled'}, ${table.policies.length} polic${table.policies.length === 1 ? 'y' : 'ies'}`;
}

function describePolicy(policy: CatalogPolicy): string {
  return `${policy.permissive ? 'permissive' : 'restrictive'} ${policy.command} to ${policy.roles.join(', ')}${policy.using ? ` using ${policy.using}` : ''}${policy.withCheck ? ` with check ${policy.withCheck}` : ''}`;
}
