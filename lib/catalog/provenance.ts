/**
 * Provenance: which migration file created or changed each table, column, index and policy.
 *
 * Built from the files' statements (the same split the CLI records) in push order, replaying a
 * small model of the schema so that renames carry history along, and so that a
 * `CREATE … IF NOT EXISTS` on something that already exists is known to do nothing — the seed's
 * warned trap. Pure logic: the pages, the advisor and the drift check all use it.
 */
import { recogniseStatement, type DdlChange, type ObjectName, type TableConstraint } from '@/lib/sql/recognise-ddl';

export type ProvenanceSource = {
  version: string;
  fileName: string;
  module: string;
  statements: readonly string[];
};

export type ProvenanceAction = 'created' | 'altered' | 'dropped' | 'renamed' | 'skipped_if_not_exists';

export type ProvenanceEvent = {
  version: string;
  fileName: string;
  module: string;
  /** Position in the file's statements, from 0 as the CLI counts them. */
  statementIndex: number;
  action: ProvenanceAction;
  /** What the statement did, in a few words: `create table if not exists`, `add column`, `enable RLS`. */
  summary: string;
  /** The statement used CREATE … IF NOT EXISTS / ADD COLUMN IF NOT EXISTS. */
  ifNotExists: boolean;
};

export type ObjectKind = 'table' | 'column' | 'index' | 'policy' | 'function' | 'view' | 'trigger' | 'type' | 'grant';

export type Provenance = {
  /** `schema.table` */
  tables: Map<string, ProvenanceEvent[]>;
  /** `schema.table.column` */
  columns: Map<string, ProvenanceEvent[]>;
  /** `schema.index` */
  indexes: Map<string, ProvenanceEvent[]>;
  /** `schema.table.policy` */
  policies: Map<string, ProvenanceEvent[]>;
  /** `schema.function` (every overload of a name together) */
  functions: Map<string, ProvenanceEvent[]>;
  /** `schema.view`, materialized views included */
  views: Map<string, ProvenanceEvent[]>;
  /** `schema.table.trigger` */
  triggers: Map<string, ProvenanceEvent[]>;
  /** `schema.type`: enums, composite types, domains and ranges */
  types: Map<string, ProvenanceEvent[]>;
  /** `objecttype schema.object`: every GRANT and REVOKE on it, e.g. `table public.calls` */
  grants: Map<string, ProvenanceEvent[]>;
  /**
   * DO blocks whose bodies cannot be read whole (an EXECUTE of a string built at run time, another
   * language): an object no statement creates may still come from one of these. What the readable
   * blocks create is in the maps above, its summary saying "(in a DO block)".
   */
  doBlocks: ProvenanceEvent[];
};

export function columnKey(schema: string, table: string, column: string): string {
  return `${schema}.${table}.${column}`;
}

export function policyKey(schema: string, table: string, policy: string): string {
  return `${schema}.${table}.${policy}`;
}

export function indexKey(schema: string, index: string): string {
  return `${schema}.${index}`;
}

const key = (name: ObjectName) => `${name.schema}.${name.name}`;

/**
 * Replays the files in order (the caller gives them in push order). The result is shared: do
 * not modify it.
 *
 * The last result is remembered by the identity of its inputs: pages rebuild provenance from the
 * same few thousand statements on every load (~120 ms for 2,000 files), and those statement
 * arrays come from caches that hand out the same, never-modified array for the same content (the
 * folder's split by file hash, the history until its fingerprint changes). The same arrays in the
 * same order therefore mean the same result; a different array, even with equal text, rebuilds.
 */
export function buildProvenance(sources: readonly ProvenanceSource[]): Provenance {
  const inputs = sources.map((source) => `${source.version}\u0000${source.fileName}\u0000${source.module}\u0000${identityOf(source.statements)}`).join('\n');
  if (lastBuilt?.inputs === inputs) return lastBuilt.provenance;
  const builder = new ProvenanceBuilder();
  for (const source of sources) builder.file(source);
  lastBuilt = { inputs, provenance: builder.result };
  return builder.result;
}

let lastBuilt: { inputs: string; provenance: Provenance } | null = null;
const statementArrayIds = new WeakMap<readonly string[], number>();
let nextStatementArrayId = 1;

