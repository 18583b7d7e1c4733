import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readMigrationsConfig } from '@/lib/migrations/config';
import { compareFileNames } from '@/lib/migrations/file-name';
import { readMigrationFile, readMigrationsFolderAsync } from '@/lib/migrations/read-folder';
import { computeStatus, fileFindings } from '@/lib/migrations/status';
import { USAGE, UsageError, parseConsoleArgs, type InspectCommand, type StatusCommand } from './args';
import { ConnectionError, describeSource, prepareHistoryRead, resolveHistorySource } from './connection';
import { formatInspect, formatStatus } from './format';
import { ensureSqlParser } from '@/lib/sql/parser';
import { processEnvironment } from '@/lib/env/environment';

/**
 * `npm run console -- status|inspect …`: the same lib code as the pages, for people (tables) and
 * for CI (JSON and exit codes). Exit codes: 0 fine, 1 blocking findings, 2 usage or connection
 * error.
 */
export const EXIT_OK = 0;
export const EXIT_BLOCKING = 1;
export const EXIT_ERROR = 2;

export async function runConsole(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = processEnvironment()): Promise<number> {
  try {
    // Every command reads migrations through PostgreSQL's parser (WebAssembly, loaded once); it
    // loads while the command's own module does.
    const parserLoading = ensureSqlParser();
    parserLoading.catch(() => {});
    // push has its own arguments and exit codes (0 applied, 1 refused or failed, 2 usage or connection),
    // and is loaded only when used: status and inspect start without its database client. Its
    // folder reading awaits the parser itself.
    if (argv[0] === 'push' && !argv.includes('--help') && !argv.includes('-h')) {
      return await (await import('./push-command')).runPushCommand(argv.slice(1), env);
    }
    await parserLoading;
    // lint and drift (advisor and drift check) handle their own options, --help and exit codes.
    if (argv[0] === 'lint') return await (await import('./lint-command')).runLintCommand(argv.slice(1), env);
    if (argv[0] === 'drift') return await (await import('./drift-command')).runDriftCommand(argv.slice(1), env);
    const command = parseConsoleArgs(argv);
    if (command.command === 'help') {
      const [{ PUSH_USAGE }, { LINT_USAGE }, { DRIFT_USAGE }] = await Promise.all([
        import('./push-command'),
        import('./lint-command'),
        import('./drift-command'),
      ]);
      process.stdout.write(`${USAGE}\n\n${PUSH_USAGE}\n\n${LINT_USAGE}\n\n${DRIFT_USAGE}\n`);
      return EXIT_OK;
    }
    return command.command === 'status' ? await status(command, env) : inspect(command, env);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\nRun npm run console -- --help for usage.\n`);
      return EXIT_ERROR;
    }
    if (error instanceof ConnectionError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT_ERROR;
    }
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_ERROR;
  }
}

async function status(command: StatusCommand, env: Readonly<Record<string, string | undefined>>): Promise<number> {
  const config = readMigrationsConfig(env);
  const dir = command.dir ?? config.dir;
  const source = resolveHistorySource(command.dbUrl, env);
  // The client is loaded first; its handshake and the query then run while the files are read.
  const startRead = await prepareHistoryRead(source);
  const history = startRead();
  history.catch(() => {});
  const folder = await readMigrationsFolderAsync(command.dir ? fromCaller(command.dir, env) : path.resolve(dir), config);
  const remote = await history;
  const report = computeStatus(folder.files, remote.tableExists ? remote.rows : null, {
    modules: config.modules,
    folderProblem: folder.problem,
    ignoredFiles: folder.ignored,
    migrationsDir: dir,
  });
  process.stdout.write(command.json ? json(report) : formatStatus(report, { dir, source: describeSource(source) }));
  return report.blocking ? EXIT_BLOCKING : EXIT_OK;
}

function inspect(command: InspectCommand, env: Readonly<Record<string, string | undefined>>): number {
  const config = readMigrationsConfig(env);
  const filePath = fromCaller(command.file, env);
  if (!fs.existsSync(filePath) && !isSymlink(filePath)) throw new UsageError(`No such file: ${command.file}`);
  const file = readMigrationFile(filePath, { ...config, listingIndex: listingIndex(filePath) });
  const findings = fileFindings(file, path.dirname(command.file));
  if (command.json) process.stdout.write(json({ path: command.file, ...file, findings }));
  else process.stdout.write(formatInspect(command.file, file, findings));
  return findings.some((finding) => finding.severity === 'blocking') ? EXIT_BLOCKING : EXIT_OK;
}

/**
 * A path typed on the command line, relative to where the person ran npm: `npm run` moves into
 * the project root but keeps that folder in INIT_CWD. Configured folders stay relative to the root.
 */
function fromCaller(typed: string, env: Readonly<Record<string, string | undefined>>): string {
  return path.resolve(env.INIT_CWD || process.cwd(), typed);
}

/** Its place in the byte-sorted listing of its folder, which decides the CLI's legacy `_init` rule. */
function listingIndex(filePath: string): number | undefined {
  try {
    const names = fs.readdirSync(path.dirname(filePath)).sort(compareFileNames);
    const index = names.indexOf(path.basename(filePath));
    return index < 0 ? undefined : index;
  } catch {
    return undefined;
  }
}

function isSymlink(filePath: string): boolean {
  try {
    return fs.lstatSync(filePath).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Indented for a terminal, compact for a pipe (thousands of rows with their statements). */
function json(value: unknown): string {
  return `${JSON.stringify(value, null, process.stdout.isTTY ? 2 : undefined)}\n`;
}

/** Exits once the output is written: an idle HTTP keep-alive socket must not hold the process open. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const code = await runConsole(argv);
  process.stdout.write('', () => process.exit(code));
}

// Run directly (`tsx cli/console.ts`); the bundled launcher (cli/launch.mjs) calls main() itself.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
