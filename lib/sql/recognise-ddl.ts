/**
 * Statement-level recognition of the DDL that shapes the schema, from PostgreSQL's own parse tree
 * (lib/sql/parser.ts): tables, columns, indexes and policies (what provenance and the pending-file
 * lints follow closely), plus functions, views, triggers, types and grants for provenance, and the
 * `SET lock_timeout` / `SET search_path` settings the lints and name resolution need.
 *
 * Names come folded as PostgreSQL folds them (the parser did it); unqualified names resolve to the
 * current default schema (`public` unless a SET search_path said otherwise). Expressions and types
 * are PostgreSQL's own SQL for the parsed node (pgsql-deparser), not the characters as typed.
 * Anything it does not understand is `other`: provenance then has a gap, never a lie.
 */
import { deparseSync } from 'pgsql-deparser';
import { bodyOf, list, nameParts, nodeOf, objectNameParts, type NodeBody } from './nodes';
import { parsePlpgsqlBody, parseStatement } from './parser';

export type ObjectName = { schema: string; name: string };

export type ColumnDefinition = {
  name: string;
  /** The type as written, e.g. `timestamptz`, `varchar(255)`. */
  type: string;
  notNull: boolean;
  /** DEFAULT, identity or a generated expression: the column fills itself. */
  hasDefault: boolean;
  primaryKey: boolean;
  references: ObjectName | null;
};

export type TableConstraint = { name: string | null; constraintType: string; columns: string[] };

export type AlterTableAction =
  | { kind: 'add_column'; column: ColumnDefinition; ifNotExists: boolean }
  | { kind: 'drop_column'; column: string; ifExists: boolean }
  | { kind: 'alter_column_type'; column: string; type: string }
  | { kind: 'set_default' | 'drop_default' | 'set_not_null' | 'drop_not_null'; column: string }
  | { kind: 'alter_column_other'; column: string }
  | { kind: 'rename_column'; column: string; to: string }
  | { kind: 'rename_constraint'; constraint: string; to: string }
  | { kind: 'enable_rls' | 'disable_rls' | 'force_rls' | 'no_force_rls' }
  | { kind: 'add_constraint'; name: string | null; constraintType: string; notValid: boolean; columns: string[] }
  | { kind: 'drop_constraint'; name: string }
  | { kind: 'other'; text: string };

export type PolicyCommandWord = 'all' | 'select' | 'insert' | 'update' | 'delete';

