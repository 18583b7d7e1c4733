/**
 * A throwaway shadow database: PostgreSQL 17 in-process (PGlite 0.3, WebAssembly), given the same
 * platform bootstrap as the dev stack (roles, the auth schema, extensions) and then the project's
 * migrations, one transaction per file as the console pushes them. Nothing is kept between checks:
 * each check boots its own, so several console instances never share or trust a stale shadow.
 *
 * PGlite lacks some extensions a hosted project has (pg_stat_statements, pg_graphql…). A bootstrap
 * statement or a migration that cannot run is reported — never skipped silently.
 */
import { createHash } from 'node:crypto';
import type { Extensions, PGlite, PGliteInterface } from '@electric-sql/pglite';
import { bodyOf } from '@/lib/sql/nodes';
import { parseStatement } from '@/lib/sql/parser';
import { splitStatements } from '@/lib/sql/split-statements';
import { readPlatformBootstrap } from '@/lib/platform/bootstrap';
import { defaultPrivilegesKey, describeDefaultPrivileges, readDefaultPrivileges, type DefaultPrivileges } from './default-privileges';
import type { DirectDb } from '@/lib/catalog/read-catalog';
import { readCatalogDirect, type CatalogScope } from '@/lib/catalog/read-catalog';
import type { Catalog } from '@/lib/catalog/types';

export type ShadowFile = { version: string; fileName: string; statements: readonly string[] };

export type ShadowFailure = {
  version: string;
  fileName: string;
  /** From 0, as the CLI counts; null when the file failed as a whole (e.g. at COMMIT). */
  statementIndex: number | null;
  statement: string | null;
  message: string;
  /** The file needs an extension the shadow does not have: the check cannot say anything about it. */
  missingExtension: string | null;
  /** Only this statement was left out: the rest of the file replayed (its own savepoint). */
  partial?: boolean;
};

export type BootstrapIssue = { statement: string; message: string };

export type ShadowApplyResult = {
  /** Versions replayed in full. */
  applied: string[];
  /** Versions replayed except for some statements (each in `failures`, marked `partial`). */
  replayedInPart: string[];
  failures: ShadowFailure[];
};

/**
 * Every extension PGlite 0.3 ships (its contrib modules and pgvector). Written out one by one so
 * that bundlers see plain imports; each is only loaded into PostgreSQL by CREATE EXTENSION.
 */
async function loadExtensions(): Promise<Extensions> {
  const entries = await Promise.all([
    import('@electric-sql/pglite/contrib/amcheck').then((module) => ['amcheck', module.amcheck] as const),
    import('@electric-sql/pglite/contrib/bloom').then((module) => ['bloom', module.bloom] as const),
    import('@electric-sql/pglite/contrib/btree_gin').then((module) => ['btree_gin', module.btree_gin] as const),
    import('@electric-sql/pglite/contrib/btree_gist').then((module) => ['btree_gist', module.btree_gist] as const),
    import('@electric-sql/pglite/contrib/citext').then((module) => ['citext', module.citext] as const),
    import('@electric-sql/pglite/contrib/cube').then((module) => ['cube', module.cube] as const),
    import('@electric-sql/pglite/contrib/dict_int').then((module) => ['dict_int', module.dict_int] as const),
    import('@electric-sql/pglite/contrib/dict_xsyn').then((module) => ['dict_xsyn', module.dict_xsyn] as const),
    import('@electric-sql/pglite/contrib/earthdistance').then((module) => ['earthdistance', module.earthdistance] as const),
    import('@electric-sql/pglite/contrib/fuzzystrmatch').then((module) => ['fuzzystrmatch', module.fuzzystrmatch] as const),
    import('@electric-sql/pglite/contrib/hstore').then((module) => ['hstore', module.hstore] as const),
    import('@electric-sql/pglite/contrib/intarray').then((module) => ['intarray', module.intarray] as const),
    import('@electric-sql/pglite/contrib/isn').then((module) => ['isn', module.isn] as const),
    import('@electric-sql/pglite/contrib/lo').then((module) => ['lo', module.lo] as const),
    import('@electric-sql/pglite/contrib/ltree').then((module) => ['ltree', module.ltree] as const),
    import('@electric-sql/pglite/contrib/pg_trgm').then((module) => ['pg_trgm', module.pg_trgm] as const),
    import('@electric-sql/pglite/contrib/pgcrypto').then((module) => ['pgcrypto', module.pgcrypto] as const),
    import('@electric-sql/pglite/contrib/seg').then((module) => ['seg', module.seg] as const),
    import('@electric-sql/pglite/contrib/tablefunc').then((module) => ['tablefunc', module.tablefunc] as const),
    import('@electric-sql/pglite/contrib/tcn').then((module) => ['tcn', module.tcn] as const),
    import('@electric-sql/pglite/contrib/tsm_system_rows').then((module) => ['tsm_system_rows', module.tsm_system_rows] as const),
    import('@electric-sql/pglite/contrib/tsm_system_time').then((module) => ['tsm_system_time', module.tsm_system_time] as const),
    import('@electric-sql/pglite/contrib/unaccent').then((module) => ['unaccent', module.unaccent] as const),
    import('@electric-sql/pglite/contrib/uuid_ossp').then((module) => ['uuid_ossp', module.uuid_ossp] as const),
    import('@electric-sql/pglite/vector').then((module) => ['vector', module.vector] as const),
  ]);
  return Object.fromEntries(entries);
}

