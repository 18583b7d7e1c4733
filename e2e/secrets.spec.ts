/**
 * No secret reaches a browser: every file of the production build's client bundles, and the HTML
 * and the RSC payload of every page (signed in as admin, and as support for the support pages),
 * are scanned for the service-role key, the database URL (or any connection string carrying a
 * password), the JWT signing key's private part and any token whose payload says
 * `role: service_role`. Zero hits.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, Browser } from '@playwright/test';
import postgres from 'postgres';
import { DEMO, DEMO_PASSWORD } from './support/demo';
import { expect, stackInfo, test } from './support/fixtures';
import { E2E_STATE_DIR } from './support/paths';

const distDir = process.env.NEXT_DIST_DIR || '.next';

type Secret = { label: string; value: string };

function secrets(): Secret[] {
  const stack = stackInfo();
  const keys = JSON.parse(fs.readFileSync(path.join(E2E_STATE_DIR, 'signing-keys.json'), 'utf8')) as { privateJwk: { d: string; p?: string; q?: string } };
  const list: Secret[] = [
    { label: 'service-role key', value: stack.serviceRoleKey },
    { label: 'database URL', value: stack.dbUrl },
    { label: 'JWT signing key (d)', value: keys.privateJwk.d },
  ];
  if (keys.privateJwk.p) list.push({ label: 'JWT signing key (p)', value: keys.privateJwk.p });
  if (keys.privateJwk.q) list.push({ label: 'JWT signing key (q)', value: keys.privateJwk.q });
  const password = decodeURIComponent(new URL(stack.dbUrl).password);
  // The dev stack's password is the word "postgres", which the console says in plain text; a real one is distinctive.
  if (password.length >= 12) list.push({ label: 'database password', value: password });
  return list;
}

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/g;
const CONNECTION_STRING_WITH_PASSWORD = /postgres(?:ql)?:\/\/[^\s"'`/:@]+:[^\s"'`@]+@/g;

/** Every hit of a secret in a text: exact values, service-role tokens, connection strings with a password. */
function findSecrets(where: string, text: string, list: Secret[]): string[] {
  const hits: string[] = [];
  for (const secret of list) if (text.includes(secret.value)) hits.push(`${where}: ${secret.label}`);
  for (const token of text.match(JWT) ?? []) {
    try {
      const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { role?: string };
      if (payload.role === 'service_role') hits.push(`${where}: a service_role token`);
    } catch {
      // Not a token after all.
    }
  }
  for (const match of text.match(CONNECTION_STRING_WITH_PASSWORD) ?? []) hits.push(`${where}: a connection string with a password (${match.slice(0, 16)}…)`);
  return hits;
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
}

async function signedInRequest(browser: Browser, baseURL: string, email: string): Promise<APIRequestContext> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByTestId('email').fill(email);
  await page.getByTestId('password').fill(DEMO_PASSWORD);
  await page.getByTestId('sign-in').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await page.close();
  return context.request;
}

test('the scan finds a planted secret (it would not pass vacuously)', () => {
  const list = secrets();
  const token = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ role: 'service_role', iss: 'x' })).toString('base64url')}.c2lnbmF0dXJl`;
  expect(findSecrets('sample', `a ${list[0]!.value} b`, list)).toContain('sample: service-role key');
  expect(findSecrets('sample', `{"t":"${token}"}`, list)).toEqual(['sample: a service_role token']);
  expect(findSecrets('sample', 'url: postgresql://app:s3cret@db.example:5432/postgres', list)).toHaveLength(1);
  expect(findSecrets('sample', 'SUPABASE_DB_URL must be a postgresql:// connection string', list)).toEqual([]);
});

test('no client bundle holds a secret', () => {
  const list = secrets();
  const files = filesUnder(path.join(process.cwd(), distDir, 'static'));
  expect(files.length).toBeGreaterThan(10);
  const hits = files.flatMap((file) => findSecrets(path.relative(distDir, file), fs.readFileSync(file, 'latin1'), list));
  expect(hits).toEqual([]);
});

test('no page, as HTML or as RSC payload, holds a secret', async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const baseURL = testInfo.project.use.baseURL!;
  const list = secrets();
  const sql = postgres(stackInfo().dbUrl, { max: 1, onnotice: () => {} });
  const [profile] = await sql<{ id: string }[]>`select id::text from public.profiles order by id limit 1`;
  const [push] = await sql<{ id: string }[]>`select id::text from console.push_requests limit 1`.catch(() => []);
  await sql.end();
  const version = fs
    .readdirSync(path.join(process.cwd(), 'supabase', 'migrations'))
    .find((file) => /^\d{14}_/.test(file))!
    .slice(0, 14);

  const adminPages = [
    '/',
    '/migrations',
    `/migrations/${version}`,
    '/schema',
    '/schema/public/profiles',
    '/schema/advisor',
    '/schema/drift',
    '/pushes',
    '/pushes/new',
    '/members',
    '/audit',
  ];
  if (push) adminPages.push(`/pushes/${push.id}`);
  const supportPages = ['/', '/support', ...(profile ? [`/support/users/${profile.id}`] : [])];
  const visits: Array<[APIRequestContext, string, string]> = [];
  const anonymous = (await browser.newContext({ baseURL })).request;
  visits.push([anonymous, 'anonymous', '/login']);
  const admin = await signedInRequest(browser, baseURL, DEMO.admin);
  for (const page of adminPages) visits.push([admin, 'admin', page]);
  const support = await signedInRequest(browser, baseURL, DEMO.support);
  for (const page of supportPages) visits.push([support, 'support', page]);

  const hits: string[] = [];
  for (const [request, who, page] of visits) {
    const html = await request.get(page, { maxRedirects: 0 });
    expect(html.status(), `${who} ${page}`).toBe(200);
    const htmlText = await html.text();
    expect(htmlText, `${who} ${page} renders`).toContain('</html>');
    hits.push(...findSecrets(`${who} ${page} (HTML)`, htmlText, list));
    const rsc = await request.get(page, { headers: { RSC: '1' } });
    expect(rsc.status(), `${who} ${page} RSC`).toBe(200);
    expect(rsc.headers()['content-type'], `${who} ${page} RSC`).toContain('text/x-component');
    hits.push(...findSecrets(`${who} ${page} (RSC)`, await rsc.text(), list));
  }
  expect(hits).toEqual([]);
});