export type DdlChange =
  | {
      kind: 'create_table';
      table: ObjectName;
      ifNotExists: boolean;
      columns: ColumnDefinition[];
      /** Table constraints (CONSTRAINT name … / PRIMARY KEY (…) / UNIQUE (…) …) and inline UNIQUE columns. */
      constraints: TableConstraint[];
      /** CREATE TABLE … AS / PARTITION OF / OF type: the columns are not listed here. */
      columnsUnknown: boolean;
      /** CREATE FOREIGN TABLE: rows come from another server, and row level security does not apply. */
      foreign?: boolean;
    }
  | { kind: 'alter_table'; table: ObjectName; ifExists: boolean; actions: AlterTableAction[] }
  | { kind: 'rename_table'; table: ObjectName; to: string }
  | { kind: 'set_table_schema'; table: ObjectName; to: string }
  | { kind: 'drop_table'; tables: ObjectName[]; ifExists: boolean; cascade: boolean }
  | {
      kind: 'create_index';
      /** In the table's schema; the name PostgreSQL would generate when the statement gives none. */
      index: ObjectName;
      nameGiven: boolean;
      table: ObjectName;
      unique: boolean;
      concurrently: boolean;
      ifNotExists: boolean;
      method: string;
      /** Key elements as written (column names or expressions). */
      elements: string[];
      where: string | null;
    }
  | { kind: 'drop_index'; indexes: ObjectName[]; ifExists: boolean; concurrently: boolean }
  | { kind: 'rename_index'; index: ObjectName; to: string }
  | {
      kind: 'create_policy';
      policy: string;
      table: ObjectName;
      permissive: boolean;
      command: PolicyCommandWord;
      roles: string[];
      using: string | null;
      withCheck: string | null;
    }
  | { kind: 'alter_policy'; policy: string; table: ObjectName; renameTo: string | null; roles: string[] | null; using: string | null; withCheck: string | null }
  | { kind: 'drop_policy'; policy: string; table: ObjectName; ifExists: boolean }
  | { kind: 'set_lock_timeout' }
  | { kind: 'set_search_path'; schemas: string[] }
  // Objects beyond tables, for provenance: which file defined each function, view, trigger, type and grant.
  | { kind: 'create_function'; function: ObjectName; arguments: string; replace: boolean; procedure: boolean }
  | { kind: 'drop_function'; functions: ObjectName[] }
  | { kind: 'create_view'; view: ObjectName; replace: boolean; materialized: boolean }
  | { kind: 'drop_view'; views: ObjectName[]; materialized: boolean }
  | { kind: 'create_trigger'; trigger: string; table: ObjectName; replace: boolean }
  | { kind: 'drop_trigger'; trigger: string; table: ObjectName; ifExists: boolean }
  | { kind: 'create_type'; type: ObjectName; typeKind: 'enum' | 'composite' | 'domain' | 'range' }
  | { kind: 'alter_type'; type: ObjectName; summary: string }
  | { kind: 'drop_type'; types: ObjectName[] }
  | { kind: 'grant'; grant: boolean; objectType: string; objects: ObjectName[]; privileges: string[]; grantees: string[] }
  | { kind: 'alter_role'; role: string; summary: string }
  /** CREATE ROLE / USER / GROUP. */
  | { kind: 'create_role'; role: string }
  /** ALTER DEFAULT PRIVILEGES: for which roles (none: the role running it), in which schemas (none: all), on what. */
  | { kind: 'alter_default_privileges'; roles: string[]; schemas: string[]; objectType: DefaultAclObject }
  /**
   * A DO block: the static SQL statements of its PL/pgSQL body, read by PL/pgSQL's own parser, in
   * order (each may run or not, by the block's conditions). `unread` when some of it cannot be known
   * from the text: an EXECUTE of a string built at run time, another language, a body that fails to parse.
   */
  | { kind: 'do_block'; changes: DdlChange[]; unread: boolean }
  | { kind: 'other' };

/** pg_default_acl.defaclobjtype: tables, sequences, functions, types, schemas. */
export type DefaultAclObject = 'r' | 'S' | 'f' | 'T' | 'n';

const DEFAULT_ACL_OBJECT: Record<string, DefaultAclObject> = {
  OBJECT_TABLE: 'r',
  OBJECT_SEQUENCE: 'S',
  OBJECT_FUNCTION: 'f',
  OBJECT_ROUTINE: 'f',
  OBJECT_PROCEDURE: 'f',
  OBJECT_TYPE: 'T',
  OBJECT_SCHEMA: 'n',
};

const CONSTRAINT_WORD: Record<string, string> = {
  CONSTR_PRIMARY: 'primary',
  CONSTR_UNIQUE: 'unique',
  CONSTR_FOREIGN: 'foreign',
  CONSTR_CHECK: 'check',
  CONSTR_EXCLUSION: 'exclude',
};

const POLICY_COMMANDS = new Set<PolicyCommandWord>(['all', 'select', 'insert', 'update', 'delete']);

/**
 * What one statement does. Kept by default schema and statement text (small results, bounded):
 * provenance replays every file's statements on a page load, and the parse is the costly part.
 */
export function recogniseStatement(sql: string, defaultSchema = 'public'): DdlChange[] {
  const cacheKey = `${defaultSchema}\u0000${sql}`;
  const cached = recognised.get(cacheKey);
  if (cached) return cached;
  const parsed = parseStatement(sql);
  const changes: DdlChange[] =
    !parsed.ok || parsed.nodes.length === 0 ? [{ kind: 'other' }] : parsed.nodes.flatMap((node) => recogniseNode(node, defaultSchema));
  if (recognised.size >= RECOGNISED_LIMIT) recognised.clear();
  recognised.set(cacheKey, changes);
  return changes;
}

const RECOGNISED_LIMIT = 100_000;
const recognised = new Map<string, DdlChange[]>();

