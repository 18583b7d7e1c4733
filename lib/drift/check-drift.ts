/**
 * The drift check: apply every local migration the live history records as applied to a fresh
 * shadow database, read both catalogs with the same query, and explain each difference.
 *
 * Files not in the history yet (pending) are left out on purpose: they are not drift but the next
 * push, and the push request shows what they would change (advisor-delta.ts). Versions the history
 * holds without a local file are reported, and their recorded statements explain what they made.
 */
import { buildProvenance, type ProvenanceSource } from '@/lib/catalog/provenance';
import { readCatalogDirect, type DirectDb } from '@/lib/catalog/read-catalog';
import { recogniseStatement, type DdlChange } from '@/lib/sql/recognise-ddl';
import { defaultPrivilegesKey, readDefaultPrivileges, type DefaultPrivileges } from './default-privileges';
import type { RemoteHistory } from '@/lib/migrations/remote-history';
import type { LocalMigration } from '@/lib/migrations/types';
import { attributeCauses, type DriftItem } from './attribute-causes';
import { diffCatalogs } from './diff-catalogs';
import { Shadow, type BootstrapIssue, type ShadowFailure, type ShadowFile } from './shadow';

export type DriftReport = {
  checkedAt: string;
  items: DriftItem[];
  /** Differences that count as drift (all but those the shadow could not vouch for). */
  driftCount: number;
  shadow: {
    appliedVersions: string[];
    /** Versions replayed except for the statements listed (partial) in `failures`. */
    replayedInPart: string[];
    failures: ShadowFailure[];
    bootstrapIssues: BootstrapIssue[];
    /**
     * Default privileges taken from the live project instead of the bootstrap, because they differ
     * and no migration sets them (a platform of another vintage, a change made in the dashboard):
     * `postgres in public on tables`.
     */
    adoptedDefaultPrivileges: string[];
    durationMs: number;
    /** How much of the project the check could vouch for, in words and figures. */
    coverage: DriftCoverage;
  };
  history: {
    tableExists: boolean;
    /** Local files not in the history: not applied to the shadow, not drift. */
    pendingVersions: string[];
    /** History rows without a local file. */
    remoteOnlyVersions: string[];
  };
};

export type DriftCoverage = {
  /** Applied files the check replayed (history rows with a readable local file). */
  files: number;
  replayedInFull: number;
  skippedStatements: number;
  /** "62 of 68 files replayed in full; 6 statements skipped: extension wrappers not available in the shadow". */
  summary: string;
};

export function describeCoverage(files: number, replayedInFull: number, failures: readonly ShadowFailure[]): DriftCoverage {
  const skipped = failures.filter((failure) => failure.statementIndex !== null);
  const reasons = [
    ...new Set(
      failures.map((failure) =>
        failure.missingExtension ? `extension ${failure.missingExtension} not available in the shadow` : (failure.message.split('\n')[0] ?? ''),
      ),
    ),
  ];
  const shown = reasons.slice(0, 3).join('; ') + (reasons.length > 3 ? `; ${reasons.length - 3} more` : '');
  const summary =
    `${replayedInFull} of ${files} file${files === 1 ? '' : 's'} replayed in full` +
    (failures.length
      ? `; ${skipped.length} statement${skipped.length === 1 ? '' : 's'} skipped${failures.length > skipped.length ? `, ${failures.length - skipped.length} file${failures.length - skipped.length === 1 ? '' : 's'} not replayed` : ''}: ${shown}`
      : '');
  return { files, replayedInFull, skippedStatements: skipped.length, summary };
}

export type DriftInput = {
  /** The migrations folder in push order (readMigrationsFolder). */
  files: readonly LocalMigration[];
  history: RemoteHistory;
  /** The live project over a direct connection. */
  live: DirectDb;
  /** The platform bootstrap; defaults to supabase/platform/bootstrap.sql. */
  bootstrapSql?: string;
  migrationsDir?: string;
  /** Where the shadow comes from (tests clone one booted shadow instead of booting one per check). */
  createShadow?: () => Promise<Shadow>;
  /** The only check this process makes (the command line): no template is kept for later ones. */
  oneShot?: boolean;
};

