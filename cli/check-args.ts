/**
 * Arguments of `npm run console -- lint|drift`: `--json`, `--db-url URL`, `--dir PATH`. Pure.
 */
export type CheckArgs = { json: boolean; dbUrl: string | null; dir: string | null; help: boolean };

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