function recogniseNode(node: unknown, defaultSchema: string): DdlChange[] {
  const found = nodeOf(node);
  if (!found) return [{ kind: 'other' }];
  const [type, body] = found;
  const name = (range: unknown): ObjectName | null => {
    const value = range as { schemaname?: string; relname?: string } | undefined;
    return value?.relname ? { schema: value.schemaname ?? defaultSchema, name: value.relname } : null;
  };
  const qualified = (parts: string[]): ObjectName =>
    parts.length > 1 ? { schema: parts[parts.length - 2] as string, name: parts[parts.length - 1] as string } : { schema: defaultSchema, name: parts[0] ?? '' };
  const objectNames = (objects: unknown) => objectNameParts(objects).map(qualified);

  switch (type) {
    case 'CreateRoleStmt':
      return typeof body.role === 'string' ? [{ kind: 'create_role', role: body.role }] : [{ kind: 'other' }];
    case 'AlterDefaultPrivilegesStmt': {
      const option = (name: string) =>
        list(body.options)
          .map((item) => bodyOf(item, 'DefElem'))
          .find((item) => item?.defname === name);
      const items = (name: string) => list(bodyOf(option(name)?.arg, 'List')?.items);
      const objectType = DEFAULT_ACL_OBJECT[String((body.action as NodeBody | undefined)?.objtype ?? '')];
      if (!objectType) return [{ kind: 'other' }];
      return [
        {
          kind: 'alter_default_privileges',
          roles: items('roles').flatMap((item) => {
            const role = bodyOf(item, 'RoleSpec')?.rolename;
            return typeof role === 'string' ? [role] : [];
          }),
          schemas: items('schemas').flatMap((item) => {
            const schema = bodyOf(item, 'String')?.sval;
            return typeof schema === 'string' ? [schema] : [];
          }),
          objectType,
        },
      ];
    }
    case 'DoStmt': {
      const options = new Map(
        list(body.args).flatMap((arg) => {
          const option = bodyOf(arg, 'DefElem');
          const value = (option?.arg as { String?: { sval?: unknown } } | undefined)?.String?.sval;
          return option && typeof option.defname === 'string' && typeof value === 'string' ? [[option.defname, value] as const] : [];
        }),
      );
      const code = options.get('as');
      if (code === undefined || (options.get('language') ?? 'plpgsql').toLowerCase() !== 'plpgsql') return [{ kind: 'do_block', changes: [], unread: true }];
      const read = parsePlpgsqlBody(code);
      if (!read.ok) return [{ kind: 'do_block', changes: [], unread: true }];
      const changes = read.statements.flatMap((statement) => recogniseStatement(statement, defaultSchema)).filter((change) => change.kind !== 'other');
      return [{ kind: 'do_block', changes, unread: read.dynamic > 0 }];
    }
    case 'CreateStmt': {
      const table = name(body.relation);
      if (!table || (body.relation as { relpersistence?: string }).relpersistence === 't') return [{ kind: 'other' }];
      return [createTable(table, body, defaultSchema)];
    }
    case 'CreateForeignTableStmt': {
      // A foreign table is a table to the catalog (relkind f): its definition is the CreateStmt inside.
      const base = body.base as NodeBody | undefined;
      const table = base ? name(base.relation) : null;
      return base && table ? [{ ...createTable(table, base, defaultSchema), foreign: true } as DdlChange] : [{ kind: 'other' }];
    }
    case 'CreateTableAsStmt': {
      if (body.objtype === 'OBJECT_MATVIEW') {
        const view = name((body.into as { rel?: unknown } | undefined)?.rel);
        return view ? [{ kind: 'create_view', view, replace: false, materialized: true }] : [{ kind: 'other' }];
      }
      const table = name((body.into as { rel?: unknown } | undefined)?.rel);
      if (!table || (body.into as { rel?: { relpersistence?: string } }).rel?.relpersistence === 't') return [{ kind: 'other' }];
      return [{ kind: 'create_table', table, ifNotExists: Boolean(body.if_not_exists), columns: [], constraints: [], columnsUnknown: true }];
    }
    case 'AlterTableStmt': {
      if (body.objtype === 'OBJECT_INDEX' || body.objtype === 'OBJECT_VIEW' || body.objtype === 'OBJECT_MATVIEW') return [{ kind: 'other' }];
      const table = name(body.relation);
      if (!table) return [{ kind: 'other' }];
      return [
        {
          kind: 'alter_table',
          table,
          ifExists: Boolean(body.missing_ok),
          actions: list(body.cmds).map((cmd) => alterAction(bodyOf(cmd, 'AlterTableCmd') ?? {}, defaultSchema)),
        },
      ];
    }
    case 'RenameStmt':
      return [rename(body, name, qualified)];
    case 'AlterObjectSchemaStmt': {
      const table = name(body.relation);
      return body.objectType === 'OBJECT_TABLE' && table && typeof body.newschema === 'string'
        ? [{ kind: 'set_table_schema', table, to: body.newschema }]
        : [{ kind: 'other' }];
    }
    case 'DropStmt':
      return [drop(body, objectNames)];
    case 'IndexStmt': {
      const table = name(body.relation);
      if (!table) return [{ kind: 'other' }];
      const elements = list(body.indexParams).map((param) => deparseElement(bodyOf(param, 'IndexElem') ?? {}));
      // PostgreSQL's own choice for an unnamed index (ChooseIndexName): table, simple column names, `idx`.
      const columnsPart = list(body.indexParams)
        .map((param) => {
          const element = bodyOf(param, 'IndexElem') ?? {};
          return typeof element.name === 'string' ? element.name : 'expr';
        })
        .join('_');
      const indexName = typeof body.idxname === 'string' ? body.idxname : null;
      return [
        {
          kind: 'create_index',
          index: { schema: table.schema, name: indexName ?? `${table.name}_${columnsPart}_idx`.slice(0, 63) },
          nameGiven: indexName !== null,
          table,
          unique: Boolean(body.unique),
          concurrently: Boolean(body.concurrent),
          ifNotExists: Boolean(body.if_not_exists),
          method: typeof body.accessMethod === 'string' ? body.accessMethod.toLowerCase() : 'btree',
          elements,
          where: body.whereClause ? deparse(body.whereClause) : null,
        },
      ];
    }
    case 'CreatePolicyStmt': {
      const table = name(body.table);
      if (!table || typeof body.policy_name !== 'string') return [{ kind: 'other' }];
      const command = String(body.cmd_name ?? 'all') as PolicyCommandWord;
      return [
        {
          kind: 'create_policy',
          policy: body.policy_name,
          table,
          // The parse tree leaves out false values: an absent flag is false.
          permissive: body.permissive === true,
          command: POLICY_COMMANDS.has(command) ? command : 'all',
          roles: roleNames(body.roles),
          using: body.qual ? deparse(body.qual) : null,
          withCheck: body.with_check ? deparse(body.with_check) : null,
        },
      ];
    }
    case 'AlterPolicyStmt': {
      const table = name(body.table);
      if (!table || typeof body.policy_name !== 'string') return [{ kind: 'other' }];
      return [
        {
          kind: 'alter_policy',
          policy: body.policy_name,
          table,
          renameTo: null,
          roles: body.roles ? roleNames(body.roles) : null,
          using: body.qual ? deparse(body.qual) : null,
          withCheck: body.with_check ? deparse(body.with_check) : null,
        },
      ];
    }
    case 'VariableSetStmt': {
      if (body.name === 'lock_timeout') return [{ kind: 'set_lock_timeout' }];
      if (body.name === 'search_path' && body.kind === 'VAR_SET_VALUE') {
        return [
          {
            kind: 'set_search_path',
            schemas: list(body.args).flatMap((arg) => {
              const value = (bodyOf(arg, 'A_Const') as { sval?: { sval?: string } } | null)?.sval?.sval;
              return value ? [value] : [];
            }),
          },
        ];
      }
      return [{ kind: 'other' }];
    }
    case 'SelectStmt':
      // select set_config('lock_timeout', '3s', true)
      return setsLockTimeout(body) ? [{ kind: 'set_lock_timeout' }] : [{ kind: 'other' }];
    case 'CreateFunctionStmt': {
      const parts = nameParts(body.funcname);
      const args = list(body.parameters)
        .flatMap((parameter) => {
          const value = bodyOf(parameter, 'FunctionParameter');
          if (!value || value.mode === 'FUNC_PARAM_OUT' || value.mode === 'FUNC_PARAM_TABLE') return [];
          return [deparse({ TypeName: value.argType })];
        })
        .join(', ');
      return [{ kind: 'create_function', function: qualified(parts), arguments: args, replace: Boolean(body.replace), procedure: Boolean(body.is_procedure) }];
    }
    case 'ViewStmt': {
      const view = name(body.view);
      return view ? [{ kind: 'create_view', view, replace: Boolean(body.replace), materialized: false }] : [{ kind: 'other' }];
    }
    case 'CreateTrigStmt': {
      const table = name(body.relation);
      return table && typeof body.trigname === 'string'
        ? [{ kind: 'create_trigger', trigger: body.trigname, table, replace: Boolean(body.replace) }]
        : [{ kind: 'other' }];
    }
    case 'CreateEnumStmt':
      return [{ kind: 'create_type', type: qualified(nameParts(body.typeName)), typeKind: 'enum' }];
    case 'CompositeTypeStmt': {
      const typeName = name(body.typevar);
      return typeName ? [{ kind: 'create_type', type: typeName, typeKind: 'composite' }] : [{ kind: 'other' }];
    }
    case 'CreateDomainStmt':
      return [{ kind: 'create_type', type: qualified(nameParts(body.domainname)), typeKind: 'domain' }];
    case 'CreateRangeStmt':
      return [{ kind: 'create_type', type: qualified(nameParts(body.typeName)), typeKind: 'range' }];
    case 'AlterEnumStmt':
      return [
        {
          kind: 'alter_type',
          type: qualified(nameParts(body.typeName)),
          summary: body.oldVal ? `rename value ${String(body.oldVal)} to ${String(body.newVal)}` : `add value ${String(body.newVal)}`,
        },
      ];
    case 'AlterRoleSetStmt':
    case 'AlterRoleStmt': {
      // The role is a RoleSpec struct here, not a node.
      const spec = body.role as { roletype?: string } | undefined;
      const role = roleNames([spec?.roletype ? { RoleSpec: spec } : body.role])[0] ?? 'unknown';
      const setting = bodyOf(body.setstmt, 'VariableSetStmt');
      const summary =
        type === 'AlterRoleSetStmt'
          ? setting?.name
            ? `${setting.kind === 'VAR_RESET' ? 'reset' : 'set'} ${String(setting.name)}${body.database ? ` in database ${String(body.database)}` : ''}`
            : 'reset all'
          : `with ${
              list(body.options)
                .map((option) => String(bodyOf(option, 'DefElem')?.defname ?? ''))
                .filter(Boolean)
                .join(', ') || 'options'
            }`;
      return [{ kind: 'alter_role', role, summary }];
    }
    case 'GrantStmt': {
      if (body.targtype !== 'ACL_TARGET_OBJECT') return [{ kind: 'other' }];
      const objectType = String(body.objtype ?? '')
        .replace(/^OBJECT_/, '')
        .toLowerCase();
      const objects = list(body.objects).flatMap((object) => {
        const range = bodyOf(object, 'RangeVar');
        if (range) return [name(range)!].filter(Boolean);
        const withArgs = bodyOf(object, 'ObjectWithArgs');
        if (withArgs) return [qualified(nameParts(withArgs.objname))];
        const parts = nameParts([object]);
        return parts.length ? [qualified(parts)] : [];
      });
      const privileges = body.privileges ? list(body.privileges).map((privilege) => String(bodyOf(privilege, 'AccessPriv')?.priv_name ?? '')) : ['all'];
      return [{ kind: 'grant', grant: Boolean(body.is_grant), objectType, objects, privileges, grantees: roleNames(body.grantees) }];
    }
    default:
      return [{ kind: 'other' }];
  }
}

