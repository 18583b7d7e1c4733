/**
 * The role matrix, generated from the production build: every server action in Next's server
 * reference manifest is called directly (a raw POST with its action id, not through the UI) as
 * anonymous, outsider, operator, support and admin. Only the roles its `defineAction` names get
 * past the gate; a refusal changes nothing in the database and, for a signed-in person, is
 * audited. Cross-site and Origin-less POSTs are refused before any action runs.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, BrowserContext } from '@playwright/test';
import postgres from 'postgres';
import { actionInventory, UNGATED_ACTIONS } from '../lib/auth/action-inventory';
import { holdsAnyRole, type Role } from '../lib/auth/roles';
import { DEMO, DEMO_PASSWORD } from './support/demo';
import { expect, stackInfo, test } from './support/fixtures';

type ManifestEntry = { workers: Record<string, unknown>; filename?: string; exportedName?: string };
const distDir = process.env.NEXT_DIST_DIR || '.next';
const manifest = JSON.parse(fs.readFileSync(path.join(process.cwd(), distDir, 'server', 'server-reference-manifest.json'), 'utf8')) as {
  node: Record<string, ManifestEntry>;
};
const inventory = actionInventory(process.cwd());

/** Each action id of the build, mapped to its declaration by module path and exported name. */
const built = Object.entries(manifest.node).map(([id, entry]) => ({
  id,
  entry,
  declared: inventory.declared.find((action) => action.file === entry.filename && action.exportName === entry.exportedName),
  ungated: UNGATED_ACTIONS.find((action) => action.file === entry.filename && action.exportName === entry.exportedName),
}));

/** A page that uses the action, as a URL (route groups dropped, dynamic segments filled). */
function pageOf(entry: ManifestEntry, fill: string): string {
  const workers = Object.keys(entry.workers).sort((a, b) => Number(a.includes('[')) - Number(b.includes('[')));
  const route = workers[0]!
    .replace(/^app/, '')
    .replace(/\/page$/, '')
    .replace(/\/\([^)]+\)/g, '')
    .replace(/\[[^\]]+\]/g, fill);
  return route || '/';
}

const PERSONAS = {
  anonymous: { email: null, roles: [] as Role[] },
  outsider: { email: DEMO.outsider, roles: [] as Role[] },
  operator: { email: DEMO.operator, roles: ['operator'] as Role[] },
  support: { email: DEMO.support, roles: ['support'] as Role[] },
  admin: { email: DEMO.admin, roles: ['admin'] as Role[] },
};
type Persona = keyof typeof PERSONAS;

/** Plausible fields per action; a new action without an entry here fails the matrix. */
function plausibleFields(name: string, bystander: string): Array<[string, string]> {
  const hash = '0'.repeat(64);
  const FIELDS: Record<string, Array<[string, string]>> = {
    'members.set_roles': [
      ['email', bystander],
      ['roles', 'operator'],
      ['intent', 'add'],
    ],
    'members.remove': [['email', bystander]],
    'pushes.request': [
      ['planToken', hash],
      ['note', 'role matrix'],
    ],
    'pushes.approve': [
      ['id', crypto.randomUUID()],
      ['snapshotHash', hash],
    ],
    'pushes.reject': [
      ['id', crypto.randomUUID()],
      ['reason', 'role matrix check'],
    ],
    'pushes.cancel': [
      ['id', crypto.randomUUID()],
      ['reason', 'role matrix check'],
    ],
    'pushes.run': [['id', crypto.randomUUID()]],
    // A version nobody has: an admin's request is refused in SQL as not recorded, and changes nothing.
    'repairs.request': [
      ['kind', 'reverted'],
      ['version', '19000101000000'],
      ['reason', 'role matrix check'],
    ],
    'repairs.approve': [['id', crypto.randomUUID()]],
    'repairs.close': [
      ['id', crypto.randomUUID()],
      ['note', 'role matrix check'],
    ],
    'support.search': [['q', 'imogen']],
    'support.reveal': [
      ['phoneNumberId', crypto.randomUUID()],
      ['reason', 'Customer asked to confirm their number on a call.'],
    ],
  };
  const fields = FIELDS[name];
  if (!fields) throw new Error(`The role matrix has no plausible input for ${name}: add one`);
  return fields;
}

/** The body React's `encodeReply` sends for `action(previousState, formData)`. */
function actionBody(fields: Array<[string, string]>): FormData {
  const body = new FormData();
  for (const [key, value] of fields) body.append(`_1_${key}`, value);
  // The root comes last, as React sends it: the server resolves `$K1` from the fields before it.
  body.set('0', JSON.stringify([null, '$K1']));
  return body;
}

async function callAction(
  request: APIRequestContext,
  baseURL: string,
  id: string,
  url: string,
  fields: Array<[string, string]>,
  headers: Record<string, string> = { origin: baseURL },
) {
  const response = await request.post(url, {
    headers: { 'next-action': id, accept: 'text/x-component', ...headers },
    multipart: actionBody(fields),
    maxRedirects: 0,
  });
  return { status: response.status(), text: await response.text() };
}

let sql: postgres.Sql;
const contexts = new Map<Persona, BrowserContext>();
const userIds = new Map<Persona, string>();

