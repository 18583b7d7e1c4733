import { parseAcl } from './acl';
import type {
  Catalog,
  CatalogColumn,
  CatalogConstraint,
  CatalogFunction,
  CatalogIndex,
  CatalogPolicy,
  CatalogTable,
  CatalogTrigger,
  CatalogType,
  CatalogView,
  ConstraintType,
  FunctionKind,
  PolicyCommand,
  TableKind,
  TypeKind,
} from './types';

/** The catalog document did not have the shape this console expects (an older or newer function). */
export class CatalogShapeError extends Error {
  constructor(detail: string) {
    super(`The catalog returned by the database has an unexpected shape (${detail}); the console and its database functions are out of step.`);
    this.name = 'CatalogShapeError';
  }
}

const CONSTRAINT_TYPES: Record<string, ConstraintType> = {
  p: 'primary_key',
  f: 'foreign_key',
  u: 'unique',
  c: 'check',
  x: 'exclusion',
  t: 'trigger',
  n: 'not_null',
};
const POLICY_COMMANDS: Record<string, PolicyCommand> = { r: 'select', a: 'insert', w: 'update', d: 'delete', '*': 'all' };
const FUNCTION_KINDS: Record<string, FunctionKind> = { f: 'function', p: 'procedure', a: 'aggregate', w: 'window' };
const TABLE_KINDS: Record<string, TableKind> = { r: 'table', p: 'partitioned', f: 'foreign' };
const TRIGGER_ENABLED: Record<string, CatalogTrigger['enabled']> = { O: 'origin', D: 'disabled', R: 'replica', A: 'always' };
const TYPE_KINDS: Record<string, TypeKind> = { e: 'enum', d: 'domain', c: 'composite', r: 'range', m: 'multirange' };

/**
 * Turns the JSON of the catalog query (rows as arrays; positions as in catalog-sql.ts) into the
 * console's types: tables with their columns, constraints, indexes, grants and policies.
 * Checked by hand rather than with a schema library: the document for 300 tables has ~5,000 rows.
 */