function createTable(table: ObjectName, body: NodeBody, defaultSchema: string): DdlChange {
  const columns: ColumnDefinition[] = [];
  const constraints: TableConstraint[] = [];
  let columnsUnknown = Boolean(body.partbound) || Boolean(body.ofTypename);
  for (const element of list(body.tableElts)) {
    const found = nodeOf(element);
    if (!found) continue;
    const [type, value] = found;
    if (type === 'TableLikeClause') {
      columnsUnknown = true;
    } else if (type === 'ColumnDef') {
      const column = columnDefinition(value, defaultSchema);
      columns.push(column);
      // Inline UNIQUE / PRIMARY KEY make an index too.
      for (const item of list(value.constraints)) {
        const constraint = bodyOf(item, 'Constraint');
        if (constraint?.contype === 'CONSTR_UNIQUE' || constraint?.contype === 'CONSTR_PRIMARY') {
          constraints.push({
            name: typeof constraint.conname === 'string' ? constraint.conname : null,
            constraintType: CONSTRAINT_WORD[constraint.contype] as string,
            columns: [column.name],
          });
        }
      }
    } else if (type === 'Constraint') {
      const constraint = tableConstraint(value);
      constraints.push(constraint);
      if (constraint.constraintType === 'primary') {
        for (const name of constraint.columns) {
          const column = columns.find((candidate) => candidate.name === name);
          if (column) {
            column.primaryKey = true;
            column.notNull = true;
          }
        }
      }
    }
  }
  return { kind: 'create_table', table, ifNotExists: Boolean(body.if_not_exists), columns, constraints, columnsUnknown };
}

