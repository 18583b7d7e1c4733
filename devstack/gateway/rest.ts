/**
 * The PostgREST subset the console uses: `/rest/v1/rpc/<function>`. Per request, in one
 * transaction and exactly as PostgREST does, it sets `role` from the JWT's role claim (anon when no
 * user token), `request.jwt.claims`, `search_path`, `request.method`, `request.path`,
 * `request.headers` and `request.cookies` as transaction-local settings, then calls the function
 * with named arguments. Errors keep PostgREST's `{code, details, hint, message}` body and statuses.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import postgres, { type Sql } from 'postgres';
import { HttpError, bearerToken, readJsonBody, sendEmpty } from './http';
import { verifyToken, type SigningKeys } from './keys';

export type RestOptions = { sql: Sql; keys: SigningKeys; exposedSchemas: string[] };

const API_ROLES = new Set(['anon', 'authenticated', 'service_role']);

function pgrstError(status: number, code: string, message: string, details: string | null = null, hint: string | null = null) {
  return new HttpError(status, { code, details, hint, message });
}

/** PostgREST's mapping from SQLSTATE to HTTP status. */
export function statusForSqlState(code: string, role: string): number {
  if (/^PT\d{3}$/.test(code)) return Number(code.slice(2));
  if (code === '42501') return role === 'anon' ? 401 : 403;
  const exact: Record<string, number> = {
    '23503': 409,
    '23505': 409,
    '25006': 405,
    '42883': 404,
    '42P01': 404,
    '42P17': 500,
    P0001: 400,
    '40001': 409,
  };
  if (exact[code]) return exact[code];
  const byClass: Record<string, number> = {
    '08': 503,
    '09': 500,
    '0L': 403,
    '0P': 403,
    '25': 500,
    '28': 403,
    '2D': 500,
    '38': 500,
    '39': 500,
    '3B': 500,
    '40': 500,
    '53': 503,
    '54': 500,
    '55': 500,
    '57': 500,
    '58': 500,
    F0: 500,
    HV: 500,
    P0: 500,
    XX: 500,
  };
  return byClass[code.slice(0, 2)] ?? 400;
}

type RoutineArg = { name: string; type: string; hasDefault: boolean };
type Routine = { schema: string; name: string; args: RoutineArg[]; returnsSet: boolean; returnsVoid: boolean; volatile: boolean };

