/**
 * The subset of Supabase Auth (GoTrue) that the console and its tests use: password and
 * refresh-token grants with rotation and reuse detection, /user, /logout, /admin/users and the
 * JWKS. Response shapes and error codes follow GoTrue's, so supabase-js behaves as it does against
 * a hosted project.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Sql } from 'postgres';
import { z } from 'zod';
import { HttpError, bearerToken, readJsonBody, sendEmpty, sendJson } from './http';
import { signAccessToken, verifyToken, type SigningKeys } from './keys';

export type AuthOptions = {
  sql: Sql;
  keys: SigningKeys;
  /** Public URL of the gateway, used for the `iss` claim. */
  publicUrl: string;
  jwtExpirySeconds: number;
  /** Seconds in which a just-rotated refresh token still returns the active session (GoTrue's reuse interval). */
  refreshTokenReuseInterval: number;
};

type UserRow = {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  phone: string | null;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  phone_confirmed_at: Date | null;
  confirmed_at: Date | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: Record<string, unknown> | null;
  raw_user_meta_data: Record<string, unknown> | null;
  created_at: Date | null;
  updated_at: Date | null;
  banned_until: Date | null;
  deleted_at: Date | null;
  is_anonymous: boolean;
};

/** GoTrue's error body: `{code, message}` for API version 2024-01-01 and later, `{code, error_code, msg}` before. */
function authError(request: IncomingMessage, status: number, code: string, message: string): HttpError {
  const version = request.headers['x-supabase-api-version'];
  const current = typeof version === 'string' && version >= '2024-01-01';
  return new HttpError(status, current ? { code, message } : { code: status, error_code: code, msg: message });
}

function userJson(user: UserRow) {
  const iso = (value: Date | null) => (value ? value.toISOString() : undefined);
  return {
    id: user.id,
    aud: user.aud ?? 'authenticated',
    role: user.role ?? 'authenticated',
    email: user.email ?? '',
    email_confirmed_at: iso(user.email_confirmed_at),
    phone: user.phone ?? '',
    phone_confirmed_at: iso(user.phone_confirmed_at),
    confirmed_at: iso(user.confirmed_at),
    last_sign_in_at: iso(user.last_sign_in_at),
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    identities: [],
    created_at: iso(user.created_at),
    updated_at: iso(user.updated_at),
    is_anonymous: user.is_anonymous,
  };
}

const USER_COLUMNS = `id, aud, role, email, phone, encrypted_password, email_confirmed_at, phone_confirmed_at,
  confirmed_at, last_sign_in_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
  banned_until, deleted_at, is_anonymous`;

const passwordGrant = z.object({ email: z.string().min(1).optional(), phone: z.string().min(1).optional(), password: z.string() });
const refreshGrant = z.object({ refresh_token: z.string().min(1) });
const createUserBody = z.object({
  email: z.string().email(),
  password: z.string().min(6).optional(),
  email_confirm: z.boolean().optional(),
  user_metadata: z.record(z.string(), z.unknown()).optional(),
  app_metadata: z.record(z.string(), z.unknown()).optional(),
});