/** Bootstrapped data folders by the SHA-256 of the bootstrap text (see Shadow.create). */
const templates = new Map<string, Promise<{ dataDir: File | Blob; issues: BootstrapIssue[] }>>();

export class Shadow {
  private constructor(
    private readonly db: PGliteInterface,
    /** Bootstrap statements PGlite could not run (e.g. an extension it lacks). */
    readonly bootstrapIssues: BootstrapIssue[],
    /** The booted instance, which clones cheaply; null for a clone. */
    private readonly original: PGlite | null,
  ) {}

  /**
   * A shadow holding just the platform bootstrap. The first one in a process is booted and
   * bootstrapped (2–4 s); its data folder is then kept as a template, and later shadows start from
   * that copy (under a second). The template depends only on the bootstrap text and this PGlite
   * build, never on any project or database, so every process derives the same one: nothing
   * about the project is cached. `keepTemplate: false` skips keeping it (one check per process).
   */
  static async create(options: { bootstrapSql?: string; keepTemplate?: boolean } = {}): Promise<Shadow> {
    const bootstrap = options.bootstrapSql ?? readPlatformBootstrap();
    const key = createHash('sha256').update(bootstrap).digest('hex');
    const [{ PGlite }, extensions] = await Promise.all([import('@electric-sql/pglite'), loadExtensions()]);
    const template = templates.get(key);
    if (template) {
      const { dataDir, issues } = await template;
      const db = await PGlite.create({ loadDataDir: dataDir, extensions });
      await applyRoleSettings(db);
      return new Shadow(db, [...issues], db);
    }
    const db: PGlite = await PGlite.create({ extensions });
    const issues: BootstrapIssue[] = [];
    // Statement by statement, so one missing extension does not undo the rest of the platform.
    for (const statement of splitStatements(bootstrap)) {
      try {
        await db.exec(statement);
      } catch (error) {
        issues.push({ statement, message: errorMessage(error) });
      }
    }
    // A one-shot process (the command line) has no later shadow to give a head start to: the dump
    // would only cost time and a hundred megabytes.
    if (options.keepTemplate !== false && !templates.has(key)) {
      const saved = db.dumpDataDir('none').then((dataDir) => ({ dataDir, issues: [...issues] }));
      templates.set(key, saved);
      // A failed dump only costs the next check its head start.
      saved.catch(() => templates.delete(key));
      await saved.catch(() => {});
    }
    return new Shadow(db, issues, db);
  }

  /** An independent copy of this shadow (about a second, against several for a new one). */
  async clone(): Promise<Shadow> {
    if (!this.original) throw new Error('A cloned shadow cannot be cloned again; clone the one Shadow.create() returned.');
    const copy = await this.original.clone();
    await applyRoleSettings(copy);
    return new Shadow(copy, [...this.bootstrapIssues], null);
  }

  /**
   * Applies files in order. A file that runs as a whole is one transaction; one that does not is
   * replayed statement by statement, each under its own savepoint, so that a statement the shadow
   * cannot run (an extension PGlite lacks) is left out with its reason while the rest of the file,
   * and every later file, still replay. What was left out is "not checked", never drift.
   */
  async applyFiles(files: readonly ShadowFile[]): Promise<ShadowApplyResult> {
    const applied: string[] = [];
    const replayedInPart: string[] = [];
    const failures: ShadowFailure[] = [];
    for (const file of files) {
      const skipped = await this.applyFile(file);
      if (skipped.length === 0) applied.push(file.version);
      else if (skipped.every((failure) => failure.partial)) replayedInPart.push(file.version);
      failures.push(...skipped);
    }
    return { applied, replayedInPart, failures };
  }