function identityOf(statements: readonly string[]): number {
  let id = statementArrayIds.get(statements);
  if (id === undefined) {
    id = nextStatementArrayId++;
    statementArrayIds.set(statements, id);
  }
  return id;
}

/** The event that made the object as it is now: the last creation (after any drop). */
export function originOf(events: readonly ProvenanceEvent[] | undefined): ProvenanceEvent | null {
  if (!events) return null;
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.action === 'created') return event;
  }
  return null;
}

/**
 * What to say of an object no statement of the migrations creates: made outside them, or, when
 * the migrations hold DO blocks that build SQL at run time, possibly made by one of those.
 */
export function noProvenanceText(provenance: Pick<Provenance, 'doBlocks'>): string {
  const blocks = provenance.doBlocks;
  if (blocks.length === 0) return 'No migration file creates this: it was made outside the migrations.';
  // Only the blocks whose bodies run SQL built at run time (or in another language) are left.
  const files = [...new Set(blocks.map((block) => block.fileName))];
  const named = files.length === 1 ? files[0] : `${files[0]} and ${files.length - 1} other file${files.length === 2 ? '' : 's'}`;
  return `No statement of the migrations creates this. It may come from SQL a DO block builds at run time (${blocks.length} such block${blocks.length === 1 ? '' : 's'} in ${named}), or from outside the migrations.`;
}

/** The module that owns a table: the module of the file that created it. */
export function moduleOfTable(provenance: Provenance, schema: string, table: string): string | null {
  return originOf(provenance.tables.get(`${schema}.${table}`))?.module ?? null;
}

class ProvenanceBuilder {
  readonly result: Provenance = {
    tables: new Map(),
    columns: new Map(),
    indexes: new Map(),
    policies: new Map(),
    functions: new Map(),
    views: new Map(),
    triggers: new Map(),
    types: new Map(),
    grants: new Map(),
    doBlocks: [],
  };
  // The replayed model: what exists after the statements so far.
  private readonly tables = new Map<string, Set<string>>();
  private readonly indexTable = new Map<string, string>();
  private readonly policies = new Set<string>();
  private readonly triggers = new Set<string>();
  private inDoBlock = false;
  private current: Omit<ProvenanceEvent, 'action' | 'summary' | 'ifNotExists'> = { version: '', fileName: '', module: '', statementIndex: 0 };

  file(source: ProvenanceSource): void {
    // The CLI runs RESET ALL before each file: a SET search_path never outlives its file.
    let defaultSchema = 'public';
    source.statements.forEach((statement, statementIndex) => {
      this.current = { version: source.version, fileName: source.fileName, module: source.module, statementIndex };
      for (const change of recogniseStatement(statement, defaultSchema)) {
        if (change.kind === 'set_search_path') {
          const first = change.schemas.find((schema) => schema !== '$user' && schema !== 'pg_catalog' && schema !== 'pg_temp');
          if (first) defaultSchema = first;
        } else this.apply(change);
      }
    });
  }

  private record(map: Map<string, ProvenanceEvent[]>, objectKey: string, action: ProvenanceAction, summary: string, ifNotExists = false): void {
    const event: ProvenanceEvent = { ...this.current, action, summary: this.inDoBlock ? `${summary} (in a DO block)` : summary, ifNotExists };
    const list = map.get(objectKey);
    if (list) list.push(event);
    else map.set(objectKey, [event]);
  }

  private move(map: Map<string, ProvenanceEvent[]>, from: string, to: string): void {
    const events = map.get(from);
    if (!events) return;
    map.delete(from);
    map.set(to, [...(map.get(to) ?? []), ...events]);
  }