export function createAuthHandler(options: AuthOptions) {
  const { sql, keys } = options;

  async function issueTokens(user: UserRow, sessionId: string, refreshToken: string) {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + options.jwtExpirySeconds;
    const accessToken = await signAccessToken(keys, {
      iss: `${options.publicUrl}/auth/v1`,
      sub: user.id,
      aud: user.aud ?? 'authenticated',
      exp,
      iat: now,
      email: user.email ?? '',
      phone: user.phone ?? '',
      app_metadata: user.raw_app_meta_data ?? {},
      user_metadata: user.raw_user_meta_data ?? {},
      role: user.role ?? 'authenticated',
      aal: 'aal1',
      amr: [{ method: 'password', timestamp: now }],
      session_id: sessionId,
      is_anonymous: user.is_anonymous,
    });
    return {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: options.jwtExpirySeconds,
      expires_at: exp,
      refresh_token: refreshToken,
      user: userJson(user),
    };
  }

  const newRefreshToken = () => randomBytes(24).toString('base64url');

  async function signInWithPassword(request: IncomingMessage, body: Record<string, unknown>) {
    const parsed = passwordGrant.safeParse(body);
    if (!parsed.success || (!parsed.data.email && !parsed.data.phone)) {
      throw authError(request, 400, 'validation_failed', 'missing email or phone');
    }
    const { email, phone, password } = parsed.data;
    // The password is compared inside Postgres with pgcrypto's bcrypt, as GoTrue's hashes are bcrypt.
    const [user] = await sql.unsafe<(UserRow & { password_ok: boolean })[]>(
      `select ${USER_COLUMNS}, coalesce(encrypted_password = extensions.crypt($3, encrypted_password), false) as password_ok
       from auth.users
       where deleted_at is null and ((cast($1 as text) is not null and lower(email) = lower($1)) or (cast($2 as text) is not null and phone = $2))
       limit 1`,
      [email ?? null, phone ?? null, password],
    );
    if (!user || !user.password_ok) throw authError(request, 400, 'invalid_credentials', 'Invalid login credentials');
    if (user.banned_until && user.banned_until > new Date()) throw authError(request, 400, 'user_banned', 'User is banned');
    if (email && !user.email_confirmed_at) throw authError(request, 400, 'email_not_confirmed', 'Email not confirmed');

    const sessionId = randomUUID();
    const refreshToken = newRefreshToken();
    const [updated] = await sql.begin(async (tx) => {
      await tx`insert into auth.sessions (id, user_id, created_at, updated_at, aal, user_agent)
               values (${sessionId}, ${user.id}, now(), now(), 'aal1', ${request.headers['user-agent'] ?? null})`;
      await tx`insert into auth.refresh_tokens (token, user_id, revoked, created_at, updated_at, session_id)
               values (${refreshToken}, ${user.id}, false, now(), now(), ${sessionId})`;
      return tx.unsafe<UserRow[]>(`update auth.users set last_sign_in_at = now(), updated_at = now() where id = $1 returning ${USER_COLUMNS}`, [user.id]);
    });
    return issueTokens(updated!, sessionId, refreshToken);
  }

  async function refresh(request: IncomingMessage, body: Record<string, unknown>) {
    const parsed = refreshGrant.safeParse(body);
    if (!parsed.success) throw authError(request, 400, 'validation_failed', 'refresh_token required');
    const presented = parsed.data.refresh_token;

    type Outcome = { tokens: { sessionId: string; refreshToken: string }; user: UserRow } | { error: HttpError };
    const outcome: Outcome = await sql.begin(async (tx): Promise<Outcome> => {
      // Row lock: concurrent refreshes of one token take turns, so only one of them rotates it.
      const [row] = await tx<{ id: string; token: string; user_id: string; revoked: boolean; session_id: string; age_seconds: number }[]>`
        select id, token, user_id, revoked, session_id, extract(epoch from now() - updated_at)::float8 as age_seconds
        from auth.refresh_tokens where token = ${presented} for update`;
      if (!row || !row.session_id) return { error: authError(request, 400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found') };
      const [user] = await tx.unsafe<UserRow[]>(`select ${USER_COLUMNS} from auth.users where id = $1 and deleted_at is null`, [row.user_id]);
      if (!user) return { error: authError(request, 400, 'user_not_found', 'User not found') };
      if (user.banned_until && user.banned_until > new Date()) return { error: authError(request, 400, 'user_banned', 'User is banned') };

      if (row.revoked) {
        const [active] = await tx<{ token: string }[]>`
          select token from auth.refresh_tokens
          where session_id = ${row.session_id} and revoked = false order by id desc limit 1`;
        if (active && row.age_seconds <= options.refreshTokenReuseInterval) {
          return { tokens: { sessionId: row.session_id, refreshToken: active.token }, user };
        }
        // Reuse of a rotated token outside the interval looks like theft: end the whole session.
        await tx`delete from auth.sessions where id = ${row.session_id}`;
        return { error: authError(request, 400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used') };
      }

      const next = newRefreshToken();
      await tx`update auth.refresh_tokens set revoked = true, updated_at = now() where id = ${row.id}`;
      await tx`insert into auth.refresh_tokens (token, user_id, revoked, created_at, updated_at, parent, session_id)
               values (${next}, ${row.user_id}, false, now(), now(), ${row.token}, ${row.session_id})`;
      await tx`update auth.sessions set refreshed_at = now(), updated_at = now() where id = ${row.session_id}`;
      return { tokens: { sessionId: row.session_id, refreshToken: next }, user };
    });
    if ('error' in outcome) throw outcome.error;
    return issueTokens(outcome.user, outcome.tokens.sessionId, outcome.tokens.refreshToken);
  }

  /** The signed-in user's claims, with GoTrue's checks: valid signature, not expired, session still alive. */
  async function requireUserClaims(request: IncomingMessage) {
    const token = bearerToken(request);
    if (!token) throw authError(request, 401, 'no_authorization', 'This endpoint requires a valid Bearer token');
    const verified = await verifyToken(keys, token);
    if (!verified.ok) {
      throw authError(
        request,
        403,
        'bad_jwt',
        verified.expired
          ? 'invalid JWT: unable to parse or verify signature, token has invalid claims: token is expired'
          : 'invalid JWT: unable to parse or verify signature',
      );
    }
    const { claims } = verified;
    if (typeof claims.sub !== 'string') throw authError(request, 403, 'bad_jwt', 'invalid claim: missing sub claim');
    if (typeof claims.session_id === 'string') {
      const [session] = await sql`select 1 from auth.sessions where id = ${claims.session_id}`;
      if (!session) throw authError(request, 403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
    }
    return claims as typeof claims & { sub: string; session_id?: string };
  }

  async function requireServiceRole(request: IncomingMessage) {
    const token = bearerToken(request);
    const verified = token ? await verifyToken(keys, token) : null;
    if (!verified?.ok || verified.claims.role !== 'service_role') {
      throw authError(request, 403, 'not_admin', 'User not allowed');
    }
  }

  async function createUser(request: IncomingMessage, body: Record<string, unknown>) {
    const parsed = createUserBody.safeParse(body);
    if (!parsed.success) throw authError(request, 400, 'validation_failed', parsed.error.issues[0]?.message ?? 'invalid user');
    const { email, password, email_confirm, user_metadata, app_metadata } = parsed.data;
    const [existing] = await sql`select 1 from auth.users where lower(email) = lower(${email}) and deleted_at is null`;
    if (existing) throw authError(request, 422, 'email_exists', 'A user with this email address has already been registered');
    const [user] = await sql.unsafe<UserRow[]>(
      `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                               raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
       values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2,
               case when cast($3 as text) is null then null else extensions.crypt($3, extensions.gen_salt('bf', 10)) end,
               case when $4 then now() end, $5, $6, now(), now())
       returning ${USER_COLUMNS}`,
      [
        randomUUID(),
        email,
        password ?? null,
        email_confirm ?? false,
        sql.json({ provider: 'email', providers: ['email'], ...(app_metadata ?? {}) }),
        sql.json((user_metadata ?? {}) as never),
      ],
    );
    return userJson(user!);
  }

  return async function handleAuth(request: IncomingMessage, response: ServerResponse, pathname: string, query: URLSearchParams) {
    const method = request.method ?? 'GET';
    const invalid = (message: string) => authError(request, 400, 'validation_failed', message);
    // GoTrue stamps every response; supabase-js reads error codes only when it is present.
    response.setHeader('X-Supabase-Api-Version', '2024-01-01');

    if (method === 'GET' && pathname === '/.well-known/jwks.json') {
      return sendJson(response, 200, { keys: [keys.publicJwk] }, { 'Cache-Control': 'public, max-age=600' });
    }
    if (method === 'GET' && (pathname === '/health' || pathname === '/settings')) {
      return sendJson(
        response,
        200,
        pathname === '/health'
          ? { version: 'devstack', name: 'GoTrue', description: 'Supabase Auth subset of the Migration Console dev stack' }
          : { external: { email: true }, disable_signup: true, mailer_autoconfirm: true },
      );
    }
    if (method === 'POST' && pathname === '/token') {
      const body = await readJsonBody(request, invalid);
      const grant = query.get('grant_type');
      if (grant === 'password') return sendJson(response, 200, await signInWithPassword(request, body));
      if (grant === 'refresh_token') return sendJson(response, 200, await refresh(request, body));
      throw authError(request, 400, 'validation_failed', 'unsupported_grant_type');
    }
    if (method === 'GET' && pathname === '/user') {
      const claims = await requireUserClaims(request);
      const [user] = await sql.unsafe<UserRow[]>(`select ${USER_COLUMNS} from auth.users where id = $1 and deleted_at is null`, [claims.sub]);
      if (!user) throw authError(request, 404, 'user_not_found', 'User from sub claim in JWT does not exist');
      return sendJson(response, 200, userJson(user));
    }
    if (method === 'POST' && pathname === '/logout') {
      const claims = await requireUserClaims(request);
      const scope = query.get('scope') ?? 'global';
      if (scope === 'global') await sql`delete from auth.sessions where user_id = ${claims.sub}`;
      else if (scope === 'local') await sql`delete from auth.sessions where id = ${claims.session_id ?? null}`;
      else if (scope === 'others') await sql`delete from auth.sessions where user_id = ${claims.sub} and id <> ${claims.session_id ?? null}`;
      else throw invalid(`invalid scope: ${scope}`);
      return sendEmpty(response, 204);
    }
    if (pathname === '/admin/users' || pathname.startsWith('/admin/users/')) {
      await requireServiceRole(request);
      const id = pathname.slice('/admin/users/'.length);
      if (method === 'POST' && pathname === '/admin/users') return sendJson(response, 200, await createUser(request, await readJsonBody(request, invalid)));
      if (method === 'GET' && pathname === '/admin/users') {
        const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
        const perPage = Math.min(1000, Math.max(1, Number(query.get('per_page') ?? 50) || 50));
        const users = await sql.unsafe<UserRow[]>(
          `select ${USER_COLUMNS} from auth.users where deleted_at is null order by created_at, id limit $1 offset $2`,
          [perPage, (page - 1) * perPage],
        );
        const [{ total }] = (await sql`select count(*)::int as total from auth.users where deleted_at is null`) as unknown as [{ total: number }];
        return sendJson(response, 200, { users: users.map(userJson), aud: 'authenticated' }, { 'X-Total-Count': String(total) });
      }
      if (id && /^[0-9a-f-]{36}$/i.test(id)) {
        if (method === 'GET') {
          const [user] = await sql.unsafe<UserRow[]>(`select ${USER_COLUMNS} from auth.users where id = $1 and deleted_at is null`, [id]);
          if (!user) throw authError(request, 404, 'user_not_found', 'User not found');
          return sendJson(response, 200, userJson(user));
        }
        if (method === 'DELETE') {
          const [user] = await sql.unsafe<UserRow[]>(`delete from auth.users where id = $1 returning ${USER_COLUMNS}`, [id]);
          if (!user) throw authError(request, 404, 'user_not_found', 'User not found');
          return sendJson(response, 200, userJson(user));
        }
      }
    }
    throw authError(request, 404, 'not_found', `${method} /auth/v1${pathname} is not part of the dev stack's Auth subset`);
  };
}
