/**
 * Lints of pending migration files, in the spirit of Squawk: statements that lose data, take long
 * locks, break clients, or silently do nothing on the live project. They read the files' statements
 * (the CLI's split) with the DDL recogniser and compare with the live catalog, so "existing table"
 * means a table the live project has (a table created earlier in the same push is new).
 */
import type { Catalog, CatalogTable } from '@/lib/catalog/types';
import { recogniseStatement, type DdlChange, type ObjectName } from '@/lib/sql/recognise-ddl';
import { stripOuterParens } from './policy-expressions';
import { qualified } from './live-lints';
import { normalizeTypeName } from './type-names';
import { sortFindings, type AdvisorFinding, type AdvisorLevel, type FindingSource, type LintInfo, type PendingLint } from './types';

export type PendingFile = { version: string; fileName: string; statements: readonly string[] };

export type PendingLintContext = {
  /** The live catalog; "existing" objects are the ones it holds. */
  live: Catalog;
  exposedSchemas: readonly string[];
};

export const PENDING_LINT_INFO: Record<PendingLint, LintInfo> = {
  drop_table: {
    level: 'error',
    title: 'Drops a table',
    why: 'Every row of the table is gone once the push runs, and code of any module that still reads it fails.',
    fix: 'Make sure no module uses the table any more and its data is backed up or no longer needed; then approve knowingly.',
  },
  drop_column: {
    level: 'error',
    title: 'Drops a column',
    why: "The column's data is gone, and running code that selects or writes the column fails until it is deployed without it.",
    fix: 'Stop using the column in every module first (deploy), then drop it in a later push.',
  },
  not_null_without_default: {
    level: 'error',
    title: 'NOT NULL without a default on an existing table',
    why: 'Adding a NOT NULL column without a default fails as soon as the table has a row; setting NOT NULL on a column scans the whole table under an exclusive lock and fails if any row holds a null.',
    fix: 'Add the column with a default (or nullable, then backfill, then add a NOT NULL constraint as NOT VALID and validate it separately).',
  },
  non_concurrent_index: {
    level: 'warning',
    title: 'Creates an index without CONCURRENTLY',
    why: 'CREATE INDEX blocks every insert, update and delete on the table until the index is built; on a large table that is an outage.',
    fix: 'Use CREATE INDEX CONCURRENTLY in a migration file of its own (it cannot run inside a transaction block).',
  },
  column_type_change: {
    level: 'warning',
    title: "Changes a column's type",
    why: 'Most type changes rewrite the whole table under an exclusive lock, and clients that read or write the column may break.',
    fix: 'Add a new column of the new type, backfill it, switch the code over, then drop the old column in a later push.',
  },
  rename: {
    level: 'warning',
    title: 'Renames a table or column',
    why: 'Code already deployed in every module still uses the old name and fails the moment the push runs.',
    fix: 'Add the new name alongside the old (a new column, or a view under the old name), move the code, then remove the old name later.',
  },
  missing_lock_timeout: {
    level: 'warning',
    title: 'No lock_timeout before locking statements',
    why: 'A statement that needs an exclusive lock waits behind any long query, and every later query on the table queues behind it: the table freezes for as long as the wait lasts.',
    fix: "Start the file with `set lock_timeout = '5s';` so the push fails fast instead, and retry it later.",
  },
  new_table_without_rls: {
    level: 'error',
    title: 'New table in an exposed schema without RLS',
    why: 'Supabase grants the API roles access to new tables in public; without row level security anyone with the anon key can read and change every row as soon as the push runs.',
    fix: 'Enable row level security in the same migration and add the policies it needs.',
  },
  if_not_exists_differs: {
    level: 'error',
    title: 'IF NOT EXISTS on an object that already exists differently',
    why: 'The object already exists live, so PostgreSQL skips the whole statement with only a notice: the differences written in this file are never applied, and the file looks applied.',
    fix: 'Write the change as its own statements in a new migration (ALTER TABLE … ADD COLUMN, DROP INDEX then CREATE INDEX…).',
  },
  unique_constraint_on_existing_table: {
    level: 'warning',
    title: 'UNIQUE or PRIMARY KEY constraint added to an existing table',
    why: 'ADD CONSTRAINT … UNIQUE / PRIMARY KEY builds its index while holding ACCESS EXCLUSIVE on the table: every read and write waits until the whole table is indexed.',
    fix: 'Build the index first with CREATE UNIQUE INDEX CONCURRENTLY in a migration of its own, then ADD CONSTRAINT … USING INDEX, which only takes a brief lock.',
  },
  alter_role_in_migration: {
    level: 'warning',
    title: 'ALTER ROLE in a migration',
    why: 'Roles belong to the whole database cluster, not to the schema the migrations describe: ALTER ROLE … SET (or WITH …) changes every database and every environment the file is pushed to, is not undone by reverting the migration, and often needs rights a hosted project does not give.',
    fix: "Change role settings in the project's settings or a one-off script kept with the environment's configuration, not in a migration.",
  },
};