  private apply(change: DdlChange): void {
    switch (change.kind) {
      case 'do_block':
        // What its PL/pgSQL body creates is credited to the DO statement, said so in the summary.
        {
          const outer = this.inDoBlock;
          this.inDoBlock = true;
          try {
            for (const inner of change.changes) this.apply(inner);
          } finally {
            this.inDoBlock = outer;
          }
        }
        if (change.unread) this.result.doBlocks.push({ ...this.current, action: 'altered', summary: 'DO block', ifNotExists: false });
        return;
      case 'create_table':
        return this.createTable(change);
      case 'alter_table':
        return this.alterTable(change.table, change.actions);
      case 'rename_table':
        return this.renameTable(change.table, { schema: change.table.schema, name: change.to }, `rename to ${change.to}`);
      case 'set_table_schema':
        return this.renameTable(change.table, { schema: change.to, name: change.table.name }, `move to schema ${change.to}`);
      case 'drop_table':
        for (const table of change.tables) this.dropTable(table);
        return;
      case 'create_index': {
        const indexId = key(change.index);
        const summary = `create ${change.unique ? 'unique ' : ''}index${change.concurrently ? ' concurrently' : ''}${change.ifNotExists ? ' if not exists' : ''}`;
        if (change.ifNotExists && this.indexTable.has(indexId)) {
          this.record(this.result.indexes, indexId, 'skipped_if_not_exists', `${summary}: skipped, the index already exists`, true);
          return;
        }
        this.indexTable.set(indexId, key(change.table));
        this.record(this.result.indexes, indexId, 'created', summary, change.ifNotExists);
        return;
      }
      case 'drop_index':
        for (const index of change.indexes) {
          const indexId = key(index);
          if (!this.indexTable.has(indexId) && change.ifExists) continue;
          this.indexTable.delete(indexId);
          this.record(this.result.indexes, indexId, 'dropped', 'drop index');
        }
        return;
      case 'rename_index': {
        const from = key(change.index);
        const to = `${change.index.schema}.${change.to}`;
        const table = this.indexTable.get(from);
        this.indexTable.delete(from);
        if (table) this.indexTable.set(to, table);
        this.move(this.result.indexes, from, to);
        this.record(this.result.indexes, to, 'renamed', `rename from ${change.index.name}`);
        return;
      }
      case 'create_policy': {
        const id = policyKey(change.table.schema, change.table.name, change.policy);
        this.policies.add(id);
        this.record(this.result.policies, id, 'created', `create policy (${change.permissive ? '' : 'restrictive, '}for ${change.command})`);
        this.touchTable(change.table, 'altered', `create policy ${change.policy}`);
        return;
      }
      case 'alter_policy': {
        const id = policyKey(change.table.schema, change.table.name, change.policy);
        if (change.renameTo) {
          const to = policyKey(change.table.schema, change.table.name, change.renameTo);
          this.policies.delete(id);
          this.policies.add(to);
          this.move(this.result.policies, id, to);
          this.record(this.result.policies, to, 'renamed', `rename from ${change.policy}`);
          return;
        }
        const parts = [change.roles ? 'roles' : null, change.using !== null ? 'USING' : null, change.withCheck !== null ? 'WITH CHECK' : null].filter(Boolean);
        this.record(this.result.policies, id, 'altered', `alter policy${parts.length ? ` (${parts.join(', ')})` : ''}`);
        return;
      }
      case 'drop_policy': {
        const id = policyKey(change.table.schema, change.table.name, change.policy);
        // `drop policy if exists` before a create is the idempotent idiom: no event when nothing was there.
        if (!this.policies.has(id) && change.ifExists) return;
        this.policies.delete(id);
        this.record(this.result.policies, id, 'dropped', 'drop policy');
        return;
      }
      case 'create_function':
        this.record(
          this.result.functions,
          key(change.function),
          'created',
          `${change.replace ? 'create or replace' : 'create'} ${change.procedure ? 'procedure' : 'function'} (${change.arguments})`,
        );
        return;
      case 'drop_function':
        for (const fn of change.functions) this.record(this.result.functions, key(fn), 'dropped', 'drop function');
        return;
      case 'create_view':
        this.record(
          this.result.views,
          key(change.view),
          'created',
          `${change.replace ? 'create or replace' : 'create'} ${change.materialized ? 'materialized ' : ''}view`,
        );
        return;
      case 'drop_view':
        for (const view of change.views) this.record(this.result.views, key(view), 'dropped', `drop ${change.materialized ? 'materialized ' : ''}view`);
        return;
      case 'create_trigger': {
        const id = policyKey(change.table.schema, change.table.name, change.trigger);
        this.triggers.add(id);
        this.record(this.result.triggers, id, 'created', `${change.replace ? 'create or replace' : 'create'} trigger`);
        return;
      }
      case 'drop_trigger': {
        const id = policyKey(change.table.schema, change.table.name, change.trigger);
        // `drop trigger if exists` before its create, on a trigger no file made yet, does nothing.
        if (change.ifExists && !this.triggers.has(id)) return;
        this.triggers.delete(id);
        this.record(this.result.triggers, id, 'dropped', 'drop trigger');
        return;
      }
      case 'create_type':
        this.record(this.result.types, key(change.type), 'created', `create ${change.typeKind === 'domain' ? 'domain' : `${change.typeKind} type`}`);
        return;
      case 'alter_type':
        this.record(this.result.types, key(change.type), 'altered', change.summary);
        return;
      case 'drop_type':
        for (const type of change.types) this.record(this.result.types, key(type), 'dropped', 'drop type');
        return;
      case 'grant':
        for (const object of change.objects) {
          this.record(
            this.result.grants,
            `${change.objectType} ${key(object)}`,
            'altered',
            `${change.grant ? 'grant' : 'revoke'} ${change.privileges.join(', ')} ${change.grant ? 'to' : 'from'} ${change.grantees.join(', ')}`,
          );
        }
        return;
      default:
        return;
    }
  }

