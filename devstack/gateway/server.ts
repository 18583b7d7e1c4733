/**
 * The dev stack's API gateway on one port, like Supabase's: `/auth/v1/*` (Auth subset) and
 * `/rest/v1/*` (PostgREST RPC subset). Every request needs an API key, as the hosted gateway does.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import postgres from 'postgres';
import { createAuthHandler } from './auth';
import { createRestHandler } from './rest';
import { HttpError, sendEmpty, sendJson } from './http';
import { verifyToken, type SigningKeys } from './keys';
import { assertPortFree } from '../ports';

export type GatewayOptions = {
  port: number;
  publicUrl: string;
  keys: SigningKeys;
  /** Connection strings for the two database roles the real services use. */
  authDbUrl: string;
  restDbUrl: string;
  exposedSchemas: string[];
  jwtExpirySeconds: number;
  refreshTokenReuseInterval: number;
  onLog?: (line: string) => void;
};

export type RunningGateway = { url: string; stop(): Promise<void> };

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'Access-Control-Allow-Headers':
    'authorization, x-client-info, apikey, content-type, content-profile, accept-profile, prefer, x-supabase-api-version, x-request-id',
  'Access-Control-Max-Age': '3600',
};

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  await assertPortFree(options.port, 'API gateway');
  // No backoff: while the database is away PostgREST answers 503 at once (it reconnects in the
  // background); postgres.js's default backoff would hold each request for up to 20 s instead.
  const connection = { max: 10, idle_timeout: 30, backoff: () => 0, onnotice: () => {}, connection: { application_name: 'devstack-gateway' } };
  const authSql = postgres(options.authDbUrl, connection);
  const restSql = postgres(options.restDbUrl, connection);
  const handleAuth = createAuthHandler({
    sql: authSql,
    keys: options.keys,
    publicUrl: options.publicUrl,
    jwtExpirySeconds: options.jwtExpirySeconds,
    refreshTokenReuseInterval: options.refreshTokenReuseInterval,
  });
  const handleRest = createRestHandler({ sql: restSql, keys: options.keys, exposedSchemas: options.exposedSchemas });

  async function route(request: IncomingMessage, response: ServerResponse) {
    for (const [name, value] of Object.entries(CORS_HEADERS)) response.setHeader(name, value);
    if (request.method === 'OPTIONS') return sendEmpty(response, 204);
    const url = new URL(request.url ?? '/', 'http://gateway');
    const { pathname } = url;
    if (pathname === '/auth/v1/.well-known/jwks.json') return handleAuth(request, response, '/.well-known/jwks.json', url.searchParams);

    // The hosted gateway refuses requests without a project API key before any service sees them.
    const apikey = request.headers.apikey;
    if (typeof apikey !== 'string' || !apikey)
      return sendJson(response, 401, { message: 'No API key found in request', hint: 'No `apikey` request header or url param was found.' });
    const key = await verifyToken(options.keys, apikey);
    if (!key.ok) return sendJson(response, 401, { message: 'Invalid API key', hint: 'Double check the provided API key.' });

    if (pathname.startsWith('/auth/v1/')) return handleAuth(request, response, pathname.slice('/auth/v1'.length), url.searchParams);
    if (pathname.startsWith('/rest/v1/')) return handleRest(request, response, pathname.slice('/rest/v1'.length), url.searchParams);
    return sendJson(response, 404, { message: 'no Route matched with those values' });
  }

  const server = http.createServer((request, response) => {
    const started = performance.now();
    route(request, response)
      .catch((error: unknown) => {
        if (error instanceof HttpError) return sendJson(response, error.status, error.body);
        options.onLog?.(`gateway error on ${request.method} ${request.url}: ${error instanceof Error ? error.stack : String(error)}`);
        const unavailable =
          error instanceof Error && /ECONNREFUSED|CONNECTION_|terminating connection/.test(`${(error as { code?: string }).code ?? ''} ${error.message}`);
        if (!response.headersSent) {
          sendJson(
            response,
            unavailable ? 503 : 500,
            unavailable
              ? { code: 'PGRST001', details: null, hint: null, message: 'Database client error. Retrying the connection.' }
              : { code: 'PGRST000', details: null, hint: null, message: 'Internal gateway error' },
          );
        }
      })
      .finally(() => options.onLog?.(`${request.method} ${request.url?.split('?')[0]} ${response.statusCode} ${(performance.now() - started).toFixed(1)}ms`));
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });

  return {
    url: options.publicUrl,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await Promise.all([authSql.end({ timeout: 2 }), restSql.end({ timeout: 2 })]);
    },
  };
}