/** Statements that take a lock that blocks reads or writes of an existing table. */
function lockedTable(change: DdlChange): ObjectName | null {
  switch (change.kind) {
    case 'alter_table':
    case 'rename_table':
    case 'set_table_schema':
    case 'create_policy':
    case 'alter_policy':
    case 'drop_policy':
      return change.table;
    case 'drop_table':
      return change.tables[0] ?? null;
    case 'create_index':
      return change.concurrently ? null : change.table;
    default:
      return null;
  }
}

const nameKey = (name: ObjectName) => `${name.schema}.${name.name}`;

export function lintPendingFiles(files: readonly PendingFile[], context: PendingLintContext): AdvisorFinding[] {
  const liveTables = new Map(context.live.tables.map((table) => [nameKey(table), table]));
  const liveIndexes = new Map<string, { table: CatalogTable; index: CatalogTable['indexes'][number] }>();
  for (const table of context.live.tables) for (const index of table.indexes) liveIndexes.set(`${table.schema}.${index.name}`, { table, index });
  const exposed = new Set(context.exposedSchemas);
  // Tables created by the push itself: changing them locks nobody out and loses no data.
  const createdHere = new Set<string>();
  const rlsEnabledHere = new Set<string>();
  const newTables: { name: ObjectName; source: FindingSource }[] = [];
  const findings: AdvisorFinding[] = [];

  const add = (
    lint: PendingLint,
    source: FindingSource,
    object: AdvisorFinding['object'],
    objectLabel: string,
    detail: string,
    extra: { level?: AdvisorLevel; fixSql?: string } = {},
  ) => {
    const info = PENDING_LINT_INFO[lint];
    findings.push({
      lint,
      level: extra.level ?? info.level,
      title: info.title,
      object,
      objectLabel,
      detail,
      why: info.why,
      fix: info.fix,
      ...(extra.fixSql ? { fixSql: extra.fixSql } : {}),
      source,
      key: `${lint}:${source.fileName}:${source.statementIndex}:${[object.schema, object.table, object.name].filter(Boolean).join('.')}`,
    });
  };
  const liveViews = new Set(context.live.views.map((view) => nameKey(view)));
  const isExisting = (name: ObjectName) => (liveTables.has(nameKey(name)) || liveViews.has(nameKey(name))) && !createdHere.has(nameKey(name));
  const droppedIndexTable = (change: DdlChange): ObjectName | null => {
    if (change.kind !== 'drop_index' || change.concurrently) return null;
    for (const index of change.indexes) {
      const live = liveIndexes.get(nameKey(index));
      if (live) return { schema: live.table.schema, name: live.table.name };
    }
    return null;
  };
  const droppedView = (change: DdlChange): ObjectName | null =>
    change.kind === 'drop_view' ? (change.views.find((view) => liveViews.has(nameKey(view))) ?? null) : null;

  for (const file of files) {
    let lockTimeoutSet = false;
    let lockWarned = false;
    let defaultSchema = 'public';
    file.statements.forEach((statement, statementIndex) => {
      const source: FindingSource = { version: file.version, fileName: file.fileName, statementIndex };
      for (const change of recogniseStatement(statement, defaultSchema)) {
        if (change.kind === 'set_search_path') {
          const first = change.schemas.find((schema) => schema !== '$user');
          if (first) defaultSchema = first;
          continue;
        }
        if (change.kind === 'set_lock_timeout') {
          lockTimeoutSet = true;
          continue;
        }
        // DROP INDEX without CONCURRENTLY locks the index's table; DROP VIEW locks the view.
        const locked = lockedTable(change) ?? droppedIndexTable(change) ?? droppedView(change);
        if (locked && isExisting(locked) && !lockTimeoutSet && !lockWarned) {
          lockWarned = true;
          add(
            'missing_lock_timeout',
            source,
            { type: 'statement', schema: null, table: null, name: file.fileName },
            `file ${file.fileName}`,
            `${file.fileName} locks the existing table ${qualified(locked.schema, locked.name)} (statement ${statementIndex}) without setting lock_timeout first.`,
            { fixSql: "set lock_timeout = '5s';" },
          );
        }
        lintChange(change, source);
      }
    });
  }

  for (const table of newTables) {
    if (!exposed.has(table.name.schema) || rlsEnabledHere.has(nameKey(table.name))) continue;
    const name = qualified(table.name.schema, table.name.name);
    add(
      'new_table_without_rls',
      table.source,
      { type: 'table', schema: table.name.schema, table: table.name.name, name: table.name.name },
      `table ${name}`,
      `${name} is created in the exposed schema "${table.name.schema}" and no pending file enables row level security on it.`,
      { fixSql: `alter table ${name} enable row level security;` },
    );
  }
  return sortFindings(findings);

  function lintChange(change: DdlChange, source: FindingSource): void {
    switch (change.kind) {
      case 'create_table': {
        const id = nameKey(change.table);
        const live = liveTables.get(id);
        if (change.ifNotExists && live && !createdHere.has(id)) {
          ifNotExistsTable(change, live, source);
          return;
        }
        createdHere.add(id);
        // A foreign table cannot have row level security (the foreign_table_in_api lint covers it live).
        if (!change.foreign) newTables.push({ name: change.table, source });
        return;
      }
      case 'drop_table':
        for (const table of change.tables) {
          if (!isExisting(table)) continue;
          const live = liveTables.get(nameKey(table));
          const name = qualified(table.schema, table.name);
          add(
            'drop_table',
            source,
            { type: 'table', schema: table.schema, table: table.name, name: table.name },
            `table ${name}`,
            `Drops ${name}${live?.estimatedRows ? ` (about ${live.estimatedRows.toLocaleString('en-US')} rows)` : ''}${change.cascade ? ', with CASCADE: everything that depends on it goes too' : ''}.`,
          );
        }
        return;
      case 'rename_table':
        if (isExisting(change.table)) {
          const name = qualified(change.table.schema, change.table.name);
          add(
            'rename',
            source,
            { type: 'table', schema: change.table.schema, table: change.table.name, name: change.table.name },
            `table ${name}`,
            `Renames ${name} to ${change.to}.`,
          );
        }
        return;
      case 'alter_table': {
        const id = nameKey(change.table);
        const existing = isExisting(change.table);
        const live = liveTables.get(id);
        const name = qualified(change.table.schema, change.table.name);
        for (const action of change.actions) {
          if (action.kind === 'enable_rls') rlsEnabledHere.add(id);
          if (!existing) continue;
          const column = (columnName: string) => ({ type: 'column' as const, schema: change.table.schema, table: change.table.name, name: columnName });
          switch (action.kind) {
            case 'drop_column':
              add('drop_column', source, column(action.column), `column ${action.column} of ${name}`, `Drops column ${action.column} of ${name}.`);
              break;
            case 'add_column': {
              const liveColumn = live?.columns.find((candidate) => candidate.name === action.column.name);
              if (action.ifNotExists && liveColumn) {
                const written = normalizeTypeName(action.column.type);
                if (written && written !== liveColumn.type) {
                  add(
                    'if_not_exists_differs',
                    source,
                    column(action.column.name),
                    `column ${action.column.name} of ${name}`,
                    `${name}.${action.column.name} already exists live as ${liveColumn.type}; this ADD COLUMN IF NOT EXISTS declares ${action.column.type} and will be skipped.`,
                  );
                }
                break;
              }
              if (action.column.notNull && !action.column.hasDefault) {
                add(
                  'not_null_without_default',
                  source,
                  column(action.column.name),
                  `column ${action.column.name} of ${name}`,
                  `Adds ${action.column.name} to ${name} as NOT NULL without a default${live?.estimatedRows ? `; the table has about ${live.estimatedRows.toLocaleString('en-US')} rows, so the statement fails` : ''}.`,
                );
              }
              break;
            }
            case 'set_not_null':
              add(
                'not_null_without_default',
                source,
                column(action.column),
                `column ${action.column} of ${name}`,
                `Sets ${action.column} of ${name} NOT NULL: the whole table is scanned under an exclusive lock, and the statement fails if any row holds a null.`,
                { level: 'warning' },
              );
              break;
            case 'alter_column_type':
              add(
                'column_type_change',
                source,
                column(action.column),
                `column ${action.column} of ${name}`,
                `Changes the type of ${name}.${action.column} to ${action.type}.`,
              );
              break;
            case 'rename_column':
              add('rename', source, column(action.column), `column ${action.column} of ${name}`, `Renames ${name}.${action.column} to ${action.to}.`);
              break;
            case 'add_constraint':
              if (action.constraintType === 'unique' || action.constraintType === 'primary') {
                add(
                  'unique_constraint_on_existing_table',
                  source,
                  { type: 'table', schema: change.table.schema, table: change.table.name, name: change.table.name },
                  `table ${name}`,
                  `Adds a ${action.constraintType === 'primary' ? 'PRIMARY KEY' : 'UNIQUE'} constraint${action.name ? ` ${action.name}` : ''} on (${action.columns.join(', ')}) to ${name}${live?.estimatedRows ? ` (about ${live.estimatedRows.toLocaleString('en-US')} rows)` : ''}: its index is built under ACCESS EXCLUSIVE.`,
                );
              }
              break;
            default:
              break;
          }
        }
        return;
      }
      case 'alter_role':
        add(
          'alter_role_in_migration',
          source,
          { type: 'statement', schema: null, table: null, name: change.role },
          `role ${change.role}`,
          `${source.fileName} changes the role ${change.role} (${change.summary}): a setting of the whole cluster, not of this schema.`,
        );
        return;
      case 'create_index': {
        const indexId = nameKey(change.index);
        const live = liveIndexes.get(indexId);
        if (change.ifNotExists && live) {
          const differences = indexDifferences(change, live);
          if (differences.length) {
            add(
              'if_not_exists_differs',
              source,
              { type: 'index', schema: change.index.schema, table: change.table.name, name: change.index.name },
              `index ${qualified(change.index.schema, change.index.name)}`,
              `Index ${change.index.name} already exists live (${live.index.definition ?? describeLiveIndex(live)}); this CREATE INDEX IF NOT EXISTS differs (${differences.join('; ')}) and will be skipped.`,
            );
          }
          return;
        }
        if (!change.concurrently && isExisting(change.table)) {
          const liveTable = liveTables.get(nameKey(change.table));
          const rows = liveTable?.estimatedRows ?? null;
          add(
            'non_concurrent_index',
            source,
            { type: 'index', schema: change.index.schema, table: change.table.name, name: change.index.name },
            `index ${qualified(change.index.schema, change.index.name)}`,
            `Builds ${change.index.name} on ${qualified(change.table.schema, change.table.name)}${rows !== null ? ` (about ${rows.toLocaleString('en-US')} rows)` : ''} while blocking writes to it.`,
            { level: rows !== null && rows < 10_000 ? 'info' : 'warning' },
          );
        }
        return;
      }
      default:
        return;
    }
  }

  function ifNotExistsTable(change: Extract<DdlChange, { kind: 'create_table' }>, live: CatalogTable, source: FindingSource): void {
    if (change.columnsUnknown) return;
    const name = qualified(change.table.schema, change.table.name);
    const liveColumns = new Map(live.columns.map((column) => [column.name, column]));
    const missing = change.columns.filter((column) => !liveColumns.has(column.name)).map((column) => column.name);
    const differing = change.columns.flatMap((column) => {
      const liveColumn = liveColumns.get(column.name);
      const written = normalizeTypeName(column.type);
      if (!liveColumn || !written || written === liveColumn.type) return [];
      return [`${column.name} is ${liveColumn.type} live, ${column.type} here`];
    });
    if (missing.length === 0 && differing.length === 0) return;
    const parts = [
      missing.length ? `declares ${missing.length === 1 ? 'column' : 'columns'} ${missing.join(', ')} that the live table lacks` : null,
      differing.length ? differing.join('; ') : null,
    ].filter(Boolean);
    add(
      'if_not_exists_differs',
      source,
      { type: 'table', schema: change.table.schema, table: change.table.name, name: change.table.name },
      `table ${name}`,
      `${name} already exists live, so this CREATE TABLE IF NOT EXISTS is skipped; it ${parts.join('; ')}.`,
      {
        level: missing.length ? 'error' : 'warning',
        ...(missing.length
          ? {
              fixSql: change.columns
                .filter((column) => missing.includes(column.name))
                .map((column) => `alter table ${name} add column ${column.name} ${column.type}${column.notNull ? ' not null' : ''};`)
                .join('\n'),
            }
          : {}),
      },
    );
  }
}