  private createTable(change: Extract<DdlChange, { kind: 'create_table' }>): void {
    const tableId = key(change.table);
    const summary = `create table${change.ifNotExists ? ' if not exists' : ''}`;
    const existing = this.tables.get(tableId);
    if (change.ifNotExists && existing) {
      this.record(this.result.tables, tableId, 'skipped_if_not_exists', `${summary}: skipped, the table already exists`, true);
      for (const column of change.columns) {
        if (!existing.has(column.name)) {
          this.record(
            this.result.columns,
            `${tableId}.${column.name}`,
            'skipped_if_not_exists',
            `declared in a create table if not exists that is skipped: the column is never added`,
            true,
          );
        }
      }
      return;
    }
    this.tables.set(tableId, new Set(change.columns.map((column) => column.name)));
    this.record(this.result.tables, tableId, 'created', summary, change.ifNotExists);
    for (const column of change.columns)
      this.record(
        this.result.columns,
        `${tableId}.${column.name}`,
        'created',
        `${summary} (${column.type}${column.notNull ? ', not null' : ''})`,
        change.ifNotExists,
      );
    for (const constraint of change.constraints) this.constraintIndex(change.table, constraint, summary, change.ifNotExists);
  }

  /** Primary keys and unique constraints come with an index of their own. */
  private constraintIndex(table: ObjectName, constraint: TableConstraint, summary: string, ifNotExists: boolean): void {
    if (constraint.constraintType !== 'primary' && constraint.constraintType !== 'unique') return;
    const name =
      constraint.name ?? (constraint.constraintType === 'primary' ? `${table.name}_pkey` : `${table.name}_${constraint.columns.join('_')}_key`.slice(0, 63));
    const indexId = `${table.schema}.${name}`;
    this.indexTable.set(indexId, key(table));
    this.record(
      this.result.indexes,
      indexId,
      'created',
      `${summary} (${constraint.constraintType === 'primary' ? 'primary key' : 'unique constraint'})`,
      ifNotExists,
    );
  }

  private touchTable(table: ObjectName, action: ProvenanceAction, summary: string): void {
    this.record(this.result.tables, key(table), action, summary);
  }