function tableConstraint(value: NodeBody): TableConstraint {
  const keys = value.contype === 'CONSTR_FOREIGN' ? value.fk_attrs : value.keys;
  return {
    name: typeof value.conname === 'string' ? value.conname : null,
    constraintType: CONSTRAINT_WORD[String(value.contype)] ?? 'check',
    columns: value.contype === 'CONSTR_CHECK' || value.contype === 'CONSTR_EXCLUSION' ? [] : nameParts(keys),
  };
}

function columnDefinition(value: NodeBody, defaultSchema: string): ColumnDefinition {
  const typeName = value.typeName as { names?: unknown } | undefined;
  const written = typeName ? deparse({ TypeName: typeName }) : '';
  const base = nameParts(typeName?.names).pop()?.toLowerCase() ?? '';
  const serial = ['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2'].includes(base);
  let notNull = serial;
  let hasDefault = serial;
  let primaryKey = false;
  let references: ObjectName | null = null;
  for (const item of list(value.constraints)) {
    const constraint = bodyOf(item, 'Constraint');
    switch (constraint?.contype) {
      case 'CONSTR_NOTNULL':
        notNull = true;
        break;
      case 'CONSTR_PRIMARY':
        primaryKey = true;
        notNull = true;
        break;
      case 'CONSTR_DEFAULT':
      case 'CONSTR_IDENTITY':
      case 'CONSTR_GENERATED':
        hasDefault = true;
        break;
      case 'CONSTR_FOREIGN': {
        const table = constraint.pktable as { schemaname?: string; relname?: string } | undefined;
        if (table?.relname) references = { schema: table.schemaname ?? defaultSchema, name: table.relname };
        break;
      }
      default:
    }
  }
  return { name: String(value.colname ?? ''), type: written, notNull, hasDefault, primaryKey, references };
}

