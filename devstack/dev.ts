/**
 * `npm run dev`: the dev stack plus the Next.js dev server pointed at it. One Ctrl-C stops both.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describeStack, parseStackArgs, runUntilStopped, stackOptionsFromEnv } from './cli';
import { DevstackError } from './errors';
import { PROJECT_ROOT, startStack } from './stack';

async function main() {
  const args = parseStackArgs(process.argv.slice(2));
  const stack = await startStack({ ...stackOptionsFromEnv(), reset: args.reset, onLog: args.verbose ? (line) => console.log(line) : undefined });
  console.log(describeStack(stack));
  const port = process.env.PORT ?? '3000';
  console.log(`\nStarting the console at http://localhost:${port} …\n`);
  const next = spawn(process.execPath, [path.join(PROJECT_ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'dev', '--port', port], {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...stack.env },
  });
  const nextExited = new Promise<void>((resolve) => next.once('exit', () => resolve()));
  next.once('exit', (code) => {
    if (code !== null && code !== 0) process.kill(process.pid, 'SIGTERM');
  });
  process.exitCode = await runUntilStopped(stack, async () => {
    if (next.exitCode === null) next.kill('SIGTERM');
    await nextExited;
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof DevstackError ? `Dev stack failed to start: ${error.message}` : error);
  process.exit(1);
});