/** A fingerprint of every console and project table, refusal audit rows left out. */
async function fingerprint(): Promise<Record<string, string>> {
  const tables = await sql<{ name: string }[]>`
    select format('%I.%I', table_schema, table_name) as name from information_schema.tables
    where table_schema in ('console', 'console_private', 'public') and table_type = 'BASE TABLE' order by 1`;
  const result: Record<string, string> = {};
  for (const { name } of tables) {
    const filter = name === 'console.audit_log' ? `where t.action <> 'access.refused'` : '';
    const [row] = await sql.unsafe<{ digest: string; rows: string }[]>(
      `select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest, count(*)::text as rows from ${name} t ${filter}`,
    );
    result[name] = `${row!.rows}:${row!.digest}`;
  }
  return result;
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }, testInfo) => {
  sql = postgres(stackInfo().dbUrl, { max: 1, onnotice: () => {} });
  const baseURL = testInfo.project.use.baseURL!;
  for (const [persona, { email }] of Object.entries(PERSONAS) as Array<[Persona, (typeof PERSONAS)[Persona]]>) {
    const context = await browser.newContext({ baseURL });
    if (email) {
      const page = await context.newPage();
      await page.goto('/login');
      await page.getByTestId('email').fill(email);
      await page.getByTestId('password').fill(DEMO_PASSWORD);
      await page.getByTestId('sign-in').click();
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
      await page.close();
      const [user] = await sql<{ id: string }[]>`select id::text from auth.users where email = ${email}`;
      userIds.set(persona, user!.id);
    }
    contexts.set(persona, context);
  }
});

test.afterAll(async () => {
  for (const context of contexts.values()) await context.close();
  await sql?.end();
});

test('every action in the build is declared through defineAction or on the documented allow-list', () => {
  expect(built.length).toBeGreaterThan(0);
  expect(built.filter((action) => !action.declared && !action.ungated).map((action) => `${action.entry.filename}#${action.entry.exportedName}`)).toEqual([]);
  // And every declared action is in the build: the matrix below covers them all.
  for (const action of inventory.declared)
    expect(
      built.some((b) => b.declared?.name === action.name),
      action.name,
    ).toBe(true);
});

for (const action of built.filter((b) => b.declared)) {
  const { name, roles } = action.declared!;
  test(`${name} (${roles.join(' or ')}) called directly by each role`, async ({ newUser }, testInfo) => {
    const baseURL = testInfo.project.use.baseURL!;
    const bystander = (await newUser([])).email;
    for (const persona of Object.keys(PERSONAS) as Persona[]) {
      const request = contexts.get(persona)!.request;
      const fields = plausibleFields(name, bystander);
      const allowed = holdsAnyRole(PERSONAS[persona].roles, roles as Role[]);
      const before = await fingerprint();
      const last = (await sql<{ last: string }[]>`select coalesce(max(id), 0)::text as last from console.audit_log`)[0]!.last;
      const response = await callAction(request, baseURL, action.id, pageOf(action.entry, crypto.randomUUID()), fields);
      const where = `${name} as ${persona}`;
      expect(response.status, where).toBe(200);
      // The body is the action's own result (the RSC reply), not a page or an error screen.
      expect(response.text, where).toMatch(/"ok":(true|false)/);
      if (allowed) {
        expect(response.text, where).not.toContain('You need the');
        expect(response.text, where).not.toContain('Your session has ended');
        // Past the gate and past input validation: the plausible fields reach the action's body.
        expect(response.text, where).not.toContain('Check the highlighted fields.');
        if (process.env.ROLE_MATRIX_VERBOSE) console.log(where, response.text.match(/\{"ok":.*/)?.[0]);
        continue;
      }
      if (persona === 'anonymous') expect(response.text, where).toContain('Your session has ended. Sign in again.');
      else expect(response.text, where).toContain(`You need the ${roles.join(' or ')} role to do this.`);
      expect(await fingerprint(), `${where}: nothing changes`).toEqual(before);
      const audited = await sql<{ actor_id: string | null; outcome: string }[]>`
        select actor_id::text, outcome from console.audit_log
        where id > ${last} and action = 'access.refused' and target = ${`action:${name}`}`;
      if (persona === 'anonymous') expect(audited, where).toEqual([]);
      else expect(audited, `${where}: refusal audited`).toEqual([{ actor_id: userIds.get(persona)!, outcome: 'refused' }]);
    }
  });
}

test('a cross-site POST and a POST without an Origin are refused before the action runs', async ({ newUser }, testInfo) => {
  const baseURL = testInfo.project.use.baseURL!;
  const action = built.find((b) => b.declared?.name === 'members.set_roles')!;
  const bystander = await newUser([]);
  const request = contexts.get('admin')!.request;
  const roleOf = async () =>
    (
      await sql<{ role: string }[]>`select m.role::text from console.member_roles m join auth.users u on u.id = m.user_id where u.email = ${bystander.email}`
    ).map((r) => r.role);
  const fields = plausibleFields('members.set_roles', bystander.email);

  const crossSite = await callAction(request, baseURL, action.id, '/members', fields, { origin: 'http://evil.example' });
  expect(crossSite.status).toBe(403);
  expect(crossSite.text).toContain('Requests from other sites are refused.');

  const noOrigin = await callAction(request, baseURL, action.id, '/members', fields, {});
  expect(noOrigin.status).toBe(403);
  expect(noOrigin.text).toContain('must say where it comes from');
  expect(await roleOf()).toEqual([]);

  // The same call from the console's own origin goes through: the refusals above were the Origin's.
  const sameSite = await callAction(request, baseURL, action.id, '/members', fields);
  expect(sameSite.status).toBe(200);
  expect(sameSite.text).toContain(`${bystander.email} now holds: operator`);
  expect(await roleOf()).toEqual(['operator']);
});