function alterAction(command: NodeBody, defaultSchema: string): AlterTableAction {
  const column = typeof command.name === 'string' ? command.name : '';
  switch (command.subtype) {
    case 'AT_AddColumn':
      return { kind: 'add_column', column: columnDefinition(bodyOf(command.def, 'ColumnDef') ?? {}, defaultSchema), ifNotExists: Boolean(command.missing_ok) };
    case 'AT_DropColumn':
      return { kind: 'drop_column', column, ifExists: Boolean(command.missing_ok) };
    case 'AT_AlterColumnType': {
      const typeName = bodyOf(command.def, 'ColumnDef')?.typeName;
      return { kind: 'alter_column_type', column, type: typeName ? deparse({ TypeName: typeName }) : '' };
    }
    case 'AT_ColumnDefault':
      return { kind: command.def ? 'set_default' : 'drop_default', column };
    case 'AT_SetNotNull':
      return { kind: 'set_not_null', column };
    case 'AT_DropNotNull':
      return { kind: 'drop_not_null', column };
    case 'AT_EnableRowSecurity':
      return { kind: 'enable_rls' };
    case 'AT_DisableRowSecurity':
      return { kind: 'disable_rls' };
    case 'AT_ForceRowSecurity':
      return { kind: 'force_rls' };
    case 'AT_NoForceRowSecurity':
      return { kind: 'no_force_rls' };
    case 'AT_AddConstraint': {
      const constraint = bodyOf(command.def, 'Constraint') ?? {};
      return { kind: 'add_constraint', ...tableConstraint(constraint), notValid: Boolean(constraint.skip_validation) };
    }
    case 'AT_DropConstraint':
      return { kind: 'drop_constraint', name: column };
    case 'AT_SetStatistics':
    case 'AT_SetOptions':
    case 'AT_ResetOptions':
    case 'AT_SetStorage':
    case 'AT_SetCompression':
    case 'AT_AddIdentity':
    case 'AT_SetIdentity':
    case 'AT_DropIdentity':
    case 'AT_DropExpression':
      return column ? { kind: 'alter_column_other', column } : { kind: 'other', text: String(command.subtype) };
    default:
      return { kind: 'other', text: String(command.subtype ?? 'unknown') };
  }
}

