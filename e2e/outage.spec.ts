/**
 * The project goes away mid-run: the e2e stack's PostgreSQL, or its whole API gateway, is stopped
 * (through serve.ts's control port) while the console keeps running. Pages that have a last known
 * state show it under the outage banner, with when it was read; the others show the plain error
 * box; never a stack trace. An action is refused in plain words and changes nothing. When the
 * project comes back, the same console process serves live pages again, without a restart.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { SchemaPage } from './pages/schema-page';
import { DEMO } from './support/demo';
import { expect, stackInfo, test } from './support/fixtures';

const distDir = process.env.NEXT_DIST_DIR || '.next';

type Part = 'postgres' | 'api';

async function control(part: Part, state: 'stop' | 'start') {
  const response = await fetch(`${stackInfo().controlUrl}/${part}/${state}`, { method: 'POST' });
  expect(response.status, await response.text()).toBe(200);
}

/** What a stack trace looks like in a page: `at fn (file:line:col)` frames or server file paths. */
const STACK_TRACE = /\bat \S+ \(?[^\s)]+:\d+:\d+\)?|node_modules|\.next[\w-]*\/server|ECONNREFUSED|fetch failed/;

async function expectNoStackTrace(page: Page, where: string) {
  const text = await page.locator('body').innerText();
  expect(text, where).not.toMatch(STACK_TRACE);
}

/** Pages with a last known state, and something of it that must be visible during the outage. */
const WITH_LAST_KNOWN: Array<{ url: string; known: (page: Page) => Locator }> = [
  { url: '/', known: (page) => page.locator('[data-test=module-row][data-module=shared]') },
  { url: '/migrations', known: (page) => page.locator('[data-test=migration-row][data-key="20261101090000"]') },
  { url: '/schema', known: (page) => new SchemaPage(page).row('console.member_roles') },
];
/** Pages of personal or changing data (pushes, members, the audit log): nothing is kept for them. */
const WITHOUT_LAST_KNOWN = ['/pushes', '/members', '/audit'];
const PAGES = [...WITH_LAST_KNOWN.map((entry) => entry.url), ...WITHOUT_LAST_KNOWN];

const UNREACHABLE_MESSAGE = 'The console cannot reach the project right now. Nothing was changed; try again in a moment.';

test.afterEach(async () => {
  // Whatever happened, the rest of the suite gets its project back.
  await control('api', 'start');
  await control('postgres', 'start');
});

