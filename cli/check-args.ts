/**
 * Arguments of `npm run console -- lint|drift` (`--json`, `--db-url URL`, `--dir PATH`), and the
 * environment and output both commands take.
 */
export type CheckArgs = { json: boolean; dbUrl: string | null; dir: string | null; help: boolean };

/** What the check commands read from the environment, and where they write (tests pass their own). */
export type CheckEnv = Readonly<Record<string, string | undefined>>;
export type CheckIo = { out: (text: string) => void; err: (text: string) => void };
export const STDIO: CheckIo = { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) };

export class CheckUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckUsageError';
  }
}

export function parseCheckArgs(command: 'lint' | 'drift', args: readonly string[]): CheckArgs {
  const result: CheckArgs = { json: false, dbUrl: null, dir: null, help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--json') {
      result.json = true;
      continue;
    }
    if (arg === '--help' || arg === '-h') {
      result.help = true;
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals > 0 ? arg.slice(0, equals) : arg;
    if (name !== '--db-url' && name !== '--dir') {
      throw new CheckUsageError(`Unknown argument ${arg} for ${command}. Options: --json, --db-url URL, --dir PATH.`);
    }
    const value = equals > 0 ? arg.slice(equals + 1) : args[++i];
    if (value === undefined || value === '' || value.startsWith('--')) throw new CheckUsageError(`${name} needs a value.`);
    if (name === '--db-url') {
      if (!/^postgres(ql)?:\/\//.test(value)) throw new CheckUsageError('--db-url must be a postgresql:// connection string.');
      result.dbUrl = value;
    } else result.dir = value;
  }
  return result;
}
