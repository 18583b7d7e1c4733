import fs from 'node:fs';
import path from 'node:path';
import { signedInPage as signedIn } from './pages/login-page';
import { DEMO } from './support/demo';
import { E2E_MIGRATIONS_DIR } from './support/paths';
import { expect, stackInfo, test } from './support/fixtures';

const BROKEN = '20991229000000_sync_broken.sql';
const FIRST = '20991228000000_insights_stale_one.sql';
const SECOND = '20991228100000_insights_stale_two.sql';
const HEAVY = '20991229100000_insights_heavy_index.sql';

test.describe.configure({ mode: 'serial' });

test.afterAll(() => {
  for (const file of [BROKEN, FIRST, SECOND, HEAVY]) fs.rmSync(path.join(E2E_MIGRATIONS_DIR, file), { force: true });
});

test('a broken file is blocked on /migrations and on its page, and the request page refuses with the file named', async ({ page, loginPage }) => {
  fs.writeFileSync(
    path.join(E2E_MIGRATIONS_DIR, BROKEN),
    '-- module: sync\ncreate table public.sync_ok (id int);\ncreate tabel public.sync_broken (id int);\n',
  );
  try {
    await loginPage.goto();
    await loginPage.signInAs(DEMO.operator);

    await page.goto('/migrations?q=20991229000000');
    const row = page.locator('[data-test=migration-row][data-key="20991229000000"]');
    await expect(row).toHaveAttribute('data-status', 'pending');
    await expect(row.locator('[data-test=risk][data-risk=blocked]')).toBeVisible();

    await row.getByRole('link').first().click();
    const finding = page.locator('[data-test=finding][data-code=broken]');
    await expect(finding).toContainText('Syntax error');
    await expect(finding).toContainText(`${BROKEN}:3:8`);
    await expect(finding).toContainText('syntax error at or near "tabel"');
    // The offending line is marked in the file.
    await expect(page.getByTestId('marked-line')).toHaveCount(1);
    await expect(page.getByTestId('marked-line')).toContainText('create tabel');

    // The overview no longer says nothing blocks a push.
    await page.goto('/');
    await expect(page.getByTestId('attention')).toContainText('Blocking findings stop');
    await expect(page.locator('[data-test=attention-item]', { hasText: '20991229000000' })).toBeVisible();

    await page.goto('/pushes/new');
    await expect(page.getByTestId('push-blockers')).toContainText(`${BROKEN} is broken at line 3, column 8`);
    await expect(page.getByTestId('request-push-form')).toHaveCount(0);
  } finally {
    fs.rmSync(path.join(E2E_MIGRATIONS_DIR, BROKEN), { force: true });
  }
});

test('a request made stale by a new file shows as stale, with the reason, and offers no approve or run', async ({ browser }) => {
  fs.writeFileSync(
    path.join(E2E_MIGRATIONS_DIR, FIRST),
    '-- module: insights\ncreate table public.insights_stale_one (id bigint primary key);\nalter table public.insights_stale_one enable row level security;\n',
  );
  const requester = await signedIn(browser, DEMO.admin);
  await requester.goto('/pushes/new');
  await requester.getByTestId('request-push').click();
  await requester.waitForURL(/\/pushes\/[0-9a-f-]{36}$/);
  const url = new URL(requester.url()).pathname;

  const approver = await signedIn(browser, DEMO.approver);
  await approver.goto(url);
  approver.once('dialog', (dialog) => dialog.accept());
  await approver.getByTestId('approve-submit').click();
  await expect(approver.getByTestId('approval')).toContainText(DEMO.approver);

  // A new file lands after the approval: the approved snapshot no longer says what a push would do.
  fs.writeFileSync(path.join(E2E_MIGRATIONS_DIR, SECOND), '-- module: insights\nselect 1;\n');
  await requester.reload();
  await expect(requester.getByTestId('push-state')).toHaveAttribute('data-state', 'stale');
  await expect(requester.getByTestId('push-stale')).toContainText(`${SECOND} became pending after the request`);
  await expect(requester.getByTestId('run-submit')).toHaveCount(0);
  await expect(requester.getByTestId('approve-submit')).toHaveCount(0);

  await requester.goto('/pushes');
  await expect(requester.locator(`[data-test=push-row][data-id="${url.split('/').pop()}"] [data-test=push-state]`)).toHaveAttribute('data-state', 'stale');
});

test('a pending file that reads a large table while writes wait shows a heavy-lock risk on /migrations', async ({ page, loginPage }) => {
  const postgres = (await import('postgres')).default;
  const sql = postgres(stackInfo().dbUrl, { max: 1, onnotice: () => {} });
  try {
    // Large by the console's measure (100,000 rows or more, from the planner's statistics).
    await sql.unsafe('create table if not exists public.e2e_heavy_events as select g as id, g % 97 as kind from generate_series(1, 120000) as g');
    await sql.unsafe('analyze public.e2e_heavy_events');
    fs.writeFileSync(path.join(E2E_MIGRATIONS_DIR, HEAVY), '-- module: insights\ncreate index e2e_heavy_events_kind_idx on public.e2e_heavy_events (kind);\n');

    await loginPage.goto();
    await loginPage.signInAs(DEMO.operator);
    await page.goto('/migrations?q=20991229100000');
    const badge = page.locator('[data-test=migration-row][data-key="20991229100000"] [data-test=risk][data-risk=heavy_lock]');
    await expect(badge).toBeVisible();
    await expect(badge).toHaveAttribute(
      'title',
      /SHARE on public\.e2e_heavy_events \(120\.0 k rows, .*\), reads every row: writes wait until it ends, reads go on\./,
    );
  } finally {
    fs.rmSync(path.join(E2E_MIGRATIONS_DIR, HEAVY), { force: true });
    await sql.unsafe('drop table if exists public.e2e_heavy_events');
    await sql.end();
  }
});
