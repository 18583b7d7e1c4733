/**
 * The server behind the e2e suite: a dev stack with a fresh database on its own ports, and
 * `next start` (the production build) pointed at it. Writes the stack's address and keys to
 * `.devstack/e2e/stack.json` for the test fixtures; stops both on SIGTERM. Outage tests stop and
 * restart parts of the stack through a control port on 127.0.0.1 (`controlUrl` in stack.json):
 * `POST /postgres/stop` and `POST /postgres/start` for its PostgreSQL, `POST /api/stop` and
 * `POST /api/start` for its API gateway (back on the same port with the same keys).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { runUntilStopped } from '../../devstack/cli';
import { findFreePort } from '../../devstack/ports';
import { PROJECT_ROOT, startStack, type RunningStack } from '../../devstack/stack';
import { E2E_MIGRATIONS_DIR, E2E_STATE_DIR } from './paths';

type Part = 'postgres' | 'api';

/** The outage switches: one request at a time stops or starts the stack's PostgreSQL or API gateway. */
async function startControl(stack: RunningStack) {
  const up: Record<Part, boolean> = { postgres: true, api: true };
  const switches: Record<Part, { stop: () => Promise<void>; start: () => Promise<void> }> = {
    postgres: { stop: () => stack.stopPostgres(), start: () => stack.restartPostgres() },
    api: { stop: () => stack.stopApi(), start: () => stack.restartApi() },
  };
  let busy: Promise<void> = Promise.resolve();
  const server = http.createServer((request, response) => {
    const [, part, state] = /^\/(postgres|api)\/(stop|start)$/.exec(request.url ?? '') ?? [];
    if (request.method !== 'POST' || !part || !state) {
      response.writeHead(404).end('POST /postgres/stop, /postgres/start, /api/stop or /api/start');
      return;
    }
    const which = part as Part;
    const wanted = state === 'start';
    busy = busy
      .catch(() => {})
      .then(async () => {
        if (wanted !== up[which]) await (wanted ? switches[which].start() : switches[which].stop());
        up[which] = wanted;
      });
    busy.then(
      () => response.writeHead(200).end(`${which} ${up[which] ? 'up' : 'down'}`),
      (error: unknown) => response.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${port}` };
}

async function main() {
  const stack = await startStack({ stateDir: E2E_STATE_DIR, reset: true, apiPort: await findFreePort(), dbPort: await findFreePort() });
  fs.rmSync(E2E_MIGRATIONS_DIR, { recursive: true, force: true });
  fs.cpSync(path.join(PROJECT_ROOT, 'supabase', 'migrations'), E2E_MIGRATIONS_DIR, { recursive: true });
  // The project's own config (exposed schemas) sits beside its migrations folder, as in supabase/.
  fs.copyFileSync(path.join(PROJECT_ROOT, 'supabase', 'config.toml'), path.join(path.dirname(E2E_MIGRATIONS_DIR), 'config.toml'));
  const control = await startControl(stack);
  fs.writeFileSync(
    path.join(E2E_STATE_DIR, 'stack.json'),
    JSON.stringify({ apiUrl: stack.apiUrl, anonKey: stack.anonKey, serviceRoleKey: stack.serviceRoleKey, dbUrl: stack.dbUrl, controlUrl: control.url }),
  );
  const next = spawn(
    process.execPath,
    [path.join(PROJECT_ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '--port', process.env.E2E_PORT ?? '3100', '--hostname', '127.0.0.1'],
    {
      cwd: PROJECT_ROOT,
      stdio: 'inherit',
      env: { ...process.env, ...stack.env, CONSOLE_MIGRATIONS_DIR: E2E_MIGRATIONS_DIR, NODE_ENV: 'production' },
    },
  );
  const nextExited = new Promise<void>((resolve) => next.once('exit', () => resolve()));
  process.exitCode = await runUntilStopped(stack, async () => {
    control.server.close();
    if (next.exitCode === null) next.kill('SIGTERM');
    await nextExited;
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
