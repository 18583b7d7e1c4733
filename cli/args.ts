/**
 * Arguments of `npm run console -- <command>`. Pure, so it is unit-tested without a process.
 */

export type StatusCommand = { command: 'status'; json: boolean; dbUrl: string | null; dir: string | null };
export type InspectCommand = { command: 'inspect'; json: boolean; file: string };
export type HelpCommand = { command: 'help' };
export type ConsoleCommand = StatusCommand | InspectCommand | HelpCommand;

/** A mistake in the command line: exit code 2, with the message and a pointer to --help. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `Migration Console command line

  npm run console -- status [--json] [--db-url URL] [--dir PATH]
      Every migration version: local file, remote history row, status and next step.
      Exit code 1 when a blocking finding exists (remote-only, duplicate version,
      edited after apply, invalid file name), 2 on a usage or connection error.

  npm run console -- inspect <file> [--json]
      One migration file: version, name, module, SHA-256, statements, findings.

Connection for status: --db-url, else SUPABASE_DB_URL, else the API with
NEXT_PUBLIC_SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY (npm run stack prints them).
Folder: --dir, else CONSOLE_MIGRATIONS_DIR, else supabase/migrations.`;

export function parseConsoleArgs(argv: readonly string[]): ConsoleCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  if (rest.includes('--help') || rest.includes('-h')) return { command: 'help' };
  if (command === 'status') return parseStatus(rest);
  if (command === 'inspect') return parseInspect(rest);
  throw new UsageError(`Unknown command "${command}". Commands: status, inspect.`);
}

function parseStatus(args: readonly string[]): StatusCommand {
  const result: StatusCommand = { command: 'status', json: false, dbUrl: null, dir: null };
  const options = readOptions(args, ['--db-url', '--dir']);
  for (const option of options.flags) {
    if (option !== '--json') throw new UsageError(`Unknown option ${option} for status. Options: --json, --db-url URL, --dir PATH.`);
    result.json = true;
  }
  if (options.positional.length) throw new UsageError(`status takes no arguments, got "${options.positional.join(' ')}".`);
  const dbUrl = options.values.get('--db-url');
  if (dbUrl !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(dbUrl)) throw new UsageError('--db-url must be a postgresql:// connection string.');
    result.dbUrl = dbUrl;
  }
  result.dir = options.values.get('--dir') ?? null;
  return result;
}

function parseInspect(args: readonly string[]): InspectCommand {
  const options = readOptions(args, []);
  let json = false;
  for (const option of options.flags) {
    if (option !== '--json') throw new UsageError(`Unknown option ${option} for inspect. Options: --json.`);
    json = true;
  }
  const [file, ...extra] = options.positional;
  if (file === undefined) throw new UsageError('inspect needs a file: npm run console -- inspect supabase/migrations/<file>.sql');
  if (extra.length) throw new UsageError(`inspect takes one file, got ${options.positional.length}.`);
  return { command: 'inspect', json, file };
}

type Options = { flags: string[]; values: Map<string, string>; positional: string[] };

/** `--name value` and `--name=value` for the options that take a value; everything after `--` is positional. */
function readOptions(args: readonly string[], withValue: readonly string[]): Options {
  const result: Options = { flags: [], values: new Map(), positional: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      result.positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      result.positional.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals > 0 ? arg.slice(0, equals) : arg;
    if (!withValue.includes(name)) {
      if (equals > 0) throw new UsageError(`${name} takes no value.`);
      result.flags.push(arg);
      continue;
    }
    const value = equals > 0 ? arg.slice(equals + 1) : args[++i];
    if (value === undefined || value === '' || (equals < 0 && value.startsWith('--'))) throw new UsageError(`${name} needs a value.`);
    if (result.values.has(name)) throw new UsageError(`${name} is given twice.`);
    result.values.set(name, value);
  }
  return result;
}
