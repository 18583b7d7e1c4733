/**
 * Which lock each statement takes on which existing table, and whether it rewrites or reads the
 * whole table while holding it, from PostgreSQL's parse tree. The rules follow PostgreSQL 17's own
 * (the "Table-Level Locks" docs and tablecmds.c's AlterTableGetLockLevel); an integration test
 * holds them against pg_locks and relfilenode on a real table of a million rows.
 *
 * Pure: it names tables as the statement writes them (schema or the default one); the caller joins
 * them with the live catalog for row estimates and sizes, and ignores tables that do not exist yet
 * (a table created earlier in the same push is new and empty).
 */
import { bodyOf, defElems, list, nameParts, nodeOf, objectNameParts, rangeVarName, someNode, type NodeBody } from './nodes';

export const LOCK_MODES = [
  'ACCESS SHARE',
  'ROW SHARE',
  'ROW EXCLUSIVE',
  'SHARE UPDATE EXCLUSIVE',
  'SHARE',
  'SHARE ROW EXCLUSIVE',
  'EXCLUSIVE',
  'ACCESS EXCLUSIVE',
] as const;
export type LockMode = (typeof LOCK_MODES)[number];

/** pg_locks spells the modes as `AccessExclusiveLock`; this maps them back. */
export function lockModeFromPg(mode: string): LockMode | null {
  const words = mode
    .replace(/Lock$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase();
  return (LOCK_MODES as readonly string[]).includes(words) ? (words as LockMode) : null;
}

export type TableLock = {
  schema: string;
  /** The table; empty when the statement names only an index (see `index`). */
  table: string;
  /** For DROP INDEX: the index named, whose table the caller finds in the catalog. */
  index?: string;
  mode: LockMode;
  /** The table is written anew (a new relfilenode): as long as the table is large. */
  rewrite: boolean;
  /** Every row is read (a validation or an index build) while the lock is held. */
  scan: boolean;
  /** What does it, in a few words ("ADD COLUMN … DEFAULT clock_timestamp()"). */
  cause: string;
};

/** Modes that keep ordinary writes (INSERT/UPDATE/DELETE) waiting. */
export function blocksWrites(mode: LockMode): boolean {
  return LOCK_MODES.indexOf(mode) >= LOCK_MODES.indexOf('SHARE');
}

/** ACCESS EXCLUSIVE keeps even reads waiting. */
export function blocksReads(mode: LockMode): boolean {
  return mode === 'ACCESS EXCLUSIVE';
}

export function strongerLock(a: LockMode, b: LockMode): LockMode {
  return LOCK_MODES.indexOf(a) >= LOCK_MODES.indexOf(b) ? a : b;
}

/** Functions whose value changes from row to row: a column default calling one rewrites the table. */
const VOLATILE_FUNCTIONS = new Set([
  'clock_timestamp',
  'random',
  'gen_random_uuid',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'nextval',
  'timeofday',
  'txid_current',
  'pg_current_xact_id',
  'gen_random_bytes',
  'uuid_generate_v7',
  'uuidv7',
  'uuidv4',
  'random_normal',
]);

/**
 * The locks of a file's statements, in order, following `SET search_path` for unqualified names.
 * Statements that do not parse have none (they are broken findings of their own).
 */
export function fileLocks(parsedStatements: readonly (readonly unknown[] | null)[]): { statementIndex: number; lock: TableLock }[] {
  let defaultSchema = 'public';
  const result: { statementIndex: number; lock: TableLock }[] = [];
  parsedStatements.forEach((nodes, statementIndex) => {
    for (const node of nodes ?? []) {
      const set = bodyOf(node, 'VariableSetStmt');
      if (set?.name === 'search_path' && set.kind === 'VAR_SET_VALUE') {
        const first = list(set.args)
          .map((arg) => bodyOf(arg, 'A_Const'))
          .find(Boolean) as { sval?: { sval?: string } } | undefined;
        if (first?.sval?.sval) defaultSchema = first.sval.sval;
      }
      for (const lock of statementLocks(node, defaultSchema)) result.push({ statementIndex, lock });
    }
  });
  return result;
}

/** The locks of one parsed statement on the tables it names. */
export function statementLocks(node: unknown, defaultSchema = 'public'): TableLock[] {
  const found = nodeOf(node);
  if (!found) return [];
  const [type, body] = found;
  const table = (range: unknown) => {
    const name = rangeVarName(range);
    return name ? { schema: name.schema ?? defaultSchema, table: name.name } : null;
  };
  const one = (range: unknown, mode: LockMode, cause: string, flags: { rewrite?: boolean; scan?: boolean } = {}): TableLock[] => {
    const target = table(range);
    return target ? [{ ...target, mode, rewrite: flags.rewrite ?? false, scan: flags.scan ?? false, cause }] : [];
  };
  switch (type) {
    case 'AlterTableStmt':
      return body.objtype && body.objtype !== 'OBJECT_TABLE' ? [] : alterTable(body, defaultSchema);
    case 'IndexStmt':
      return body.concurrent
        ? one(body.relation, 'SHARE UPDATE EXCLUSIVE', 'CREATE INDEX CONCURRENTLY (reads the table twice, writes go on)', { scan: true })
        : one(body.relation, 'SHARE', `CREATE ${body.unique ? 'UNIQUE ' : ''}INDEX without CONCURRENTLY`, { scan: true });
    case 'CreatePolicyStmt':
      return one(body.table, 'ACCESS EXCLUSIVE', 'CREATE POLICY');
    case 'AlterPolicyStmt':
      return one(body.table, 'ACCESS EXCLUSIVE', 'ALTER POLICY');
    case 'CreateTrigStmt':
      return one(body.relation, 'SHARE ROW EXCLUSIVE', 'CREATE TRIGGER');
    case 'TruncateStmt':
      return list(body.relations).flatMap((relation) => one(bodyOf(relation, 'RangeVar'), 'ACCESS EXCLUSIVE', 'TRUNCATE'));
    case 'DropStmt':
      return dropLocks(body, defaultSchema);
    case 'LockStmt': {
      const mode = LOCK_MODES[Math.max(0, Number(body.mode ?? 8) - 1)] ?? 'ACCESS EXCLUSIVE';
      return list(body.relations).flatMap((relation) => one(bodyOf(relation, 'RangeVar'), mode, `LOCK TABLE … IN ${mode} MODE`));
    }
    case 'VacuumStmt': {
      if (!body.is_vacuumcmd) return [];
      const full = defElems(body.options).has('full');
      return list(body.rels).flatMap((rel) => {
        const relation = bodyOf(rel, 'VacuumRelation')?.relation;
        return full
          ? one(relation, 'ACCESS EXCLUSIVE', 'VACUUM FULL', { rewrite: true, scan: true })
          : one(relation, 'SHARE UPDATE EXCLUSIVE', 'VACUUM', { scan: true });
      });
    }
    case 'ClusterStmt':
      return one(body.relation, 'ACCESS EXCLUSIVE', 'CLUSTER', { rewrite: true, scan: true });
    case 'ReindexStmt':
      if (body.kind !== 'REINDEX_OBJECT_TABLE') return [];
      return defElems(body.params).has('concurrently')
        ? one(body.relation, 'SHARE UPDATE EXCLUSIVE', 'REINDEX CONCURRENTLY', { scan: true })
        : one(body.relation, 'SHARE', 'REINDEX TABLE (each index is rebuilt)', { scan: true });
    case 'RenameStmt':
      return body.renameType === 'OBJECT_TABLE' || body.renameType === 'OBJECT_COLUMN' || body.relationType === 'OBJECT_TABLE'
        ? one(body.relation, 'ACCESS EXCLUSIVE', 'RENAME')
        : [];
    case 'UpdateStmt':
      return one(body.relation, 'ROW EXCLUSIVE', body.whereClause ? 'UPDATE' : 'UPDATE without WHERE (every row)', { scan: !body.whereClause });
    case 'DeleteStmt':
      return one(body.relation, 'ROW EXCLUSIVE', body.whereClause ? 'DELETE' : 'DELETE without WHERE (every row)', { scan: !body.whereClause });
    case 'CreateStmt':
      // A new table is empty; its foreign keys lock the tables they reference.
      return createTableReferences(body, defaultSchema);
    case 'RefreshMatViewStmt':
      return body.concurrent
        ? one(body.relation, 'EXCLUSIVE', 'REFRESH MATERIALIZED VIEW CONCURRENTLY', { scan: true })
        : one(body.relation, 'ACCESS EXCLUSIVE', 'REFRESH MATERIALIZED VIEW', { rewrite: true, scan: true });
    default:
      return [];
  }
}

function alterTable(body: NodeBody, defaultSchema: string): TableLock[] {
  const name = rangeVarName(body.relation);
  if (!name) return [];
  const schema = name.schema ?? defaultSchema;
  const locks: TableLock[] = [];
  let mode: LockMode | null = null;
  let rewrite = false;
  let scan = false;
  const causes: string[] = [];
  const add = (m: LockMode, cause: string, flags: { rewrite?: boolean; scan?: boolean } = {}) => {
    mode = mode ? strongerLock(mode, m) : m;
    rewrite ||= flags.rewrite ?? false;
    scan ||= flags.scan ?? false;
    causes.push(cause);
  };
  for (const cmd of list(body.cmds)) {
    const command = bodyOf(cmd, 'AlterTableCmd');
    if (!command) continue;
    const column = typeof command.name === 'string' ? command.name : '';
    switch (command.subtype) {
      case 'AT_AddColumn': {
        const definition = bodyOf(command.def, 'ColumnDef') ?? {};
        const volatile = columnFillsPerRow(definition);
        add('ACCESS EXCLUSIVE', volatile ? `ADD COLUMN ${String(definition.colname)} with ${volatile}` : `ADD COLUMN ${String(definition.colname)}`, {
          rewrite: volatile !== null,
          scan: volatile !== null,
        });
        for (const reference of columnReferences(definition, defaultSchema)) locks.push(reference);
        break;
      }
      case 'AT_AlterColumnType':
        add('ACCESS EXCLUSIVE', `ALTER COLUMN ${column} TYPE`, { rewrite: true, scan: true });
        break;
      case 'AT_SetNotNull':
        add('ACCESS EXCLUSIVE', `ALTER COLUMN ${column} SET NOT NULL (every row is checked)`, { scan: true });
        break;
      case 'AT_AddConstraint': {
        const constraint = bodyOf(command.def, 'Constraint') ?? {};
        const notValid = Boolean(constraint.skip_validation);
        switch (constraint.contype) {
          case 'CONSTR_FOREIGN': {
            add('SHARE ROW EXCLUSIVE', notValid ? 'ADD FOREIGN KEY … NOT VALID' : 'ADD FOREIGN KEY (every row is checked)', { scan: !notValid });
            const referenced = rangeVarName(constraint.pktable);
            if (referenced) {
              locks.push({
                schema: referenced.schema ?? defaultSchema,
                table: referenced.name,
                mode: 'SHARE ROW EXCLUSIVE',
                rewrite: false,
                scan: !notValid,
                cause: `referenced by a new foreign key of ${schema}.${name.name}`,
              });
            }
            break;
          }
          case 'CONSTR_CHECK':
            add('ACCESS EXCLUSIVE', notValid ? 'ADD CHECK … NOT VALID' : 'ADD CHECK (every row is checked)', { scan: !notValid });
            break;
          case 'CONSTR_PRIMARY':
          case 'CONSTR_UNIQUE':
          case 'CONSTR_EXCLUSION':
            add(
              'ACCESS EXCLUSIVE',
              constraint.indexname
                ? 'ADD CONSTRAINT … USING INDEX'
                : `ADD ${constraint.contype === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : 'UNIQUE'} (builds an index)`,
              { scan: !constraint.indexname },
            );
            break;
          default:
            add('ACCESS EXCLUSIVE', 'ADD CONSTRAINT');
        }
        break;
      }
      case 'AT_ValidateConstraint':
        add('SHARE UPDATE EXCLUSIVE', 'VALIDATE CONSTRAINT (every row is read, writes go on)', { scan: true });
        break;
      case 'AT_SetStatistics':
      case 'AT_SetOptions':
      case 'AT_ResetOptions':
      case 'AT_ClusterOn':
      case 'AT_DropCluster':
      case 'AT_SetRelOptions':
      case 'AT_ResetRelOptions':
        add('SHARE UPDATE EXCLUSIVE', 'a storage or statistics setting');
        break;
      case 'AT_EnableTrig':
      case 'AT_DisableTrig':
      case 'AT_EnableTrigAll':
      case 'AT_DisableTrigAll':
      case 'AT_EnableTrigUser':
      case 'AT_DisableTrigUser':
      case 'AT_EnableAlwaysTrig':
      case 'AT_EnableReplicaTrig':
        add('SHARE ROW EXCLUSIVE', 'ENABLE/DISABLE TRIGGER');
        break;
      case 'AT_SetLogged':
      case 'AT_SetUnLogged':
      case 'AT_SetAccessMethod':
      case 'AT_SetTableSpace':
        add('ACCESS EXCLUSIVE', 'SET LOGGED/UNLOGGED, ACCESS METHOD or TABLESPACE', { rewrite: true, scan: true });
        break;
      case 'AT_EnableRowSecurity':
        add('ACCESS EXCLUSIVE', 'ENABLE ROW LEVEL SECURITY');
        break;
      case 'AT_DisableRowSecurity':
      case 'AT_ForceRowSecurity':
      case 'AT_NoForceRowSecurity':
        add('ACCESS EXCLUSIVE', 'ROW LEVEL SECURITY setting');
        break;
      case 'AT_DropColumn':
        add('ACCESS EXCLUSIVE', `DROP COLUMN ${column}`);
        break;
      default:
        add(
          'ACCESS EXCLUSIVE',
          String(command.subtype ?? 'ALTER TABLE')
            .replace(/^AT_/, '')
            .replace(/([a-z])([A-Z])/g, '$1 $2')
            .toUpperCase(),
        );
    }
  }
  if (mode) locks.unshift({ schema, table: name.name, mode, rewrite, scan, cause: causes.join(', ') });
  return locks;
}

/** Why an added column is filled row by row (a rewrite), or null when PostgreSQL stores the default once. */
function columnFillsPerRow(definition: NodeBody): string | null {
  for (const item of list(definition.constraints)) {
    const constraint = bodyOf(item, 'Constraint');
    if (!constraint) continue;
    if (constraint.contype === 'CONSTR_IDENTITY') return 'an identity';
    if (constraint.contype === 'CONSTR_GENERATED') return 'a stored generated value';
    if (constraint.contype === 'CONSTR_DEFAULT') {
      let called = '';
      const volatile = someNode(constraint.raw_expr, (kind, node) => {
        if (kind !== 'FuncCall') return false;
        called = nameParts(node.funcname).pop()?.toLowerCase() ?? '';
        return VOLATILE_FUNCTIONS.has(called);
      });
      if (volatile) return `a volatile default (${called}())`;
    }
  }
  // serial/bigserial are a sequence default: nextval() per row.
  const typeName =
    nameParts((definition.typeName as { names?: unknown } | undefined)?.names)
      .pop()
      ?.toLowerCase() ?? '';
  if (['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2'].includes(typeName)) return `a ${typeName} (nextval() per row)`;
  return null;
}

function columnReferences(definition: NodeBody, defaultSchema: string): TableLock[] {
  return list(definition.constraints).flatMap((item) => {
    const constraint = bodyOf(item, 'Constraint');
    if (constraint?.contype !== 'CONSTR_FOREIGN') return [];
    const referenced = rangeVarName(constraint.pktable);
    return referenced
      ? [
          {
            schema: referenced.schema ?? defaultSchema,
            table: referenced.name,
            mode: 'SHARE ROW EXCLUSIVE' as const,
            rewrite: false,
            scan: false,
            cause: 'referenced by a new foreign key',
          },
        ]
      : [];
  });
}

function createTableReferences(body: NodeBody, defaultSchema: string): TableLock[] {
  const constraints = [...list(body.constraints), ...list(body.tableElts).flatMap((element) => list(bodyOf(element, 'ColumnDef')?.constraints))];
  return constraints.flatMap((item) => {
    const constraint = bodyOf(item, 'Constraint');
    if (constraint?.contype !== 'CONSTR_FOREIGN') return [];
    const referenced = rangeVarName(constraint.pktable);
    return referenced
      ? [
          {
            schema: referenced.schema ?? defaultSchema,
            table: referenced.name,
            mode: 'SHARE ROW EXCLUSIVE' as const,
            rewrite: false,
            scan: false,
            cause: 'referenced by a foreign key of a new table',
          },
        ]
      : [];
  });
}

function dropLocks(body: NodeBody, defaultSchema: string): TableLock[] {
  const names = objectNameParts(body.objects);
  const qualified = (parts: string[]) =>
    parts.length > 1
      ? { schema: parts[parts.length - 2] as string, table: parts[parts.length - 1] as string }
      : { schema: defaultSchema, table: parts[0] ?? '' };
  switch (body.removeType) {
    case 'OBJECT_TABLE':
      return names.map((parts) => ({ ...qualified(parts), mode: 'ACCESS EXCLUSIVE' as const, rewrite: false, scan: false, cause: 'DROP TABLE' }));
    case 'OBJECT_INDEX':
      // Without CONCURRENTLY: ACCESS EXCLUSIVE on the index's table too.
      return body.concurrent
        ? []
        : names.map((parts) => ({
            schema: qualified(parts).schema,
            table: '',
            index: qualified(parts).table,
            mode: 'ACCESS EXCLUSIVE' as const,
            rewrite: false,
            scan: false,
            cause: 'DROP INDEX without CONCURRENTLY',
          }));
    case 'OBJECT_POLICY':
    case 'OBJECT_TRIGGER':
    case 'OBJECT_RULE':
      // DROP POLICY name ON table: the table is all but the last part.
      return names.map((parts) => ({
        ...qualified(parts.slice(0, -1)),
        mode: body.removeType === 'OBJECT_TRIGGER' ? 'SHARE ROW EXCLUSIVE' : 'ACCESS EXCLUSIVE',
        rewrite: false,
        scan: false,
        cause: `DROP ${String(body.removeType).replace('OBJECT_', '')}`,
      }));
    default:
      return [];
  }
}
