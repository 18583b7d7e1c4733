import 'server-only';
import path from 'node:path';
import type { SupabaseClient } from '@supabase/supabase-js';
import { readMigrationsConfig, type MigrationsConfig } from '@/lib/migrations/config';
import { describeFailure, startPushRun, type PushProgress, type PushRunResult } from '@/lib/migrations/push-engine';
import { readPushSettings, redactUrl, sessionUrlProblem, type PushSettings } from '@/lib/migrations/push-settings';
import { processEnvironment } from '@/lib/env/environment';

/**
 * `npm run console -- push --request <id> --as <email>`: runs an approved push request with the
 * same engine and checks as the console's Run button, printing each file as it applies.
 *
 * Who runs it: the person named by `--as`, signed in through the project's Auth API with the
 * password in CONSOLE_PASSWORD (never a command-line argument, which other users of the machine
 * could read), exactly as they sign in to the console. The database then decides, with that
 * session, whether they may run this request (an admin, an approval by another admin, not run
 * before) and records them as the one who ran it. SUPABASE_DB_URL is needed to apply the files,
 * as for the Supabase CLI; holding it does not let this command skip the approval.
 */

export const PUSH_USAGE = `  npm run console -- push --request <id> --as <email> [--dir PATH]
      Runs an approved push request: the same checks as the console's Run button
      (admin only, approved by another admin, snapshot unchanged), then each file in
      its own transaction, with progress. Signs in as <email> with the password in
      CONSOLE_PASSWORD. Needs SUPABASE_DB_URL, NEXT_PUBLIC_SUPABASE_URL and
      NEXT_PUBLIC_SUPABASE_ANON_KEY. Exit code 0 applied, 1 refused or failed,
      2 usage, sign-in or connection error.`;

export type PushCommand = { requestId: string; email: string; dir: string | null };

export class PushUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PushUsageError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The arguments after `push`. Pure. */
export function parsePushArgs(args: readonly string[]): PushCommand {
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const equals = arg.indexOf('=');
    const name = equals > 0 ? arg.slice(0, equals) : arg;
    if (!['--request', '--as', '--dir'].includes(name)) {
      throw new PushUsageError(`Unknown argument ${arg} for push. Options: --request ID, --as EMAIL, --dir PATH.`);
    }
    const value = equals > 0 ? arg.slice(equals + 1) : args[++i];
    if (value === undefined || value === '' || value.startsWith('--')) throw new PushUsageError(`${name} needs a value.`);
    if (values.has(name)) throw new PushUsageError(`${name} is given twice.`);
    values.set(name, value);
  }
  const requestId = values.get('--request');
  const email = values.get('--as');
  if (!requestId) throw new PushUsageError('push needs --request <id> (the id shown on the push request page).');
  if (!UUID.test(requestId)) throw new PushUsageError(`--request must be a push request id (a UUID), not "${requestId}".`);
  if (!email || !email.includes('@')) throw new PushUsageError('push needs --as <email>: the admin who runs it (password in CONSOLE_PASSWORD).');
  return { requestId, email, dir: values.get('--dir') ?? null };
}

export type PushCommandIo = { out: (text: string) => void; err: (text: string) => void };

const defaultIo: PushCommandIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Tests apply into a scratch database; in use the target is always the console's own database. */
export type PushCommandOverrides = { targetUrl?: string };