/** Adds `email` as an operator the way the members page does: the action's id from the build, encoded form data. */
async function postAddMember(page: Page, testInfo: TestInfo, email: string): Promise<string> {
  const manifest = JSON.parse(fs.readFileSync(path.join(process.cwd(), distDir, 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { filename?: string; exportedName?: string }>;
  };
  const [actionId] = Object.entries(manifest.node).find(
    ([, entry]) => entry.filename === 'app/(console)/members/actions.ts' && entry.exportedName === 'saveMemberRoles',
  )!;
  const body = new FormData();
  body.append('_1_email', email);
  body.append('_1_roles', 'operator');
  body.append('_1_intent', 'add');
  body.set('0', JSON.stringify([null, '$K1']));
  const reply = await page.request.post('/members', {
    headers: { 'next-action': actionId, accept: 'text/x-component', origin: testInfo.project.use.baseURL! },
    multipart: body,
  });
  return reply.text();
}

for (const part of ['postgres', 'api'] as const) {
  const what = part === 'postgres' ? 'PostgreSQL' : 'the API gateway';

  test(`with ${what} down pages show the last known state under a banner, actions are refused; the console recovers when it returns`, async ({
    page,
    loginPage,
    consolePage,
    newUser,
  }, testInfo) => {
    test.setTimeout(180_000);
    const bystander = await newUser();
    await loginPage.goto('/members');
    await loginPage.signInAs(DEMO.admin);
    await expect(consolePage.title()).toHaveText('Members');
    // Live reads first: they are what the console can fall back on.
    for (const url of PAGES) {
      await page.goto(url);
      await expect(page.getByTestId('page-error'), `${url} before the outage`).toHaveCount(0);
      await expect(page.getByTestId('outage-banner'), `${url} before the outage`).toHaveCount(0);
    }

    await control(part, 'stop');

    for (const { url, known } of WITH_LAST_KNOWN) {
      const response = await page.goto(url);
      expect(response?.status() ?? 0, url).toBeLessThan(500);
      const banner = page.getByTestId('outage-banner');
      await expect(banner, url).toBeVisible();
      await expect(banner, url).toContainText('The Supabase project cannot be reached.');
      await expect(banner, url).toContainText('What you see is the last known state');
      await expect(banner, url).toContainText('Actions are paused until the project answers again');
      await expect(page.getByTestId('outage-last-contact'), url).toHaveText(/^\d\d:\d\d:\d\d UTC, (just now|\d+ seconds ago|1 minute ago)$/);
      await expect(page.getByTestId('last-known'), url).toContainText(/Last known state, as of \d\d:\d\d:\d\d UTC/);
      await expect(known(page), `${url} shows what it last read`).toBeVisible();
      await expect(page.getByTestId('page-error'), url).toHaveCount(0);
      await expectNoStackTrace(page, url);
      if (url === '/') {
        const shot = testInfo.outputPath(`degraded-overview-${part}.png`);
        await page.screenshot({ path: shot, fullPage: true });
        await testInfo.attach(`degraded overview (${what} down)`, { path: shot, contentType: 'image/png' });
      }
    }

    // A client-side navigation renders the banner too (it belongs to the page, not the layout).
    await page.goto('/');
    await consolePage.nav().getByRole('link', { name: 'Schema' }).click();
    await expect(consolePage.title()).toHaveText('Schema');
    await expect(page.getByTestId('outage-banner')).toBeVisible();

    for (const url of WITHOUT_LAST_KNOWN) {
      const response = await page.goto(url);
      expect(response?.status() ?? 0, url).toBeLessThan(600);
      await expect(page.getByTestId('page-error'), `${url} during the outage`).toBeVisible();
      await expect(page.getByTestId('page-error'), url).toContainText('This page could not be loaded.');
      await expect(page.getByTestId('page-error'), url).toContainText('could not reach the Supabase project');
      await expectNoStackTrace(page, url);
    }

    // An action, called as the page would: refused in plain words before anything runs.
    const reply = await postAddMember(page, testInfo, bystander.email);
    expect(reply).toContain(`"ok":false,"error":"${UNREACHABLE_MESSAGE}"`);
    expect(reply).not.toMatch(STACK_TRACE);

    await control(part, 'start');

    // The same `next start` process serves live pages again once its connections are re-made.
    for (const url of PAGES) {
      await expect(async () => {
        await page.goto(url);
        await expect(page.getByTestId('page-error')).toHaveCount(0);
        await expect(page.getByTestId('outage-banner')).toHaveCount(0);
        await expect(page.getByTestId('last-known')).toHaveCount(0);
        await expect(consolePage.title()).toBeVisible();
      }, `${url} after the outage`).toPass({ timeout: 30_000 });
    }
    await consolePage.nav().getByRole('link', { name: 'Overview' }).click();
    await expect(consolePage.title()).toHaveText('Overview');
    await expect(page.getByTestId('outage-banner')).toHaveCount(0);

    // Nothing was half-done: the refused action added no one.
    await page.goto('/members');
    await expect(page.getByTestId('members-table')).toBeVisible();
    await expect(page.getByTestId('members-table')).not.toContainText(bystander.email);
  });
}

test('signing out while Auth cannot be reached signs this browser out and says what it could not do', async ({ page, loginPage, consolePage }) => {
  await loginPage.goto('/');
  await loginPage.signInAs(DEMO.operator);
  await expect(consolePage.title()).toHaveText('Overview');

  await control('api', 'stop');
  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/\/login\?signed_out=this-browser$/);
  await expect(page.getByTestId('signed-out-locally')).toContainText('You are signed out in this browser');
  expect((await page.context().cookies()).filter((cookie) => cookie.name.includes('-auth-token'))).toEqual([]);

  // No session is left behind in this browser, with the API away or back.
  await page.goto('/migrations');
  await expect(page).toHaveURL(/\/login\?next=%2Fmigrations$/);
  await control('api', 'start');
  await page.goto('/migrations');
  await expect(page).toHaveURL(/\/login\?next=%2Fmigrations$/);
});
