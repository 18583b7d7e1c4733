/**
 * Gateway conformance, driven by the real supabase-js and @supabase/ssr clients: the console must
 * not be able to tell the dev stack from a hosted project.
 */
import { createServerClient } from '@supabase/ssr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEMO, DEMO_PASSWORD, anonClient, signedInClient, superuserSql, testStack } from '../testing/clients';

const sql = superuserSql();

beforeAll(async () => {
  // A probe function that shows what PostgREST-style role switching hands to SQL.
  await sql.unsafe(`
    create or replace function public.devstack_whoami()
    returns json language sql stable as $$
      select json_build_object(
        'current_user', current_user,
        'uid', auth.uid(),
        'role', auth.role(),
        'claims', current_setting('request.jwt.claims', true)::json,
        'method', current_setting('request.method', true),
        'path', current_setting('request.path', true),
        'search_path', current_setting('search_path'),
        'client_info', current_setting('request.headers', true)::json ->> 'x-client-info')
    $$;
    grant execute on function public.devstack_whoami() to anon, authenticated;`);
});

afterAll(async () => {
  await sql.unsafe('drop function if exists public.devstack_whoami()');
  await sql.end();
});

/** Wraps fetch to record which gateway paths a client called. */
function recordingFetch() {
  const paths: string[] = [];
  const wrapped: typeof fetch = (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    paths.push(url.pathname);
    return fetch(input, init);
  };
  return { paths, fetch: wrapped };
}

describe('Auth subset', () => {
  it('signs in with a password and returns a session supabase-js accepts', async () => {
    const client = anonClient();
    const { data, error } = await client.auth.signInWithPassword({ email: DEMO.admin, password: DEMO_PASSWORD });
    expect(error).toBeNull();
    expect(data.session?.token_type).toBe('bearer');
    expect(data.session?.expires_in).toBeGreaterThan(0);
    expect(data.session?.refresh_token).toBeTruthy();
    expect(data.user?.email).toBe(DEMO.admin);
    expect(data.user?.role).toBe('authenticated');
  });

  it('refuses a wrong password with 400 invalid_credentials', async () => {
    const { data, error } = await anonClient().auth.signInWithPassword({ email: DEMO.admin, password: 'not-the-password' });
    expect(data.session).toBeNull();
    expect(error?.status).toBe(400);
    expect(error?.code).toBe('invalid_credentials');
    expect(error?.message).toBe('Invalid login credentials');
  });

  it('rotates refresh tokens and refuses a token that was already used', async () => {
    const client = await signedInClient(DEMO.operator);
    const first = (await client.auth.getSession()).data.session!;
    const { data: refreshed, error } = await client.auth.refreshSession({ refresh_token: first.refresh_token });
    expect(error).toBeNull();
    expect(refreshed.session?.refresh_token).not.toBe(first.refresh_token);

    const again = await anonClient().auth.refreshSession({ refresh_token: first.refresh_token });
    expect(again.error?.code).toBe('refresh_token_already_used');
    // Reuse detection ends the whole session: the newest token is dead too.
    const newest = await anonClient().auth.refreshSession({ refresh_token: refreshed.session!.refresh_token });
    expect(newest.error).not.toBeNull();
  });

  it('verifies claims locally from the JWKS, without calling /user', async () => {
    const recorder = recordingFetch();
    const client = await signedInClient(DEMO.support, DEMO_PASSWORD, { fetch: recorder.fetch });
    recorder.paths.length = 0;
    const { data, error } = await client.auth.getClaims();
    expect(error).toBeNull();
    expect(data?.claims.email).toBe(DEMO.support);
    expect(data?.claims.role).toBe('authenticated');
    expect(data?.header.alg).toBe('ES256');
    expect(recorder.paths).toContain('/auth/v1/.well-known/jwks.json');
    expect(recorder.paths).not.toContain('/auth/v1/user');
  });

  it('returns the user from /user and ends every session on sign-out', async () => {
    const client = await signedInClient(DEMO.approver);
    const session = (await client.auth.getSession()).data.session!;
    const { data: user } = await client.auth.getUser();
    expect(user.user?.email).toBe(DEMO.approver);

    const { error } = await client.auth.signOut({ scope: 'global' });
    expect(error).toBeNull();
    const refresh = await anonClient().auth.refreshSession({ refresh_token: session.refresh_token });
    expect(refresh.error?.code).toBe('refresh_token_not_found');
    const afterSignOut = await anonClient().auth.getUser(session.access_token);
    expect(afterSignOut.data.user).toBeNull();
    // supabase-js turns GoTrue's session_not_found into this error.
    expect(afterSignOut.error?.name).toBe('AuthSessionMissingError');
  });

  it('keeps a session in @supabase/ssr cookies and reads it back in a new server client', async () => {
    const stack = testStack();
    const jar = new Map<string, string>();
    const cookieClient = () =>
      createServerClient(stack.apiUrl, stack.anonKey, {
        cookies: {
          getAll: () => [...jar].map(([name, value]) => ({ name, value })),
          setAll: (cookies) => {
            for (const { name, value } of cookies) {
              if (value) jar.set(name, value);
              else jar.delete(name);
            }
          },
        },
        realtime: { transport: WebSocket as never },
      });
    const { error } = await cookieClient().auth.signInWithPassword({ email: DEMO.admin, password: DEMO_PASSWORD });
    expect(error).toBeNull();
    const cookieName = [...jar.keys()].find((name) => name.startsWith('sb-127-auth-token'));
    expect(cookieName).toBeDefined();
    expect(jar.get(cookieName!)).toMatch(/^base64-/);
    const { data } = await cookieClient().auth.getClaims();
    expect(data?.claims.email).toBe(DEMO.admin);
  });
});