export async function runPushCommand(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>> = processEnvironment(),
  io: PushCommandIo = defaultIo,
  overrides: PushCommandOverrides = {},
): Promise<number> {
  let command: PushCommand;
  try {
    command = parsePushArgs(args);
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\nRun npm run console -- --help for usage.\n`);
    return 2;
  }

  const dbUrl = env.SUPABASE_DB_URL?.trim();
  const apiUrl = env.NEXT_PUBLIC_SUPABASE_URL?.trim();
  const anonKey = env.NEXT_PUBLIC_SUPABASE_ANON_KEY?.trim();
  const password = env.CONSOLE_PASSWORD;
  const missing = [
    !dbUrl && 'SUPABASE_DB_URL (the database connection the files apply over)',
    !apiUrl && 'NEXT_PUBLIC_SUPABASE_URL',
    !anonKey && 'NEXT_PUBLIC_SUPABASE_ANON_KEY',
    !password && `CONSOLE_PASSWORD (the password of ${command.email})`,
  ].filter((item): item is string => typeof item === 'string');
  if (missing.length > 0 || !dbUrl || !apiUrl || !anonKey || !password) {
    io.err(`Missing environment: ${missing.join(', ')}. npm run stack prints the values for the dev stack.\n`);
    return 2;
  }
  const urlProblem = sessionUrlProblem(dbUrl);
  if (urlProblem) {
    io.err(`${urlProblem}\n`);
    return 2;
  }

  let settings: PushSettings;
  let config: MigrationsConfig;
  try {
    settings = readPushSettings(env);
    config = readMigrationsConfig(env);
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }

  const session = await signIn(apiUrl, anonKey, command.email, password, io);
  if (!session) return 2;
  try {
    const dir = path.resolve(command.dir ?? config.dir);
    io.out(
      `Push request ${command.requestId} as ${command.email}\n  into ${redactUrl(overrides.targetUrl ?? dbUrl)}\n  from ${dir}\n  lock_timeout ${settings.lockTimeout}, statement_timeout ${settings.statementTimeout}\n`,
    );
    const printer = progressPrinter(io);
    const start = await startPushRun({
      requestId: command.requestId,
      session: session.client,
      actor: { userId: session.userId },
      controlUrl: dbUrl,
      ...(overrides.targetUrl ? { targetUrl: overrides.targetUrl } : {}),
      migrationsDir: dir,
      modules: config.modules,
      maxFileBytes: config.maxFileBytes,
      settings,
      auditRequestId: null,
      onProgress: printer,
    });
    if (!start.ok) {
      io.err(`Refused: ${start.message}\n`);
      return start.code === 'unavailable' ? 2 : 1;
    }
    const result = await start.done;
    io.out(summary(result));
    return result.status === 'succeeded' ? 0 : 1;
  } finally {
    // Ends this sign-in's session on the Auth server; the person's other sessions stay.
    await session.client.auth.signOut({ scope: 'local' }).catch(() => {});
  }
}

async function signIn(
  apiUrl: string,
  anonKey: string,
  email: string,
  password: string,
  io: PushCommandIo,
): Promise<{ client: SupabaseClient; userId: string } | null> {
  const [{ createClient }, { default: WebSocket }] = await Promise.all([import('@supabase/supabase-js'), import('ws')]);
  const client = createClient(apiUrl, anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    // Node 20 has no global WebSocket; supabase-js builds its realtime client eagerly.
    realtime: { transport: WebSocket as never },
  });
  const { data, error } = await client.auth.signInWithPassword({ email, password });
  if (error || !data.user) {
    io.err(`Signing in as ${email} failed: ${error?.message ?? 'no user returned'}.\n`);
    return null;
  }
  return { client, userId: data.user.id };
}

/** One line per file: `[2/3] 20240101_x.sql … ok (41 ms)`. */
export function progressPrinter(io: PushCommandIo): (event: PushProgress) => void {
  let total = 0;
  return (event) => {
    switch (event.type) {
      case 'started':
        total = event.files.length;
        io.out(`Run ${event.runId}: ${total} file${total === 1 ? '' : 's'}\n`);
        for (const file of event.files.filter((candidate) => candidate.mode === 'unwrapped')) {
          io.out(`  ! ${file.fileName} runs unwrapped (statement by statement): a failure can leave it partly applied\n`);
        }
        break;
      case 'file_started':
        io.out(`  [${event.ordinal + 1}/${total}] ${event.fileName}${event.mode === 'unwrapped' ? ' (unwrapped)' : ''} … `);
        break;
      case 'file_succeeded':
        io.out(`ok (${event.durationMs} ms)\n`);
        break;
      case 'file_failed':
        io.out(`FAILED\n      ${describeFailure(event.error)}\n`);
        break;
      case 'finished':
        break;
    }
  };
}

function summary(result: PushRunResult): string {
  const seconds = (result.durationMs / 1000).toFixed(2);
  if (result.status === 'succeeded') return `Applied ${result.filesApplied} of ${result.filesTotal} files in ${seconds} s.\n`;
  const file = result.failure?.file;
  const left = result.filesTotal - result.filesApplied - (file ? 1 : 0);
  const lines = [`Failed after ${result.filesApplied} of ${result.filesTotal} files (${seconds} s): ${result.failure?.message ?? 'unknown error'}`];
  if (file && !file.partial && result.failure?.kind !== 'stale') lines.push(`Nothing of ${file.fileName} remains: its transaction was rolled back.`);
  if (left > 0) lines.push(`${left} later file${left === 1 ? ' was' : 's were'} not tried.`);
  return `${lines.join('\n')}\n`;
}
