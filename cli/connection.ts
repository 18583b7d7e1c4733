import 'server-only';
import { RemoteHistoryError, fetchRemoteHistory, fetchRemoteHistoryFromDb, type RemoteHistory } from '@/lib/migrations/remote-history';

/**
 * Where `console status` reads the remote history from, chosen like the app's environment:
 * `--db-url`, else SUPABASE_DB_URL (a direct connection, as the Supabase CLI uses), else the API
 * with the service-role key. The clients are imported lazily: each costs startup time, and a
 * run needs only one of them.
 */
export type HistorySource = { kind: 'database'; url: string } | { kind: 'api'; url: string; serviceRoleKey: string };

/** No usable connection, or it failed: exit code 2, with a message that holds no secret. */
export class ConnectionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConnectionError';
  }
}

export function resolveHistorySource(dbUrl: string | null, env: Readonly<Record<string, string | undefined>>): HistorySource {
  if (dbUrl) return { kind: 'database', url: dbUrl };
  const fromEnv = env.SUPABASE_DB_URL?.trim();
  if (fromEnv) {
    if (!/^postgres(ql)?:\/\//.test(fromEnv)) throw new ConnectionError('SUPABASE_DB_URL must be a postgresql:// connection string.');
    return { kind: 'database', url: fromEnv };
  }
  const apiUrl = env.NEXT_PUBLIC_SUPABASE_URL?.trim();
  const serviceRoleKey = env.SUPABASE_SERVICE_ROLE_KEY?.trim();
  if (apiUrl && serviceRoleKey) {
    if (!/^https?:\/\//.test(apiUrl)) throw new ConnectionError('NEXT_PUBLIC_SUPABASE_URL must be the project URL, e.g. http://127.0.0.1:54321.');
    return { kind: 'api', url: apiUrl, serviceRoleKey };
  }
  throw new ConnectionError(
    'No connection to the project. Pass --db-url postgresql://…, or set SUPABASE_DB_URL, or set NEXT_PUBLIC_SUPABASE_URL and ' +
      'SUPABASE_SERVICE_ROLE_KEY (npm run stack prints all three for the dev stack).',
  );
}

/** The source for people to read: host, port and database, never a password or key. */
export function describeSource(source: HistorySource): string {
  if (source.kind === 'api') return `the API at ${source.url}`;
  try {
    const url = new URL(source.url);
    return `the database ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname || '/postgres'}`;
  } catch {
    return 'the database (unparsable URL)';
  }
}

export async function readRemoteHistory(source: HistorySource): Promise<RemoteHistory> {
  return (await prepareHistoryRead(source))();
}

/**
 * Loads the client the source needs, then hands back the function that starts the read. Loading
 * a package takes many event-loop turns; done first, the connection handshake and the query can
 * then run while the caller reads the folder.
 */
export async function prepareHistoryRead(source: HistorySource): Promise<() => Promise<RemoteHistory>> {
  if (source.kind === 'database') {
    const { default: postgres } = await import('postgres');
    return () => readFromDatabase(postgres, source.url);
  }
  const [{ createClient }, { default: WebSocket }] = await Promise.all([import('@supabase/supabase-js'), import('ws')]);
  return () => readFromApi(createClient, WebSocket, source.url, source.serviceRoleKey);
}

type Postgres = typeof import('postgres');
type CreateClient = typeof import('@supabase/supabase-js').createClient;
type WebSocketClass = typeof import('ws').default;

async function readFromDatabase(postgres: Postgres, url: string): Promise<RemoteHistory> {
  let hasSslMode = false;
  try {
    hasSslMode = new URL(url).searchParams.has('sslmode');
  } catch {
    throw new ConnectionError('The database URL cannot be parsed; percent-encode special characters in the password.');
  }
  const sql = postgres(url, {
    max: 1,
    // Works through transaction-mode poolers too: reading needs no prepared statements.
    prepare: false,
    // The history needs no custom types; skipping the type lookup saves a round trip.
    fetch_types: false,
    connect_timeout: 10,
    onnotice: () => {},
    connection: { application_name: 'migration-console status' },
    // Like psql's default: TLS when the server offers it, unless the URL says otherwise.
    ...(hasSslMode ? {} : { ssl: 'prefer' as const }),
  });
  try {
    return await fetchRemoteHistoryFromDb(sql);
  } catch (error) {
    throw new ConnectionError(`Reading the migration history from ${describeSource({ kind: 'database', url })} failed: ${databaseErrorText(error)}`, {
      cause: error,
    });
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

async function readFromApi(createClient: CreateClient, WebSocket: WebSocketClass, url: string, serviceRoleKey: string): Promise<RemoteHistory> {
  const client = createClient(url, serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as never },
  });
  try {
    return await fetchRemoteHistory(client);
  } catch (error) {
    const reason = error instanceof RemoteHistoryError ? error.message : error instanceof Error ? error.message : String(error);
    throw new ConnectionError(`Reading the migration history from the API at ${url} failed. ${reason}`, { cause: error });
  }
}

function databaseErrorText(error: unknown): string {
  const err = error as { code?: string; message?: string } | undefined;
  const code = err?.code;
  if (code === 'ECONNREFUSED') return 'nothing listens there (connection refused). Is the database running?';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name cannot be resolved.';
  if (code === 'CONNECT_TIMEOUT' || code === 'ETIMEDOUT') return 'the connection timed out.';
  if (code === '28P01' || code === '28000') return 'the user name or password was refused.';
  if (code === '3D000') return 'that database does not exist.';
  if (code === '42501') return 'the user may not read supabase_migrations.schema_migrations.';
  return err?.message ?? String(error);
}