describe('PostgREST RPC subset', () => {
  it('runs a function as `authenticated` with the caller’s claims, as PostgREST does', async () => {
    const client = await signedInClient(DEMO.operator);
    const { data: claims } = await client.auth.getClaims();
    const { data, error } = await client.rpc('devstack_whoami');
    expect(error).toBeNull();
    expect(data).toMatchObject({
      current_user: 'authenticated',
      uid: claims!.claims.sub,
      role: 'authenticated',
      method: 'POST',
      path: '/rpc/devstack_whoami',
      search_path: 'public',
    });
    expect((data as { claims: Record<string, unknown> }).claims.email).toBe(DEMO.operator);
    expect((data as { client_info: string }).client_info).toMatch(/supabase-js/);
  });

  it('runs as `anon` without a user session', async () => {
    const { data, error } = await anonClient().rpc('devstack_whoami');
    expect(error).toBeNull();
    expect(data).toMatchObject({ current_user: 'anon', uid: null, role: 'anon' });
  });

  it('passes named and array arguments, and returns set results as arrays', async () => {
    const client = await signedInClient(DEMO.admin);
    const { data: roles, error } = await client.schema('console').rpc('my_roles');
    expect(error).toBeNull();
    expect(roles).toEqual(['admin']);
    const { data: members, error: listError } = await client.schema('console').rpc('list_members');
    expect(listError).toBeNull();
    expect((members as { email: string }[]).map((member) => member.email)).toContain(DEMO.operator);
  });

  it('answers an unexposed schema with 406 PGRST106', async () => {
    const client = await signedInClient(DEMO.admin);
    const { error, status } = await client.schema('auth').rpc('uid');
    expect(status).toBe(406);
    expect(error).toMatchObject({ code: 'PGRST106' });
    expect(error).toHaveProperty('details');
    expect(error).toHaveProperty('hint');
  });

  it('answers an unknown function with 404 PGRST202', async () => {
    const { error, status } = await anonClient().rpc('no_such_function', { a: 1 });
    expect(status).toBe(404);
    expect(error?.code).toBe('PGRST202');
    expect(error?.message).toBe('Could not find the function public.no_such_function(a) in the schema cache');
  });

  it('maps a refused call to 403 for a signed-in person and 401 for anon', async () => {
    const operator = await signedInClient(DEMO.operator);
    const refused = await operator.schema('console').rpc('list_members');
    expect(refused.status).toBe(403);
    expect(refused.error?.code).toBe('42501');
    const anonymous = await anonClient().schema('console').rpc('list_members');
    expect(anonymous.status).toBe(401);
  });

  it('refuses a forged token with 401 PGRST301', async () => {
    const stack = testStack();
    const response = await fetch(`${stack.apiUrl}/rest/v1/rpc/devstack_whoami`, {
      method: 'POST',
      headers: { apikey: stack.anonKey, Authorization: `Bearer ${stack.anonKey.slice(0, -4)}AAAA`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'PGRST301' });
  });

  it('refuses a request without an API key', async () => {
    const response = await fetch(`${testStack().apiUrl}/rest/v1/rpc/devstack_whoami`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(401);
  });
});