function simpleElement(element: string): string | null {
  const match = /^("([^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)(\s+(asc|desc))?(\s+nulls\s+(first|last))?$/i.exec(element.trim());
  if (!match) return null;
  const name = match[1]!;
  return name.startsWith('"') ? name.slice(1, -1).replaceAll('""', '"') : name.toLowerCase();
}

function normalizeExpression(expression: string): string {
  return stripOuterParens(expression)
    .toLowerCase()
    .replace(/::[a-z ]+/g, '')
    .replace(/[\s()]/g, '');
}

/** What differs between a CREATE INDEX and the live index of the same name; empty when unsure. */
function indexDifferences(
  change: Extract<DdlChange, { kind: 'create_index' }>,
  live: { table: CatalogTable; index: CatalogTable['indexes'][number] },
): string[] {
  const differences: string[] = [];
  if (nameKey(change.table) !== `${live.table.schema}.${live.table.name}`) differences.push(`it is on ${qualified(live.table.schema, live.table.name)} live`);
  if (change.unique !== live.index.unique) differences.push(change.unique ? 'unique here, not live' : 'unique live, not here');
  if (change.method !== live.index.method) differences.push(`${change.method} here, ${live.index.method} live`);
  const written = change.elements.map(simpleElement);
  if (written.every((element) => element !== null) && live.index.columns.every((column) => column !== null)) {
    if (written.join(',') !== live.index.columns.join(',')) differences.push(`columns (${written.join(', ')}) here, (${live.index.columns.join(', ')}) live`);
  }
  if ((change.where === null) !== (live.index.predicate === null))
    differences.push(change.where ? `WHERE ${change.where} here, no condition live` : `no condition here, WHERE ${live.index.predicate} live`);
  else if (change.where && live.index.predicate && normalizeExpression(change.where) !== normalizeExpression(live.index.predicate)) {
    differences.push(`WHERE ${change.where} here, WHERE ${live.index.predicate} live`);
  }
  return differences;
}

function describeLiveIndex(live: { table: CatalogTable; index: CatalogTable['indexes'][number] }): string {
  const columns = live.index.columns.map((column) => column ?? 'expression').join(', ');
  return `${live.index.unique ? 'unique ' : ''}on ${qualified(live.table.schema, live.table.name)} (${columns})${live.index.predicate ? ` where ${live.index.predicate}` : ''}`;
}
