/**
 * Why the live project differs from what its migrations declare, when the files and the history
 * can tell: a skipped IF NOT EXISTS (the seed's warned trap), an applied migration edited
 * afterwards, an object created outside migrations, a migration that exists only in the history,
 * or a change made by hand. Pure: given the provenance and the recorded statements.
 */
import { originOf, type Provenance, type ProvenanceEvent } from '@/lib/catalog/provenance';
import type { Difference } from './diff-catalogs';

export type DriftCause =
  | 'skipped_if_not_exists'
  | 'edited_after_apply'
  | 'outside_migrations'
  | 'remote_only_migration'
  | 'changed_outside_migrations'
  | 'shadow_could_not_run'
  | 'unknown';

export type DriftSource = { version: string; fileName: string; statementIndex: number | null };

export type DriftItem = Difference & {
  cause: DriftCause;
  /** The cause in words, naming the file and statement when known. */
  explanation: string;
  fix: string;
  fixSql?: string;
  /** The migration the cause points at. */
  source: DriftSource | null;
  /** False for differences the check cannot vouch for (the shadow could not run the file behind it). */
  counts: boolean;
};

export type CauseContext = {
  /** From the applied local files, in push order. */
  provenance: Provenance;
  /** From the recorded statements of history rows that have no local file. */
  remoteOnlyProvenance: Provenance;
  /** The statements of each local file by version (what the provenance events point into). */
  localStatements: ReadonlyMap<string, readonly string[]>;
  /** The statements recorded in the history by version; null when the row holds none. */
  recordedStatements: ReadonlyMap<string, readonly string[] | null>;
  /** Versions the shadow could not run, with the reason. */
  shadowFailures: ReadonlyMap<string, string>;
  /** For the words: `supabase/migrations`. */
  migrationsDir?: string;
};

export function attributeCauses(differences: readonly Difference[], context: CauseContext): DriftItem[] {
  return differences.map((difference) => attribute(difference, context));
}

function eventsFor(provenance: Provenance, difference: Difference): ProvenanceEvent[] | undefined {
  const { schema, table, name, type } = difference.object;
  switch (type) {
    case 'table':
    case 'rls':
    case 'grants':
      return provenance.tables.get(`${schema}.${table ?? name}`);
    case 'column':
      return provenance.columns.get(`${schema}.${table}.${name}`);
    case 'index':
      return provenance.indexes.get(`${schema}.${name}`);
    case 'constraint':
      return provenance.indexes.get(`${schema}.${name}`) ?? provenance.tables.get(`${schema}.${table}`);
    case 'policy':
      return provenance.policies.get(`${schema}.${table}.${name}`);
    case 'view':
      return provenance.views.get(`${schema}.${name}`);
    case 'function': {
      // The drift object names the overload (`name(args)`); provenance keeps every overload of a name together.
      const paren = name.indexOf('(');
      return provenance.functions.get(`${schema}.${paren < 0 ? name : name.slice(0, paren)}`);
    }
    default:
      return undefined;
  }
}

/** Whether the statement an event points at was recorded as applied (false: added or edited later). */
function wasRecorded(event: ProvenanceEvent, context: CauseContext): boolean | null {
  const recorded = context.recordedStatements.get(event.version);
  if (!recorded) return null;
  const statement = context.localStatements.get(event.version)?.[event.statementIndex];
  if (statement === undefined) return null;
  return recorded.includes(statement);
}

function where(event: ProvenanceEvent): string {
  return `${event.fileName} (statement ${event.statementIndex})`;
}

function sourceOf(event: ProvenanceEvent): DriftSource {
  return { version: event.version, fileName: event.fileName, statementIndex: event.statementIndex };
}

function label(difference: Difference): string {
  const { type, schema, table, name } = difference.object;
  const qualifiedTable = `${schema}.${table ?? name}`;
  switch (type) {
    case 'table':
      return `table ${qualifiedTable}`;
    case 'column':
      return `column ${name} of ${qualifiedTable}`;
    case 'index':
      return `index ${name} on ${qualifiedTable}`;
    case 'constraint':
      return `constraint ${name} on ${qualifiedTable}`;
    case 'policy':
      return `policy "${name}" on ${qualifiedTable}`;
    case 'rls':
      return `row level security of ${qualifiedTable}`;
    case 'grants':
      return `grants on ${qualifiedTable}`;
    case 'view':
      return `view ${schema}.${name}`;
    default:
      return `function ${schema}.${name}`;
  }
}

const EDITED_FIX = 'Put the applied file back as it was applied (the Migrations page shows what changed since) and make the change in a new migration.';
const HAND_FIX =
  'Decide which side is right: write a new migration that brings the live project back to what the migrations declare, or one that records the live change so new environments get it too.';

