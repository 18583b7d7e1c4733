import fs from 'node:fs';
import path from 'node:path';
import { DEMO } from './support/demo';
import { E2E_MIGRATIONS_DIR } from './support/paths';
import { expect, test } from './support/fixtures';
import { signedInPage as signedIn } from './pages/login-page';

const MIGRATIONS_DIR = E2E_MIGRATIONS_DIR;
const FILE = '20991230000000_studio_e2e_push.sql';

test.describe.configure({ mode: 'serial' });

let requestPath = '';

test('a push is requested, refused for self-approval, approved by a second admin and run with per-file progress', async ({ browser }) => {
  fs.writeFileSync(
    path.join(MIGRATIONS_DIR, FILE),
    '-- module: studio\ncreate table public.studio_e2e (id bigint primary key);\nalter table public.studio_e2e enable row level security;\n',
  );

  // The admin requests the push.
  const requester = await signedIn(browser, DEMO.admin);
  await requester.goto('/pushes/new');
  await expect(requester.locator(`[data-test=push-file][data-version="20991230000000"]`)).toBeVisible();
  await requester.getByTestId('push-note').fill('e2e: studio table');
  await requester.getByTestId('request-push').click();
  await requester.waitForURL(/\/pushes\/[0-9a-f-]{36}$/);
  const url = new URL(requester.url()).pathname;
  requestPath = url;
  await expect(requester.getByTestId('push-state')).toHaveAttribute('data-state', 'requested');

  // Through the UI, the requester has no way to approve their own request.
  await expect(requester.getByTestId('awaiting-other-admin')).toBeVisible();
  await expect(requester.getByTestId('approve-submit')).toHaveCount(0);

  // The approver's form shows what the approve action posts; replayed with the requester's own
  // session (the server action called directly), it is refused and nothing changes.
  const approver = await signedIn(browser, DEMO.approver);
  await approver.goto(url);
  let captured: { headers: Record<string, string>; body: string } | null = null;
  await approver.route(`**${url}`, async (route) => {
    if (route.request().method() === 'POST') {
      captured = { headers: route.request().headers(), body: route.request().postData() ?? '' };
      await route.abort();
    } else {
      await route.continue();
    }
  });
  approver.once('dialog', (dialog) => dialog.accept());
  await approver.getByTestId('approve-submit').click();
  await expect.poll(() => captured !== null).toBe(true);
  await approver.unroute(`**${url}`);
  const replay = await requester.request.post(url, {
    headers: {
      'next-action': captured!.headers['next-action']!,
      'content-type': captured!.headers['content-type']!,
      origin: new URL(requester.url()).origin,
      accept: 'text/x-component',
    },
    data: captured!.body,
  });
  expect(replay.status()).toBe(200);
  expect(await replay.text()).toContain('You requested this push; another admin must approve it');
  await requester.reload();
  await expect(requester.getByTestId('push-state')).toHaveAttribute('data-state', 'requested');

  // The second admin approves through the UI.
  await approver.reload();
  approver.once('dialog', (dialog) => dialog.accept());
  await approver.getByTestId('approve-submit').click();
  await expect(approver.getByTestId('approval')).toContainText(DEMO.approver);

  // An admin runs it and sees each file's outcome.
  await requester.reload();
  requester.once('dialog', (dialog) => dialog.accept());
  await requester.getByTestId('run-submit').click();
  await expect(requester.getByTestId('push-state')).toHaveAttribute('data-state', 'succeeded', { timeout: 30_000 });
  await expect(requester.locator('[data-test=push-step][data-version="20991230000000"]')).toHaveAttribute('data-status', 'succeeded');

  // The migration list now shows the version applied.
  await requester.goto('/migrations?q=20991230000000');
  await expect(requester.locator('[data-test=migration-row][data-key="20991230000000"]')).toHaveAttribute('data-status', 'applied');
});

test('an operator sees pushes but has no approve or run controls', async ({ page, loginPage }) => {
  await loginPage.goto();
  await loginPage.signInAs(DEMO.operator);
  await page.goto('/pushes');
  await expect(page.getByTestId('new-push')).toBeVisible();
  await expect(page.locator(`[data-test=push-row][data-id="${requestPath.split('/').pop()}"]`)).toBeVisible();
  await page.goto(requestPath);
  await expect(page.getByTestId('push-state')).toHaveAttribute('data-state', 'succeeded');
  await expect(page.getByTestId('approve-submit')).toHaveCount(0);
  await expect(page.getByTestId('run-submit')).toHaveCount(0);
});