export function createRestHandler(options: RestOptions) {
  const { sql, keys } = options;

  async function claimsFor(request: IncomingMessage): Promise<Record<string, unknown>> {
    const apikey = request.headers.apikey;
    const token = bearerToken(request) ?? (typeof apikey === 'string' ? apikey : null);
    if (!token) return { role: 'anon' };
    const verified = await verifyToken(keys, token);
    if (!verified.ok) {
      throw verified.expired ? pgrstError(401, 'PGRST303', 'JWT expired') : pgrstError(401, 'PGRST301', 'No suitable key or wrong key type', null, null);
    }
    const role = String(verified.claims.role ?? 'anon');
    if (!API_ROLES.has(role)) throw pgrstError(401, 'PGRST301', `role "${role}" is not allowed`);
    return verified.claims;
  }

  function profile(request: IncomingMessage, method: string): string {
    const header = request.headers[method === 'GET' ? 'accept-profile' : 'content-profile'];
    const schema = typeof header === 'string' && header ? header : options.exposedSchemas[0]!;
    if (!options.exposedSchemas.includes(schema)) {
      throw pgrstError(406, 'PGRST106', `Invalid schema: ${schema}`, null, `Only the following schemas are exposed: ${options.exposedSchemas.join(', ')}`);
    }
    return schema;
  }

  async function findRoutine(schema: string, name: string, argNames: string[]): Promise<Routine> {
    const candidates = await sql<{ args: RoutineArg[]; returns_set: boolean; returns_void: boolean; volatile: boolean }[]>`
      select
        coalesce((
          select json_agg(json_build_object(
                   'name', a.name,
                   'type', format_type(a.type_oid, null),
                   'hasDefault', a.ordinality > p.pronargs - p.pronargdefaults) order by a.ordinality)
          from unnest(p.proargnames[1:p.pronargs], p.proargtypes::oid[]) with ordinality as a(name, type_oid, ordinality)
        ), '[]'::json) as args,
        p.proretset as returns_set,
        p.prorettype = 'void'::regtype as returns_void,
        p.provolatile = 'v' as volatile
      from pg_proc p
      join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = ${schema} and p.proname = ${name} and p.prokind = 'f'`;
    const wanted = new Set(argNames);
    const match = candidates.find(
      (candidate) => argNames.every((arg) => candidate.args.some((a) => a.name === arg)) && candidate.args.every((a) => a.hasDefault || wanted.has(a.name)),
    );
    if (!match) {
      const listed = [...argNames].sort().join(', ');
      throw pgrstError(
        404,
        'PGRST202',
        `Could not find the function ${schema}.${name}(${listed}) in the schema cache`,
        `Searched for the function ${schema}.${name} with ${argNames.length ? `parameters ${listed}` : 'no parameters'} or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.`,
        candidates.length ? 'Check the parameter names of the function.' : null,
      );
    }
    return { schema, name, args: match.args, returnsSet: match.returns_set, returnsVoid: match.returns_void, volatile: match.volatile };
  }

  return async function handleRest(request: IncomingMessage, response: ServerResponse, pathname: string, query: URLSearchParams) {
    const method = request.method ?? 'GET';
    const rpc = /^\/rpc\/([A-Za-z_][A-Za-z0-9_$]*)$/.exec(pathname);
    if (!rpc) {
      throw pgrstError(
        501,
        'PGRST501',
        `${method} /rest/v1${pathname} is outside the dev stack's PostgREST subset`,
        null,
        'The dev stack serves only /rest/v1/rpc/<function>; call SQL functions with .rpc()',
      );
    }
    if (method !== 'POST' && method !== 'GET') throw pgrstError(405, 'PGRST101', 'Only GET and POST are allowed for functions');
    const claims = await claimsFor(request);
    const role = String(claims.role);
    const schema = profile(request, method);
    const args: Record<string, unknown> =
      method === 'POST' ? await readJsonBody(request, (message) => pgrstError(400, 'PGRST102', message)) : Object.fromEntries(query.entries());
    const routine = await findRoutine(schema, rpc[1]!, Object.keys(args));
    if (method === 'GET' && routine.volatile) {
      throw pgrstError(405, 'PGRST101', 'Cannot use the GET method for volatile functions, use POST instead');
    }

    const ident = (value: string) => `"${value.replaceAll('"', '""')}"`;
    const given = routine.args.filter((arg) => arg.name in args);
    const call = `${ident(schema)}.${ident(routine.name)}(${given.map((arg) => `${ident(arg.name)} := _args.${ident(arg.name)}`).join(', ')})`;
    const recordType = given.length ? given.map((arg) => `${ident(arg.name)} ${arg.type}`).join(', ') : '_none int';
    // json_to_record turns JSON values into the declared argument types, arrays included.
    const from = `from json_to_record($1::text::json) as _args(${recordType})`;
    const statement = routine.returnsVoid
      ? `select ${call} ${from}`
      : routine.returnsSet
        ? `select coalesce(json_agg(_r), '[]'::json)::text as body, count(*)::int as n ${from} cross join lateral ${call} as _r`
        : `select to_json(${call})::text as body ${from}`;

    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([key, value]) => [key.toLowerCase(), Array.isArray(value) ? value.join(', ') : (value ?? '')]),
    );
    const cookies = Object.fromEntries(
      (request.headers.cookie ?? '')
        .split(';')
        .map((part) => part.trim())
        .filter(Boolean)
        .map((part) => {
          const at = part.indexOf('=');
          return at < 0 ? [part, ''] : [part.slice(0, at), decodeURIComponent(part.slice(at + 1))];
        }),
    );

    let rows: { body?: string; n?: number }[];
    try {
      rows = await sql.begin(async (tx) => {
        await tx`select
          set_config('role', ${role}, true),
          set_config('request.jwt.claims', ${JSON.stringify(claims)}, true),
          set_config('search_path', ${schema}, true),
          set_config('request.method', ${method}, true),
          set_config('request.path', ${`/rpc/${routine.name}`}, true),
          set_config('request.headers', ${JSON.stringify(headers)}, true),
          set_config('request.cookies', ${JSON.stringify(cookies)}, true)`;
        return tx.unsafe(statement, [JSON.stringify(args)]);
      });
    } catch (error) {
      if (error instanceof postgres.PostgresError) {
        throw new HttpError(statusForSqlState(error.code, role), {
          code: error.code,
          details: error.detail ?? null,
          hint: error.hint ?? null,
          message: error.message,
        });
      }
      throw error;
    }

    if (routine.returnsVoid) return sendEmpty(response, 204);
    const body = rows[0]?.body ?? 'null';
    const wantsObject = (request.headers.accept ?? '').includes('application/vnd.pgrst.object+json');
    if (routine.returnsSet) {
      const count = rows[0]?.n ?? 0;
      if (wantsObject) {
        if (count !== 1) throw pgrstError(406, 'PGRST116', 'JSON object requested, multiple (or no) rows returned', `The result contains ${count} rows`);
        const object = JSON.stringify((JSON.parse(body) as unknown[])[0]);
        return sendRaw(response, object, { 'Content-Range': '0-0/*' });
      }
      return sendRaw(response, body, { 'Content-Range': count ? `0-${count - 1}/*` : '*/*' });
    }
    return sendRaw(response, body, {});
  };
}

function sendRaw(response: ServerResponse, body: string, headers: Record<string, string>) {
  response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), ...headers });
  response.end(body);
}
