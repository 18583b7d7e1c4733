/**
 * `npm run stack [-- --reset] [--quiet]`: the dev stack alone, in the foreground. Prints what it
 * serves and stops cleanly on Ctrl-C or SIGTERM.
 */
import { DEMO, DEMO_PASSWORD } from './demo-people';
import { DevstackError } from './errors';
import { startStack, type RunningStack, type StackOptions } from './stack';

export function parseStackArgs(argv: string[]): { reset: boolean; verbose: boolean } {
  const unknown = argv.filter((arg) => !['--reset', '--verbose'].includes(arg));
  if (unknown.length)
    throw new DevstackError(
      `Unknown option ${unknown.join(' ')}. Options: --reset (start from an empty database), --verbose (print database and gateway logs).`,
    );
  return { reset: argv.includes('--reset'), verbose: argv.includes('--verbose') };
}

export function describeStack(stack: RunningStack): string {
  return [
    `Dev stack ready in ${(stack.startupMs / 1000).toFixed(1)} s` +
      (stack.appliedMigrations.length ? ` (applied ${stack.appliedMigrations.length} migration${stack.appliedMigrations.length === 1 ? '' : 's'})` : ''),
    '',
    `  API URL           ${stack.apiUrl}`,
    `  DB URL            ${stack.dbUrl}`,
    `  anon key          ${stack.anonKey}`,
    `  service_role key  ${stack.serviceRoleKey}`,
    `  data folder       ${stack.dataDir}`,
    '',
    '  Environment for the console:',
    ...Object.entries(stack.env).map(([name, value]) => `    ${name}=${value}`),
    '',
    `  Demo people (password ${DEMO_PASSWORD}): ${DEMO.admin}, ${DEMO.approver},`,
    `    ${DEMO.operator}, ${DEMO.support}, ${DEMO.outsider} (no membership)`,
  ].join('\n');
}

/** Stops the stack once on SIGINT/SIGTERM or when a part of it crashes; returns the exit code. */
export function runUntilStopped(stack: RunningStack, cleanup: () => Promise<void> = async () => {}): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    const stop = async (code: number, message?: string) => {
      if (stopping) return;
      stopping = true;
      if (message) console.error(message);
      await cleanup();
      await stack.stop();
      resolve(code);
    };
    process.once('SIGINT', () => void stop(0));
    process.once('SIGTERM', () => void stop(0));
    void stack.crashed.then((reason) => stop(1, `\nThe dev stack stopped: ${reason}`));
  });
}

/** Ports and state folder can be moved with DEVSTACK_API_PORT, DEVSTACK_DB_PORT and DEVSTACK_STATE_DIR. */
export function stackOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): StackOptions {
  const port = (name: string) => {
    const value = env[name];
    if (value === undefined || value === '') return undefined;
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1 || number > 65535) throw new DevstackError(`${name} must be a port number, not "${value}".`);
    return number;
  };
  return { apiPort: port('DEVSTACK_API_PORT'), dbPort: port('DEVSTACK_DB_PORT'), stateDir: env.DEVSTACK_STATE_DIR || undefined };
}

async function main() {
  const args = parseStackArgs(process.argv.slice(2));
  const stack = await startStack({ ...stackOptionsFromEnv(), reset: args.reset, onLog: args.verbose ? (line) => console.log(line) : undefined });
  // The signal handlers go in before "ready" is printed: whoever waits for that line may stop the
  // stack at once, and a SIGTERM that came before the handler would kill the process uncleanly.
  const stopped = runUntilStopped(stack);
  console.log(describeStack(stack));
  process.exitCode = await stopped;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error instanceof DevstackError ? `Dev stack failed to start: ${error.message}` : error);
    process.exit(1);
  });
}