function rename(body: NodeBody, name: (range: unknown) => ObjectName | null, qualified: (parts: string[]) => ObjectName): DdlChange {
  const to = typeof body.newname === 'string' ? body.newname : null;
  if (!to) return { kind: 'other' };
  const table = name(body.relation);
  switch (body.renameType) {
    case 'OBJECT_TABLE':
      return table ? { kind: 'rename_table', table, to } : { kind: 'other' };
    case 'OBJECT_COLUMN':
      return table && body.relationType === 'OBJECT_TABLE' && typeof body.subname === 'string'
        ? { kind: 'alter_table', table, ifExists: Boolean(body.missing_ok), actions: [{ kind: 'rename_column', column: body.subname, to }] }
        : { kind: 'other' };
    case 'OBJECT_TABCONSTRAINT':
      return table && typeof body.subname === 'string'
        ? { kind: 'alter_table', table, ifExists: Boolean(body.missing_ok), actions: [{ kind: 'rename_constraint', constraint: body.subname, to }] }
        : { kind: 'other' };
    case 'OBJECT_INDEX':
      return table ? { kind: 'rename_index', index: table, to } : { kind: 'other' };
    case 'OBJECT_POLICY':
      return table && typeof body.subname === 'string'
        ? { kind: 'alter_policy', policy: body.subname, table, renameTo: to, roles: null, using: null, withCheck: null }
        : { kind: 'other' };
    case 'OBJECT_TYPE':
      return { kind: 'alter_type', type: qualified(nameParts(bodyOf(body.object, 'List')?.items ?? [])), summary: `rename to ${to}` };
    default:
      return { kind: 'other' };
  }
}