  private async applyFile(file: ShadowFile): Promise<ShadowFailure[]> {
    if (file.statements.length === 0) return [];
    // Fast path: the whole file in one round trip. Newlines keep a trailing comment from eating the `;`.
    try {
      await this.db.exec(`begin;\n${file.statements.join('\n;\n')}\n;\ncommit;`);
      return [];
    } catch {
      await this.db.exec('rollback').catch(() => {});
    }
    // Slow path, only after a failure: statement by statement, each under a savepoint.
    const skipped: ShadowFailure[] = [];
    try {
      await this.db.exec('begin');
      for (let index = 0; index < file.statements.length; index++) {
        const statement = file.statements[index]!;
        // The file's own BEGIN/COMMIT would end the replay's transaction: the file is one already.
        if (isTransactionControl(statement)) continue;
        await this.db.exec('savepoint shadow_statement');
        try {
          await this.db.exec(statement);
          await this.db.exec('release savepoint shadow_statement');
        } catch (error) {
          await this.db.exec('rollback to savepoint shadow_statement');
          if (!(await this.runOutsideTransaction(statement, error))) skipped.push({ ...failureOf(file, index, statement, error), partial: true });
        }
      }
      await this.db.exec('commit');
      return skipped;
    } catch (error) {
      await this.db.exec('rollback').catch(() => {});
      return [
        {
          version: file.version,
          fileName: file.fileName,
          statementIndex: null,
          statement: null,
          message: `The file failed as a whole (for example at COMMIT): ${errorMessage(error)}`,
          missingExtension: null,
        },
      ];
    }
  }

  /**
   * A statement PostgreSQL refuses in a transaction block (CREATE INDEX CONCURRENTLY, VACUUM) runs
   * between two transactions, as the CLI runs it. True when it then ran.
   */
  private async runOutsideTransaction(statement: string, error: unknown): Promise<boolean> {
    if (!/cannot run inside a transaction block|cannot be executed within a transaction|cannot be executed from a function/i.test(errorMessage(error)))
      return false;
    await this.db.exec('commit');
    try {
      await this.db.exec(statement);
      return true;
    } catch {
      return false;
    } finally {
      await this.db.exec('begin');
    }
  }

  /**
   * Creates, without login, each of these roles the shadow lacks: grants and policies in the
   * migrations name roles the live project has (made outside the migrations), and replaying them
   * must not fail on a role only the shadow is missing. Returns the roles it created.
   */
  async ensureRoles(names: readonly string[]): Promise<string[]> {
    const existing = new Set((await this.db.query<{ rolname: string }>('select rolname from pg_catalog.pg_roles')).rows.map((row) => row.rolname));
    const missing = names.filter((name) => !existing.has(name));
    for (const name of missing) await this.db.exec(`create role "${name.replaceAll('"', '""')}" nologin`);
    return missing;
  }