export async function checkDrift(input: DriftInput): Promise<DriftReport> {
  const started = performance.now();
  const recorded = new Map(input.history.rows.map((row) => [row.version, row.statements]));
  const seen = new Set<string>();
  const applied: LocalMigration[] = [];
  const pendingVersions: string[] = [];
  const unreadable: ShadowFailure[] = [];
  for (const file of input.files) {
    if (file.version === null || file.skipped || seen.has(file.version)) continue;
    seen.add(file.version);
    if (!recorded.has(file.version)) {
      pendingVersions.push(file.version);
      continue;
    }
    if (file.statements === null) {
      unreadable.push({
        version: file.version,
        fileName: file.fileName,
        statementIndex: null,
        statement: null,
        message: `the file cannot be read (${file.unreadableDetail ?? file.unreadable ?? 'unreadable'})`,
        missingExtension: null,
      });
      continue;
    }
    applied.push(file);
  }
  const remoteOnly = input.history.rows.filter((row) => !seen.has(row.version));

  // The live project's roles and default privileges, read while the shadow boots: migrations grant
  // to roles made outside them (a hosted project's own, a team's reporting role), and tables they
  // create take the defaults the project has, not the bootstrap's.
  const liveFacts = readLiveFacts(input.live);
  liveFacts.catch(() => {});
  const shadow = await (
    input.createShadow ??
    (() =>
      Shadow.create({ ...(input.bootstrapSql === undefined ? {} : { bootstrapSql: input.bootstrapSql }), ...(input.oneShot ? { keepTemplate: false } : {}) }))
  )();
  let expected;
  let shadowFailures: ShadowFailure[];
  let appliedVersions: string[];
  let replayedInPart: string[];
  let adoptedDefaultPrivileges: string[] = [];
  try {
    const shadowFiles: ShadowFile[] = applied.map((file) => ({ version: file.version ?? '', fileName: file.fileName, statements: file.statements ?? [] }));
    const facts = await liveFacts;
    const made = madeByMigrations(shadowFiles);
    // Roles a migration creates are left to it: made beforehand, its CREATE ROLE would fail.
    await shadow.ensureRoles(facts.roles.filter((role) => !made.roles.has(role)));
    adoptedDefaultPrivileges = await shadow.adoptDefaultPrivileges(facts.defaultPrivileges, made.defaultPrivileges, facts.serverVersion);
    const result = await shadow.applyFiles(shadowFiles);
    shadowFailures = [...unreadable, ...result.failures];
    appliedVersions = result.applied;
    replayedInPart = result.replayedInPart;
    expected = await shadow.readCatalog({ detail: true });
  } finally {
    await shadow.close();
  }
  const actual = await readCatalogDirect(input.live, { detail: true });

  const sources: ProvenanceSource[] = applied.map((file) => ({
    version: file.version ?? '',
    fileName: file.fileName,
    module: file.module,
    statements: file.statements ?? [],
  }));
  const remoteSources: ProvenanceSource[] = remoteOnly.map((row) => ({
    version: row.version,
    fileName: `history ${row.version}`,
    module: 'unknown',
    statements: row.statements ?? [],
  }));
  const items = attributeCauses(diffCatalogs(expected, actual), {
    provenance: buildProvenance(sources),
    remoteOnlyProvenance: buildProvenance(remoteSources),
    localStatements: new Map(applied.map((file) => [file.version ?? '', file.statements ?? []])),
    recordedStatements: recorded,
    shadowFailures: new Map(
      shadowFailures.map((failure) => [
        failure.version,
        failure.missingExtension ? `extension ${failure.missingExtension} is not available there` : failure.message,
      ]),
    ),
    ...(input.migrationsDir ? { migrationsDir: input.migrationsDir } : {}),
  });
  items.sort((a, b) => Number(b.counts) - Number(a.counts) || compareObjects(a, b));
  return {
    checkedAt: new Date().toISOString(),
    items,
    driftCount: items.filter((item) => item.counts).length,
    shadow: {
      appliedVersions,
      replayedInPart,
      failures: shadowFailures,
      bootstrapIssues: shadow.bootstrapIssues,
      adoptedDefaultPrivileges,
      durationMs: Math.round(performance.now() - started),
      coverage: describeCoverage(applied.length + unreadable.length, appliedVersions.length, shadowFailures),
    },
    history: { tableExists: input.history.tableExists, pendingVersions, remoteOnlyVersions: remoteOnly.map((row) => row.version) },
  };
}

/** The live project's own roles (not PostgreSQL's pg_* ones), its default privileges and server version. */
async function readLiveFacts(live: DirectDb): Promise<{ roles: string[]; defaultPrivileges: DefaultPrivileges[]; serverVersion: number }> {
  return live.transaction(async (query) => {
    const roles = await query("select rolname from pg_catalog.pg_roles where rolname !~ '^pg_' order by rolname");
    const [version] = await query("select pg_catalog.current_setting('server_version_num')::int as version");
    return {
      roles: roles.map((row) => String(row.rolname)),
      defaultPrivileges: await readDefaultPrivileges(query),
      serverVersion: Number(version?.version ?? 0),
    };
  });
}

/**
 * What the files (DO blocks included) set up themselves: the roles they create, and who, where and
 * on what each ALTER DEFAULT PRIVILEGES sets (as keys of default-privileges.ts).
 */
function madeByMigrations(files: readonly ShadowFile[]): { roles: ReadonlySet<string>; defaultPrivileges: ReadonlySet<string> } {
  const roles = new Set<string>();
  const keys = new Set<string>();
  const visit = (changes: readonly DdlChange[]) => {
    for (const change of changes) {
      if (change.kind === 'do_block') visit(change.changes);
      if (change.kind === 'create_role') roles.add(change.role);
      if (change.kind !== 'alter_default_privileges') continue;
      // Without FOR ROLE it is the role running the migrations: postgres, as the CLI connects.
      for (const role of change.roles.length ? change.roles : ['postgres']) {
        for (const schema of change.schemas.length ? change.schemas : [null]) keys.add(defaultPrivilegesKey({ role, schema, objectType: change.objectType }));
      }
    }
  };
  for (const file of files) for (const statement of file.statements) visit(recogniseStatement(statement));
  return { roles, defaultPrivileges: keys };
}

function compareObjects(a: DriftItem, b: DriftItem): number {
  const left = `${a.object.schema}.${a.object.table ?? ''}.${a.object.type}.${a.object.name}`;
  const right = `${b.object.schema}.${b.object.table ?? ''}.${b.object.type}.${b.object.name}`;
  return left < right ? -1 : left > right ? 1 : 0;
}
