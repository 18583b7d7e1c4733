/**
 * The database goes away mid-run: the e2e stack's PostgreSQL is stopped (through serve.ts's control
 * port) while the console keeps running. Pages show the error banner in plain words, never a stack
 * trace; an action fails with a plain message and changes nothing; when PostgreSQL comes back the
 * same console process recovers, without a restart.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { DEMO } from './support/demo';
import { expect, stackInfo, test } from './support/fixtures';

const distDir = process.env.NEXT_DIST_DIR || '.next';

async function postgresSwitch(state: 'stop' | 'start') {
  const response = await fetch(`${stackInfo().controlUrl}/postgres/${state}`, { method: 'POST' });
  expect(response.status, await response.text()).toBe(200);
}

/** What a stack trace looks like in a page: `at fn (file:line:col)` frames or server file paths. */
const STACK_TRACE = /\bat \S+ \(?[^\s)]+:\d+:\d+\)?|node_modules|\.next[\w-]*\/server|ECONNREFUSED/;

async function expectNoStackTrace(page: Page, where: string) {
  const text = await page.locator('body').innerText();
  expect(text, where).not.toMatch(STACK_TRACE);
}

const PAGES = ['/', '/migrations', '/schema', '/pushes', '/members', '/audit'];

test.afterEach(async () => {
  // Whatever happened, the rest of the suite gets its database back.
  await postgresSwitch('start');
});

test('with PostgreSQL down pages show the banner and actions fail plainly; the console recovers when it returns', async ({ page, loginPage, consolePage }, testInfo) => {
  test.setTimeout(150_000);
  await loginPage.goto('/members');
  await loginPage.signInAs(DEMO.admin);
  await expect(consolePage.title()).toHaveText('Members');
  for (const url of PAGES) {
    await page.goto(url);
    await expect(page.getByTestId('page-error'), `${url} before the outage`).toHaveCount(0);
  }

  await postgresSwitch('stop');

  for (const url of PAGES) {
    const response = await page.goto(url);
    expect(response?.status() ?? 0, url).toBeLessThan(600);
    await expect(page.getByTestId('page-error'), `${url} during the outage`).toBeVisible();
    await expect(page.getByTestId('page-error'), url).toContainText('This page could not be loaded.');
    await expectNoStackTrace(page, url);
  }

  // An action, called as the page would (its id from the build, the encoded form data): a plain
  // refusal to proceed, nothing half-done.
  const manifest = JSON.parse(fs.readFileSync(path.join(process.cwd(), distDir, 'server', 'server-reference-manifest.json'), 'utf8')) as { node: Record<string, { filename?: string; exportedName?: string }> };
  const [actionId] = Object.entries(manifest.node).find(([, entry]) => entry.filename === 'app/(console)/members/actions.ts' && entry.exportedName === 'saveMemberRoles')!;
  const body = new FormData();
  body.append('_1_email', 'someone@example.test');
  body.append('_1_roles', 'operator');
  body.append('_1_intent', 'add');
  body.set('0', JSON.stringify([null, '$K1']));
  const baseURL = testInfo.project.use.baseURL!;
  const reply = await page.request.post('/members', { headers: { 'next-action': actionId, accept: 'text/x-component', origin: baseURL }, multipart: body });
  const replyText = await reply.text();
  expect(replyText).toMatch(/"ok":false,"error":"(The console cannot reach the project right now\. Nothing was changed; try again in a moment\.|Something went wrong and nothing was changed\.[^"]*)"/);
  expect(replyText).not.toMatch(STACK_TRACE);

  await postgresSwitch('start');

  // The same `next start` process serves every page again once its connections are re-made.
  for (const url of PAGES) {
    await expect(async () => {
      await page.goto(url);
      await expect(page.getByTestId('page-error')).toHaveCount(0);
      await expect(consolePage.title()).toBeVisible();
    }, `${url} after the outage`).toPass({ timeout: 30_000 });
  }
});
