import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));

type RpcResult = { data: unknown; error: { code: string; message: string } | null; status: number };
type ClaimsResult = { data: { claims: Record<string, unknown> } | null; error: { name: string; status?: number; message: string } | null };
const project: { claims: () => ClaimsResult; roles: () => RpcResult } = {
  claims: () => ({ data: null, error: null }),
  roles: () => ({ data: [], error: null, status: 200 }),
};

vi.mock('@/lib/supabase/server', () => ({
  createClient: async () => ({
    auth: { getClaims: async () => project.claims() },
    schema: () => ({ rpc: async () => project.roles() }),
  }),
}));

const { getViewer } = await import('./viewer');
const { ConsoleUnavailableError } = await import('@/lib/errors');
const { LAST_KNOWN_ROLES_MAX_AGE_MS } = await import('@/lib/outage/last-known');

const START = Date.parse('2026-11-26T22:00:00Z');
let userCount = 0;

/** A verified session of a new user id (the store is process-wide, so each test has its own person). */
function signedIn(): string {
  userCount += 1;
  const sub = `00000000-0000-4000-8000-${String(userCount).padStart(12, '0')}`;
  project.claims = () => ({ data: { claims: { sub, role: 'authenticated', email: `person${userCount}@example.test` } }, error: null });
  return sub;
}
const rolesAnswer = (roles: string[]) => () => ({ data: roles, error: null, status: 200 });
const noAnswer = () => ({ data: null, error: { code: '', message: 'TypeError: fetch failed' }, status: 0 });
const databaseDown = () => ({ data: null, error: { code: 'PGRST001', message: 'Database client error. Retrying the connection.' }, status: 503 });

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('getViewer during an outage', () => {
  it('keeps a verified person on the roles last read for them, marked degraded', async () => {
    const userId = signedIn();
    project.roles = rolesAnswer(['operator', 'not-a-role']);
    expect(await getViewer()).toEqual({ userId, email: expect.any(String), roles: ['operator'] });

    vi.setSystemTime(START + 60_000);
    project.roles = databaseDown;
    const viewer = await getViewer();
    expect(viewer).toMatchObject({ userId, roles: ['operator'] });
    expect(viewer?.outage).toEqual({ since: START + 60_000, lastContactAt: START, rolesReadAt: START });

    // The API itself gone: the same, as long as the token still verifies.
    project.roles = noAnswer;
    expect((await getViewer())?.outage?.rolesReadAt).toBe(START);
  });

  it('gives nothing to another user id', async () => {
    signedIn();
    project.roles = rolesAnswer(['admin']);
    await getViewer();
    signedIn();
    project.roles = databaseDown;
    await expect(getViewer()).rejects.toBeInstanceOf(ConsoleUnavailableError);
  });

  it('gives nothing once the last read is older than LAST_KNOWN_ROLES_MAX_AGE_MS', async () => {
    signedIn();
    project.roles = rolesAnswer(['admin']);
    await getViewer();
    project.roles = databaseDown;
    vi.setSystemTime(START + LAST_KNOWN_ROLES_MAX_AGE_MS);
    expect((await getViewer())?.roles).toEqual(['admin']);
    vi.setSystemTime(START + LAST_KNOWN_ROLES_MAX_AGE_MS + 1);
    await expect(getViewer()).rejects.toBeInstanceOf(ConsoleUnavailableError);
  });

  it('has no fallback without verified identity', async () => {
    signedIn();
    project.roles = rolesAnswer(['admin']);
    await getViewer();
    // getClaims cannot run (JWKS not cached, Auth unreachable): no identity, the plain error.
    project.claims = () => ({ data: null, error: { name: 'AuthRetryableFetchError', status: 0, message: 'fetch failed' } });
    project.roles = databaseDown;
    await expect(getViewer()).rejects.toBeInstanceOf(ConsoleUnavailableError);
    // A token that does not verify: signed out, whatever was known.
    project.claims = () => ({ data: null, error: { name: 'AuthInvalidJwtError', status: 400, message: 'Invalid JWT signature' } });
    expect(await getViewer()).toBeNull();
  });

  it('falls back only when the project does not answer, not when it answers with an error', async () => {
    signedIn();
    project.roles = rolesAnswer(['admin']);
    await getViewer();
    project.roles = () => ({ data: null, error: { code: 'PGRST202', message: 'Could not find the function' }, status: 404 });
    await expect(getViewer()).rejects.toBeInstanceOf(ConsoleUnavailableError);
    project.roles = () => ({ data: null, error: { code: 'PGRST303', message: 'JWT expired' }, status: 401 });
    expect(await getViewer()).toBeNull();
  });

  it('is live again, without the mark, as soon as the project answers', async () => {
    const userId = signedIn();
    project.roles = rolesAnswer(['admin']);
    await getViewer();
    project.roles = databaseDown;
    expect((await getViewer())?.outage).toBeDefined();
    project.roles = rolesAnswer(['operator']);
    expect(await getViewer()).toEqual({ userId, email: expect.any(String), roles: ['operator'] });
  });
});