  private alterTable(table: ObjectName, actions: Extract<DdlChange, { kind: 'alter_table' }>['actions']): void {
    const tableId = key(table);
    let columns = this.tables.get(tableId);
    if (!columns) {
      // Altering a table the files never created (made outside migrations, or by a DO block).
      columns = new Set();
      this.tables.set(tableId, columns);
    }
    const summaries: string[] = [];
    for (const action of actions) {
      switch (action.kind) {
        case 'add_column': {
          const id = `${tableId}.${action.column.name}`;
          if (action.ifNotExists && columns.has(action.column.name)) {
            this.record(this.result.columns, id, 'skipped_if_not_exists', 'add column if not exists: skipped, the column already exists', true);
          } else {
            columns.add(action.column.name);
            this.record(
              this.result.columns,
              id,
              'created',
              `add column${action.ifNotExists ? ' if not exists' : ''} (${action.column.type}${action.column.notNull ? ', not null' : ''})`,
              action.ifNotExists,
            );
          }
          summaries.push(`add column ${action.column.name}`);
          break;
        }
        case 'drop_column':
          columns.delete(action.column);
          this.record(this.result.columns, `${tableId}.${action.column}`, 'dropped', 'drop column');
          summaries.push(`drop column ${action.column}`);
          break;
        case 'alter_column_type':
          this.record(this.result.columns, `${tableId}.${action.column}`, 'altered', `change type to ${action.type}`);
          summaries.push(`change type of ${action.column}`);
          break;
        case 'set_default':
        case 'drop_default':
        case 'set_not_null':
        case 'drop_not_null': {
          const words = { set_default: 'set default', drop_default: 'drop default', set_not_null: 'set not null', drop_not_null: 'drop not null' }[action.kind];
          this.record(this.result.columns, `${tableId}.${action.column}`, 'altered', words);
          summaries.push(`${words} on ${action.column}`);
          break;
        }
        case 'alter_column_other':
          this.record(this.result.columns, `${tableId}.${action.column}`, 'altered', 'alter column');
          summaries.push(`alter column ${action.column}`);
          break;
        case 'rename_column': {
          const from = `${tableId}.${action.column}`;
          const to = `${tableId}.${action.to}`;
          columns.delete(action.column);
          columns.add(action.to);
          this.move(this.result.columns, from, to);
          this.record(this.result.columns, to, 'renamed', `rename from ${action.column}`);
          summaries.push(`rename column ${action.column} to ${action.to}`);
          break;
        }
        case 'enable_rls':
          summaries.push('enable RLS');
          break;
        case 'disable_rls':
          summaries.push('disable RLS');
          break;
        case 'force_rls':
          summaries.push('force RLS');
          break;
        case 'no_force_rls':
          summaries.push('stop forcing RLS');
          break;
        case 'add_constraint':
          this.constraintIndex(table, { name: action.name, constraintType: action.constraintType, columns: action.columns }, 'add constraint', false);
          summaries.push(`add constraint${action.name ? ` ${action.name}` : ''}`);
          break;
        case 'drop_constraint': {
          const indexId = `${table.schema}.${action.name}`;
          if (this.indexTable.delete(indexId)) this.record(this.result.indexes, indexId, 'dropped', 'drop constraint');
          summaries.push(`drop constraint ${action.name}`);
          break;
        }
        case 'rename_constraint':
          summaries.push(`rename constraint ${action.constraint}`);
          break;
        default:
          summaries.push('alter table');
      }
    }
    this.record(this.result.tables, tableId, 'altered', summaries.join(', ') || 'alter table');
  }

  private renameTable(from: ObjectName, to: ObjectName, summary: string): void {
    const fromId = key(from);
    const toId = key(to);
    const columns = this.tables.get(fromId) ?? new Set<string>();
    this.tables.delete(fromId);
    this.tables.set(toId, columns);
    this.move(this.result.tables, fromId, toId);
    for (const map of [this.result.columns, this.result.policies]) {
      for (const objectKey of [...map.keys()]) {
        if (objectKey.startsWith(`${fromId}.`)) this.move(map, objectKey, `${toId}.${objectKey.slice(fromId.length + 1)}`);
      }
    }
    for (const policy of [...this.policies]) {
      if (policy.startsWith(`${fromId}.`)) {
        this.policies.delete(policy);
        this.policies.add(`${toId}.${policy.slice(fromId.length + 1)}`);
      }
    }
    for (const [indexId, table] of this.indexTable) if (table === fromId) this.indexTable.set(indexId, toId);
    this.record(this.result.tables, toId, 'renamed', summary);
  }

  private dropTable(table: ObjectName): void {
    const tableId = key(table);
    const columns = this.tables.get(tableId);
    this.tables.delete(tableId);
    this.record(this.result.tables, tableId, 'dropped', 'drop table');
    for (const column of columns ?? []) this.record(this.result.columns, `${tableId}.${column}`, 'dropped', 'drop table');
    for (const policy of [...this.policies]) {
      if (policy.startsWith(`${tableId}.`)) {
        this.policies.delete(policy);
        this.record(this.result.policies, policy, 'dropped', 'drop table');
      }
    }
    for (const [indexId, owner] of [...this.indexTable]) {
      if (owner !== tableId) continue;
      this.indexTable.delete(indexId);
      this.record(this.result.indexes, indexId, 'dropped', 'drop table');
    }
  }
}
