/**
 * The server behind the e2e suite: a dev stack with a fresh database on its own ports, and
 * `next start` (the production build) pointed at it. Writes the stack's address and keys to
 * `.devstack/e2e/stack.json` for the test fixtures; stops both on SIGTERM.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runUntilStopped } from '../../devstack/cli';
import { findFreePort } from '../../devstack/ports';
import { PROJECT_ROOT, startStack } from '../../devstack/stack';
import { E2E_MIGRATIONS_DIR, E2E_STATE_DIR } from './paths';


async function main() {
  const stack = await startStack({ stateDir: E2E_STATE_DIR, reset: true, apiPort: await findFreePort(), dbPort: await findFreePort() });
  fs.rmSync(E2E_MIGRATIONS_DIR, { recursive: true, force: true });
  fs.cpSync(path.join(PROJECT_ROOT, 'supabase', 'migrations'), E2E_MIGRATIONS_DIR, { recursive: true });
  fs.writeFileSync(path.join(E2E_STATE_DIR, 'stack.json'), JSON.stringify({ apiUrl: stack.apiUrl, anonKey: stack.anonKey, serviceRoleKey: stack.serviceRoleKey, dbUrl: stack.dbUrl }));
  const next = spawn(process.execPath, [path.join(PROJECT_ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '--port', process.env.E2E_PORT ?? '3100', '--hostname', '127.0.0.1'], {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...stack.env, CONSOLE_MIGRATIONS_DIR: E2E_MIGRATIONS_DIR, NODE_ENV: 'production' },
  });
  const nextExited = new Promise<void>((resolve) => next.once('exit', () => resolve()));
  process.exitCode = await runUntilStopped(stack, async () => {
    if (next.exitCode === null) next.kill('SIGTERM');
    await nextExited;
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