function attribute(difference: Difference, context: CauseContext): DriftItem {
  const missing = difference.kind.startsWith('missing_');
  const extra = difference.kind.startsWith('extra_');
  const what = label(difference);
  const events = eventsFor(context.provenance, difference);
  const make = (
    cause: DriftCause,
    explanation: string,
    fix: string,
    source: DriftSource | null,
    extras: { fixSql?: string; counts?: boolean } = {},
  ): DriftItem => ({
    ...difference,
    cause,
    explanation,
    fix,
    ...(extras.fixSql ? { fixSql: extras.fixSql } : {}),
    source,
    counts: extras.counts ?? true,
  });

  // An object whose migration the shadow could not run: the shadow lacks it for its own reasons.
  const origin = originOf(events);
  if (origin && context.shadowFailures.has(origin.version)) {
    return make(
      'shadow_could_not_run',
      `${origin.fileName} could not run in the shadow database (${context.shadowFailures.get(origin.version)}), so the check cannot compare the ${what}.`,
      'Nothing to fix in the project; see the migrations the shadow could not run.',
      sourceOf(origin),
      { counts: false },
    );
  }

  if (extra) {
    const remoteOrigin = originOf(eventsFor(context.remoteOnlyProvenance, difference));
    if (remoteOrigin) {
      return make(
        'remote_only_migration',
        `The ${what} was created by migration ${remoteOrigin.version}, which is in the live history but has no file in ${context.migrationsDir ?? 'the migrations folder'}.`,
        `Restore the file of version ${remoteOrigin.version} (from version control, or with \`supabase migration fetch\`), so every environment gets the same schema.`,
        { version: remoteOrigin.version, fileName: `history row ${remoteOrigin.version}`, statementIndex: remoteOrigin.statementIndex },
      );
    }
    const last = events?.[events.length - 1];
    if (last && last.action === 'dropped') {
      const recorded = wasRecorded(last, context);
      if (recorded === false) {
        return make(
          'edited_after_apply',
          `${where(last)} drops the ${what}, but that statement was added after the file was applied, so it never ran.`,
          EDITED_FIX,
          sourceOf(last),
        );
      }
      return make(
        'changed_outside_migrations',
        `${where(last)} dropped the ${what}; it exists live again, so someone re-created it outside the migrations.`,
        HAND_FIX,
        sourceOf(last),
      );
    }
    if (difference.object.type === 'table' || difference.object.type === 'view' || difference.object.type === 'function') {
      return make(
        'outside_migrations',
        `No migration creates the ${what}: it was created outside the migrations (by hand, in the dashboard, or by a script).`,
        'Capture it in a new migration (so new environments get it too), or drop it if it should not exist.',
        null,
      );
    }
    return make(
      'outside_migrations',
      `No migration creates the ${what}: it was added to the live table outside the migrations.`,
      'Capture it in a new migration, or drop it if it should not exist.',
      null,
    );
  }

  if (!events || events.length === 0) {
    if (missing) {
      return make(
        'unknown',
        `The migrations create the ${what}, but not with a statement the console can attribute (for example inside a DO block or a function); the live project does not have it.`,
        HAND_FIX,
        null,
      );
    }
    return make('unknown', `The ${what} differs from what the migrations declare, and no statement the console can attribute touches it.`, HAND_FIX, null);
  }

  // The statement that made the object what the migrations say: its creation for a missing object,
  // the latest change for one that differs.
  const decisive = missing ? (origin ?? events[events.length - 1]!) : events[events.length - 1]!;
  const recorded = wasRecorded(decisive, context);
  const createdIfNotExists = decisive.ifNotExists && (decisive.action === 'created' || decisive.action === 'skipped_if_not_exists');

  if (createdIfNotExists && recorded !== true) {
    const how =
      recorded === false
        ? `the file was edited after it was applied, so the statement that ran did not ${missing ? 'include it' : 'say this'}`
        : 'the history does not record what ran, and the object most likely existed live already, so the statement was skipped';
    const fixSql =
      difference.kind === 'missing_column' && difference.expected
        ? `alter table ${difference.object.schema}.${difference.object.table} add column ${difference.object.name} ${difference.expected};`
        : undefined;
    return make(
      'skipped_if_not_exists',
      `${where(decisive)} declares the ${what} in a CREATE … IF NOT EXISTS, but ${how}; IF NOT EXISTS never changes an object that exists.`,
      `Make the change with an explicit statement in a new migration${difference.kind === 'missing_column' ? ' (ALTER TABLE … ADD COLUMN)' : difference.object.type === 'index' ? ' (DROP INDEX, then CREATE INDEX)' : ''}${recorded === false ? ', and put the applied file back as it was applied' : ''}.`,
      sourceOf(decisive),
      fixSql ? { fixSql } : {},
    );
  }
  if (createdIfNotExists) {
    // Recorded as it stands: either the object existed before the file ran (and was skipped) or it changed since.
    return make(
      'changed_outside_migrations',
      `${where(decisive)} ${missing ? 'declares' : 'defines'} the ${what} with IF NOT EXISTS and ran as it stands; the live project differs, so either the object already existed in another shape when the file ran (and the statement was skipped), or it was changed by hand since.`,
      HAND_FIX,
      sourceOf(decisive),
    );
  }
  if (recorded === false) {
    return make(
      'edited_after_apply',
      `${where(decisive)} ${missing ? 'creates' : 'defines'} the ${what}, but that statement was added or changed after the file was applied, so it never ran on the live project.`,
      EDITED_FIX,
      sourceOf(decisive),
    );
  }
  return make(
    'changed_outside_migrations',
    missing
      ? `${where(decisive)} created the ${what}, and no later migration removes it: it was dropped or renamed outside the migrations.`
      : `${where(decisive)} is the last migration that defines the ${what}; the live one differs, so it was changed outside the migrations.`,
    HAND_FIX,
    sourceOf(decisive),
  );
}