function drop(body: NodeBody, objectNames: (objects: unknown) => ObjectName[]): DdlChange {
  const names = objectNames(body.objects);
  switch (body.removeType) {
    case 'OBJECT_TABLE':
    case 'OBJECT_FOREIGN_TABLE':
      return names.length
        ? { kind: 'drop_table', tables: names, ifExists: Boolean(body.missing_ok), cascade: body.behavior === 'DROP_CASCADE' }
        : { kind: 'other' };
    case 'OBJECT_INDEX':
      return names.length
        ? { kind: 'drop_index', indexes: names, ifExists: Boolean(body.missing_ok), concurrently: Boolean(body.concurrent) }
        : { kind: 'other' };
    case 'OBJECT_POLICY': {
      // DROP POLICY name ON table: the last part is the policy, the rest the table.
      const parts = nameParts(bodyOf(list(body.objects)[0], 'List')?.items ?? []);
      if (parts.length < 2) return { kind: 'other' };
      const policy = parts[parts.length - 1] as string;
      const tableParts = parts.slice(0, -1);
      const table =
        tableParts.length > 1
          ? { schema: tableParts[0] as string, name: tableParts[1] as string }
          : { schema: names[0]?.schema ?? 'public', name: tableParts[0] as string };
      return { kind: 'drop_policy', policy, table, ifExists: Boolean(body.missing_ok) };
    }
    case 'OBJECT_VIEW':
    case 'OBJECT_MATVIEW':
      return { kind: 'drop_view', views: names, materialized: body.removeType === 'OBJECT_MATVIEW' };
    case 'OBJECT_FUNCTION':
    case 'OBJECT_PROCEDURE':
      return {
        kind: 'drop_function',
        functions: list(body.objects).map((object) => {
          const parts = nameParts(bodyOf(object, 'ObjectWithArgs')?.objname);
          return parts.length > 1 ? { schema: parts[0] as string, name: parts[1] as string } : { schema: names[0]?.schema ?? 'public', name: parts[0] ?? '' };
        }),
      };
    case 'OBJECT_TYPE':
    case 'OBJECT_DOMAIN':
      return {
        kind: 'drop_type',
        types: list(body.objects).map((object) => {
          const parts = nameParts(bodyOf(object, 'TypeName')?.names);
          return parts.length > 1 ? { schema: parts[0] as string, name: parts[1] as string } : { schema: 'public', name: parts[0] ?? '' };
        }),
      };
    case 'OBJECT_TRIGGER': {
      const parts = nameParts(bodyOf(list(body.objects)[0], 'List')?.items ?? []);
      if (parts.length < 2) return { kind: 'other' };
      const tableParts = parts.slice(0, -1);
      return {
        kind: 'drop_trigger',
        trigger: parts[parts.length - 1] as string,
        table:
          tableParts.length > 1
            ? { schema: tableParts[0] as string, name: tableParts[1] as string }
            : { schema: names[0]?.schema ?? 'public', name: tableParts[0] as string },
        ifExists: Boolean(body.missing_ok),
      };
    }
    default:
      return { kind: 'other' };
  }
}

function roleNames(value: unknown): string[] {
  const roles = list(value).map((item) => {
    const role = bodyOf(item, 'RoleSpec') ?? {};
    switch (role.roletype) {
      case 'ROLESPEC_PUBLIC':
        return 'public';
      case 'ROLESPEC_CURRENT_USER':
        return 'current_user';
      case 'ROLESPEC_SESSION_USER':
        return 'session_user';
      case 'ROLESPEC_CURRENT_ROLE':
        return 'current_role';
      default:
        return String(role.rolename ?? '');
    }
  });
  return roles.length ? roles : ['public'];
}

function setsLockTimeout(body: NodeBody): boolean {
  for (const target of list(body.targetList)) {
    const call = bodyOf(bodyOf(target, 'ResTarget')?.val, 'FuncCall');
    if (!call || nameParts(call.funcname).pop() !== 'set_config') continue;
    const first = bodyOf(list(call.args)[0], 'A_Const') as { sval?: { sval?: string } } | null;
    if (first?.sval?.sval?.toLowerCase() === 'lock_timeout') return true;
  }
  return false;
}

/** PostgreSQL's SQL for a parsed node (pgsql-deparser). */
function deparse(node: unknown): string {
  return deparseSync(node as Parameters<typeof deparseSync>[0]).trim();
}

/** An index key as PostgreSQL writes it: `email`, `lower(email)`, `created_at DESC`. */
function deparseElement(element: NodeBody): string {
  const base = typeof element.name === 'string' ? quoteIdentifier(element.name) : `(${deparse(element.expr)})`.replace(/^\((\w+\(.*\))\)$/, '$1');
  const order = element.ordering === 'SORTBY_DESC' ? ' DESC' : element.ordering === 'SORTBY_ASC' ? ' ASC' : '';
  const nulls = element.nulls_ordering === 'SORTBY_NULLS_FIRST' ? ' NULLS FIRST' : element.nulls_ordering === 'SORTBY_NULLS_LAST' ? ' NULLS LAST' : '';
  return `${base}${order}${nulls}`;
}

/** The statement text of a parsed name, quoted when PostgreSQL would need quotes. */
export function quoteIdentifier(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

export function formatObjectName(name: ObjectName): string {
  return `${quoteIdentifier(name.schema)}.${quoteIdentifier(name.name)}`;
}