  /**
   * Takes the live project's default privileges where they differ from the shadow's and no
   * migration sets them (`setByMigrations`, keys of lib/drift/default-privileges.ts): objects the
   * files create then get the grants they got live. Entries for a schema the shadow does not have
   * yet are left alone (the migrations create it). Written into pg_default_acl directly, as ALTER
   * DEFAULT PRIVILEGES can only add to or take from what is there. Returns what it adopted.
   */
  async adoptDefaultPrivileges(live: readonly DefaultPrivileges[], setByMigrations: ReadonlySet<string>, liveServerVersion = 0): Promise<string[]> {
    // An ACL item's letters compared without the privileges the live server's version lacks
    // (the shadow, PostgreSQL 17, prints MAINTAIN as m; a 15 server never does).
    const letters = liveServerVersion > 0 && liveServerVersion < 170000 ? /m/g : null;
    const comparable = (acl: readonly string[]) =>
      acl
        .map((item) => (letters ? item.replace(/=([^/]*)\//, (_, privileges: string) => `=${privileges.replace(letters, '')}/`) : item))
        .sort()
        .join(',');
    const query: Parameters<typeof readDefaultPrivileges>[0] = async (text, params = []) => (await this.db.query<Record<string, unknown>>(text, params)).rows;
    const own = new Map((await readDefaultPrivileges(query)).map((entry) => [defaultPrivilegesKey(entry), entry]));
    const wanted = new Map(live.map((entry) => [defaultPrivilegesKey(entry), entry]));
    const schemas = new Set((await query('select nspname from pg_catalog.pg_namespace')).map((row) => String(row.nspname)));
    const roles = new Set((await query('select rolname from pg_catalog.pg_roles')).map((row) => String(row.rolname)));
    const adopted: string[] = [];
    for (const key of new Set([...own.keys(), ...wanted.keys()])) {
      if (setByMigrations.has(key)) continue;
      const mine = own.get(key);
      const theirs = wanted.get(key);
      const entry = (theirs ?? mine)!;
      if (entry.schema !== null && !schemas.has(entry.schema)) continue;
      if (!roles.has(entry.role)) continue;
      if (mine && theirs && comparable(mine.acl) === comparable(theirs.acl)) continue;
      const where = [entry.role, entry.schema ?? '', entry.objectType];
      await this.db.query(
        `delete from pg_catalog.pg_default_acl
         where defaclrole = (select oid from pg_catalog.pg_roles where rolname = $1)
           and defaclnamespace = coalesce((select oid from pg_catalog.pg_namespace where nspname = nullif($2, '')), 0)
           and defaclobjtype = $3::"char"`,
        where,
      );
      if (theirs) {
        await this.db.query(
          `insert into pg_catalog.pg_default_acl (oid, defaclrole, defaclnamespace, defaclobjtype, defaclacl)
           select coalesce(max(d.oid)::int8, 16384) + 1, (select oid from pg_catalog.pg_roles where rolname = $1),
                  coalesce((select oid from pg_catalog.pg_namespace where nspname = nullif($2, '')), 0), $3::"char", $4::text[]::aclitem[]
           from pg_catalog.pg_default_acl d`,
          [...where, theirs.acl],
        );
      }
      adopted.push(describeDefaultPrivileges(entry));
    }
    return adopted;
  }

  /** The shadow's catalog, read with exactly the query the console uses on the live project. */
  readCatalog(scope: CatalogScope = { detail: true }): Promise<Catalog> {
    return readCatalogDirect(this.direct(), scope);
  }

  direct(): DirectDb {
    return {
      transaction: (work) => this.db.transaction(async (tx) => work(async (text, params = []) => (await tx.query<Record<string, unknown>>(text, params)).rows)),
    };
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

/**
 * The settings stored for the shadow's role (`alter role … set`, such as the bootstrap's
 * search_path with `extensions`), applied as a login applies them: PGlite's single-user backend
 * does not apply them when it starts from a saved data folder.
 */
async function applyRoleSettings(db: PGliteInterface): Promise<void> {
  // As a login applies them: the database's, then the role's, then the role's in this database,
  // each later one winning; a setting that cannot be applied is skipped, as a login only warns.
  await db.exec(`do $settings$
    declare
      setting text;
    begin
      for setting in
        select c.setting
        from pg_catalog.pg_db_role_setting s
        cross join lateral pg_catalog.unnest(s.setconfig) with ordinality as c(setting, n)
        where (s.setrole = 0 or s.setrole = (select r.oid from pg_catalog.pg_roles r where r.rolname = current_user))
          and s.setdatabase in (0, (select d.oid from pg_catalog.pg_database d where d.datname = pg_catalog.current_database()))
          and not (s.setrole = 0 and s.setdatabase = 0)
        order by (s.setrole <> 0), (s.setdatabase <> 0), c.n
      loop
        begin
          perform pg_catalog.set_config(pg_catalog.split_part(setting, '=', 1), pg_catalog.substr(setting, pg_catalog.strpos(setting, '=') + 1), false);
        exception when others then
          null;
        end;
      end loop;
    end
  $settings$`);
}

function isTransactionControl(statement: string): boolean {
  const parsed = parseStatement(statement);
  return (
    parsed.ok &&
    parsed.nodes.length > 0 &&
    parsed.nodes.every((node) => {
      const kind = bodyOf(node, 'TransactionStmt')?.kind;
      return kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START' || kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK';
    })
  );
}

function failureOf(file: ShadowFile, statementIndex: number, statement: string, error: unknown): ShadowFailure {
  const message = errorMessage(error);
  const extension = /extension "([^"]+)" is not available|could not open extension control file ".*\/([^/]+)\.control"/.exec(message);
  return {
    version: file.version,
    fileName: file.fileName,
    statementIndex,
    statement,
    message,
    missingExtension: extension ? (extension[1] ?? extension[2] ?? null) : null,
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
