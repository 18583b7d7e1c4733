/**
 * The local Supabase stand-in: PostgreSQL 17 with the platform bootstrap, the project's migrations
 * and seed, and the API gateway. Used by `npm run stack`, `npm run dev` and the test suites.
 */
import { readPlatformBootstrap } from '../lib/platform/bootstrap';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { parse as parseToml } from 'smol-toml';
import { applyPendingMigrations, type AppliedMigration } from './apply-migrations';
import { DevstackError } from './errors';
import { startGateway, type GatewayOptions, type RunningGateway } from './gateway/server';
import { loadOrCreateKeys } from './gateway/keys';
import { resolveDataDir, startPostgres } from './postgres';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DB_PASSWORD = 'postgres';

export type StackOptions = {
  /** Folder for the database cluster and signing keys (default `.devstack` in the project). */
  stateDir?: string;
  apiPort?: number;
  dbPort?: number;
  /** Start from an empty database. */
  reset?: boolean;
  migrationsDir?: string;
  seed?: boolean;
  /** Password of the demo people; CONSOLE_DEV_PASSWORD or `console-dev-password`. */
  demoPassword?: string;
  refreshTokenReuseInterval?: number;
  jwtExpirySeconds?: number;
  onLog?: (line: string) => void;
};

export type RunningStack = {
  apiUrl: string;
  anonKey: string;
  serviceRoleKey: string;
  /** Superuser connection, as `supabase start` prints it. */
  dbUrl: string;
  dbPort: number;
  dataDir: string;
  appliedMigrations: AppliedMigration[];
  startupMs: number;
  /** Resolves with a message when a part of the stack dies on its own. */
  crashed: Promise<string>;
  /** Environment variables that point the console at this stack. */
  env: Record<string, string>;
  stopPostgres(): Promise<void>;
  restartPostgres(): Promise<void>;
  /** Outage tests: the API gateway goes away (the database stays up) and comes back on the same port. */
  stopApi(): Promise<void>;
  restartApi(): Promise<void>;
  stop(): Promise<void>;
};

/** The API's exposed schemas, read from supabase/config.toml as `supabase start` does. */
export function exposedSchemas(configPath = path.join(PROJECT_ROOT, 'supabase', 'config.toml')): string[] {
  const config = parseToml(fs.readFileSync(configPath, 'utf8')) as { api?: { schemas?: string[] } };
  return config.api?.schemas ?? ['public'];
}

/** supabase/seed.sql, as `supabase db reset` runs it: the demo people with their password. */
export async function applySeed(sql: postgres.Sql, demoPassword?: string): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`select set_config('console.seed_password', ${demoPassword ?? process.env.CONSOLE_DEV_PASSWORD ?? ''}, true)`;
    await tx.unsafe(fs.readFileSync(path.join(PROJECT_ROOT, 'supabase', 'seed.sql'), 'utf8'));
  });
}

export async function startStack(options: StackOptions = {}): Promise<RunningStack> {
  const started = performance.now();
  const log = options.onLog ?? (() => {});
  const stateDir = path.resolve(options.stateDir ?? path.join(PROJECT_ROOT, '.devstack'));
  const apiPort = options.apiPort ?? 54321;
  const dbPort = options.dbPort ?? 54322;
  const dataDir = resolveDataDir(path.join(stateDir, 'postgres'));
  if (options.reset) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(path.join(stateDir, 'signing-keys.json'), { force: true });
  }

  let pg = await startPostgres({ dataDir, port: dbPort, password: DB_PASSWORD, onLog: (line) => log(`postgres: ${line}`) });
  const dbUrl = pg.url;
  const stops: Array<() => Promise<void>> = [() => pg.stop()];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    stops.length = 0;
  };

  try {
    const admin = postgres(dbUrl, { max: 1, onnotice: () => {}, connection: { application_name: 'devstack' } });
    let applied: AppliedMigration[];
    try {
      await admin.unsafe(readPlatformBootstrap(PROJECT_ROOT));
      // The API services log in with their own roles, as on a hosted project.
      await admin.unsafe(`alter role authenticator with login password '${DB_PASSWORD}'`);
      await admin.unsafe(`alter role supabase_auth_admin with login password '${DB_PASSWORD}'`);
      applied = await applyPendingMigrations(admin, options.migrationsDir ?? path.join(PROJECT_ROOT, 'supabase', 'migrations'));
      if (options.seed !== false) await applySeed(admin, options.demoPassword);
    } catch (error) {
      if (error instanceof DevstackError) throw error;
      throw new DevstackError(`Preparing the database failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    } finally {
      await admin.end({ timeout: 2 });
    }

    const keys = await loadOrCreateKeys(stateDir);
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const roleUrl = (role: string) => `postgresql://${role}:${DB_PASSWORD}@127.0.0.1:${dbPort}/postgres`;
    const gatewayOptions: GatewayOptions = {
      port: apiPort,
      publicUrl: apiUrl,
      keys,
      authDbUrl: roleUrl('supabase_auth_admin'),
      restDbUrl: roleUrl('authenticator'),
      exposedSchemas: exposedSchemas(),
      jwtExpirySeconds: options.jwtExpirySeconds ?? 3600,
      refreshTokenReuseInterval: options.refreshTokenReuseInterval ?? 10,
      onLog: (line) => log(`gateway: ${line}`),
    };
    // The same keys on every start: tokens issued before a restart stay valid, as on a real project.
    let gateway: RunningGateway | null = await startGateway(gatewayOptions);
    stops.push(async () => {
      await gateway?.stop();
      gateway = null;
    });

    let stopping = false;
    let reportCrash: (reason: string) => void = () => {};
    const crashed = new Promise<string>((resolve) => (reportCrash = resolve));
    // Watches the PostgreSQL that runs now; a restart (outage tests) starts a new watch.
    const watchPostgres = (running: typeof pg) => {
      void running.exited.then((reason) => {
        if (reason && !stopping && running === pg) reportCrash(reason);
      });
    };
    watchPostgres(pg);

    return {
      apiUrl,
      anonKey: keys.anonKey,
      serviceRoleKey: keys.serviceRoleKey,
      dbUrl,
      dbPort,
      dataDir,
      appliedMigrations: applied,
      startupMs: Math.round(performance.now() - started),
      crashed,
      env: {
        NEXT_PUBLIC_SUPABASE_URL: apiUrl,
        NEXT_PUBLIC_SUPABASE_ANON_KEY: keys.anonKey,
        SUPABASE_SERVICE_ROLE_KEY: keys.serviceRoleKey,
        SUPABASE_DB_URL: dbUrl,
      },
      // Used by outage tests: the API stays up while the database is down.
      async stopPostgres() {
        stopping = true;
        await pg.stop();
      },
      async restartPostgres() {
        pg = await startPostgres({ dataDir, port: dbPort, password: DB_PASSWORD, onLog: (line) => log(`postgres: ${line}`) });
        stopping = false;
        watchPostgres(pg);
      },
      // Used by outage tests: the database stays up while the API is down.
      async stopApi() {
        await gateway?.stop();
        gateway = null;
      },
      async restartApi() {
        gateway ??= await startGateway(gatewayOptions);
      },
      async stop() {
        stopping = true;
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