export function decodeCatalog(raw: unknown): Catalog {
  const doc = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
  if (!isRecord(doc) || doc.format !== 1) throw new CatalogShapeError('format 1 expected');
  const relations = rows(doc, 'relations');
  const blockSize = typeof doc.block_size === 'number' ? doc.block_size : 8192;

  type Relation = { kind: string; table?: CatalogTable; view?: CatalogView };
  const byOid = new Map<string, Relation>();
  const tables: CatalogTable[] = [];
  const views: CatalogView[] = [];
  for (const row of relations) {
    const oid = String(row[0]);
    const kind = str(row[3]);
    // Fields written out rather than spread: object spread here costs more than the rest of the loop.
    const schema = str(row[1]);
    const name = str(row[2]);
    const comment = nullableStr(row[11]);
    const grants = parseAcl(strArray(row[9]));
    if (kind === 'v' || kind === 'm') {
      const options = strArray(row[10]).map((option) => option.toLowerCase());
      const view: CatalogView = {
        schema,
        name,
        materialized: kind === 'm',
        securityInvoker: options.some((option) => /^security_invoker=(1|true|yes|on)$/.test(option)),
        grants,
        readsAuthUsers: false,
        columns: [],
        comment,
      };
      views.push(view);
      byOid.set(oid, { kind, view });
      continue;
    }
    const reltuples = num(row[7]);
    const table: CatalogTable = {
      schema,
      name,
      kind: TABLE_KINDS[kind] ?? 'table',
      isPartition: row[4] === true,
      rlsEnabled: row[5] === true,
      rlsForced: row[6] === true,
      estimatedRows: reltuples < 0 ? null : Math.round(reltuples),
      sizeBytes: num(row[8]) * blockSize,
      comment,
      columns: [],
      constraints: [],
      indexes: [],
      grants,
      policies: [],
      triggers: [],
    };
    tables.push(table);
    byOid.set(oid, { kind, table });
  }

  const columnNames = new Map<string, Map<number, string>>();
  for (const row of rows(doc, 'columns')) {
    const oid = String(row[0]);
    const relation = byOid.get(oid);
    if (!relation) continue;
    const identity = str(row[7]);
    const column: CatalogColumn = {
      name: str(row[2]),
      position: num(row[1]),
      type: str(row[3]),
      nullable: row[4] !== true,
      default: nullableStr(row[5]),
      hasDefault: row[6] === true,
      identity: identity === 'a' ? 'always' : identity === 'd' ? 'by_default' : null,
      generated: str(row[8]) !== '',
    };
    (relation.table ?? relation.view)?.columns.push(column);
    let names = columnNames.get(oid);
    if (!names) columnNames.set(oid, (names = new Map()));
    names.set(column.position, column.name);
  }
  const nameOf = (oid: string, position: number) => columnNames.get(oid)?.get(position) ?? null;

  for (const row of rows(doc, 'constraints')) {
    const oid = String(row[0]);
    const table = byOid.get(oid)?.table;
    if (!table) continue;
    const refTable = nullableStr(row[6]);
    const constraint: CatalogConstraint = {
      name: str(row[1]),
      type: CONSTRAINT_TYPES[str(row[2])] ?? 'check',
      definition: nullableStr(row[3]),
      columns: numArray(row[4]).flatMap((position) => nameOf(oid, position) ?? []),
      references: refTable ? { schema: str(row[5]), table: refTable } : null,
    };
    table.constraints.push(constraint);
  }

  for (const row of rows(doc, 'indexes')) {
    const oid = String(row[0]);
    const table = byOid.get(oid)?.table;
    if (!table) continue;
    const keyCount = num(row[6]);
    const keys = numArray(row[7]);
    const index: CatalogIndex = {
      name: str(row[1]),
      definition: nullableStr(row[2]),
      unique: row[3] === true,
      primary: row[4] === true,
      valid: row[5] === true,
      method: str(row[8]),
      // Position 0 marks an expression key.
      columns: keys.slice(0, keyCount).map((position) => (position === 0 ? null : nameOf(oid, position))),
      include: keys.slice(keyCount).flatMap((position) => nameOf(oid, position) ?? []),
      opclasses: numArray(row[9]),
      expressions: nullableStr(row[10]),
      predicate: nullableStr(row[11]),
      sizeBytes: num(row[12]) * blockSize,
    };
    table.indexes.push(index);
  }

  for (const row of rows(doc, 'policies')) {
    const table = byOid.get(String(row[0]))?.table;
    if (!table) continue;
    const policy: CatalogPolicy = {
      name: str(row[1]),
      command: POLICY_COMMANDS[str(row[2])] ?? 'all',
      permissive: row[3] !== false,
      // regrole prints the PUBLIC pseudo-role (oid 0) as `-`.
      roles: strArray(row[4]).map((role) => (role === '-' ? 'public' : unquoteIdentifier(role))),
      using: nullableStr(row[5]),
      withCheck: nullableStr(row[6]),
    };
    table.policies.push(policy);
  }

  for (const row of rows(doc, 'triggers')) {
    const table = byOid.get(String(row[0]))?.table;
    if (!table) continue;
    table.triggers.push({
      name: str(row[1]),
      definition: str(row[2]),
      enabled: TRIGGER_ENABLED[str(row[3])] ?? 'origin',
      function: { schema: str(row[4]), name: str(row[5]) },
    });
  }

  const types: CatalogType[] = rows(doc, 'types').map((row) => ({
    schema: str(row[0]),
    name: str(row[1]),
    kind: TYPE_KINDS[str(row[2])] ?? 'composite',
    details: strArray(row[3]),
    grants: parseAcl(strArray(row[4])),
  }));

  for (const oid of list(doc, 'views_reading_auth_users')) {
    const view = byOid.get(String(oid))?.view;
    if (view) view.readsAuthUsers = true;
  }

  const functions: CatalogFunction[] = rows(doc, 'functions').map((row) => {
    const config = strArray(row[6]);
    const searchPath = config.find((setting) => setting.toLowerCase().startsWith('search_path='));
    return {
      schema: str(row[0]),
      name: str(row[1]),
      arguments: str(row[2]),
      kind: FUNCTION_KINDS[str(row[3])] ?? 'function',
      language: str(row[4]),
      securityDefiner: row[5] === true,
      searchPath: searchPath === undefined ? null : searchPath.slice('search_path='.length),
      config,
      // No ACL means the default: every role may execute a function.
      executableBy:
        row[7] === null
          ? ['PUBLIC']
          : Object.entries(parseAcl(strArray(row[7])))
              .filter(([, privileges]) => privileges.includes('EXECUTE'))
              .map(([grantee]) => grantee),
      bodyMd5: str(row[8]),
      returns: str(row[9]),
    };
  });

  const byName = <T extends { schema: string; name: string }>(a: T, b: T) => compareText(a.schema, b.schema) || compareText(a.name, b.name);
  for (const table of tables) {
    table.columns.sort((a, b) => a.position - b.position);
    table.constraints.sort((a, b) => compareText(a.name, b.name));
    table.indexes.sort((a, b) => compareText(a.name, b.name));
    table.policies.sort((a, b) => compareText(a.name, b.name));
    table.triggers.sort((a, b) => compareText(a.name, b.name));
  }
  for (const view of views) view.columns.sort((a, b) => a.position - b.position);
  functions.sort((a, b) => byName(a, b) || compareText(a.arguments, b.arguments));

  const exposed =
    typeof doc.exposed_schemas === 'string'
      ? doc.exposed_schemas
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean)
      : null;
  return {
    serverVersion: num(doc.server_version),
    exposedSchemasSetting: exposed && exposed.length ? exposed : null,
    detail: doc.detail === true,
    schemas: list(doc, 'schemas').map(str).sort(compareText),
    tables: tables.sort(byName),
    views: views.sort(byName),
    functions,
    types: types.sort(byName),
    extensions: rows(doc, 'extensions')
      .map((row) => ({ name: str(row[0]), schema: str(row[1]), version: str(row[2]), relocatable: row[3] === true }))
      .sort((a, b) => compareText(a.name, b.name)),
  };
}

/** Byte-wise comparison, the same on every machine (no locale), like `collate "C"`. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** regrole output quotes names that need it (`"Support Team"`). */
function unquoteIdentifier(name: string): string {
  return name.startsWith('"') && name.endsWith('"') ? name.slice(1, -1).replaceAll('""', '"') : name;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(doc: Record<string, unknown>, key: string): unknown[] {
  const value = doc[key];
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw new CatalogShapeError(`${key} is not a list`);
  return value;
}

function rows(doc: Record<string, unknown>, key: string): unknown[][] {
  const value = list(doc, key);
  for (const row of value) if (!Array.isArray(row)) throw new CatalogShapeError(`a row of ${key} is not a list`);
  return value as unknown[][];
}

function str(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return '';
}

function nullableStr(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function num(value: unknown): number {
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(number) ? number : 0;
}

function strArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function numArray(value: unknown): number[] {
  return Array.isArray(value) ? value.map(num) : [];
}
