import fs from 'node:fs';
import path from 'node:path';
import { DEMO } from './support/demo';
import { E2E_MIGRATIONS_DIR } from './support/paths';
import { expect, test } from './support/fixtures';

const MIGRATIONS_DIR = E2E_MIGRATIONS_DIR;
const BASELINE = '20261101090000_shared_baseline.sql';

test.describe('migration status', () => {
  const added = path.join(MIGRATIONS_DIR, '20991231000000_aloha_call_notes.sql');
  let baselineText = '';

  test.beforeAll(() => {
    baselineText = fs.readFileSync(path.join(MIGRATIONS_DIR, BASELINE), 'utf8');
  });

  test.afterAll(() => {
    fs.rmSync(added, { force: true });
    fs.writeFileSync(path.join(MIGRATIONS_DIR, BASELINE), baselineText);
  });

  test('an operator sees a new file appear as pending and opens its detail', async ({ page, loginPage }) => {
    await loginPage.goto();
    await loginPage.signInAs(DEMO.operator);
    await page.goto('/migrations');
    await expect(page.locator('[data-test=migration-row][data-status=applied]').first()).toBeVisible();
    await expect(page.locator('[data-test=migration-row][data-key="20991231000000"]')).toHaveCount(0);

    fs.writeFileSync(
      added,
      '-- module: aloha\ncreate table public.call_notes (id bigint primary key, body text);\nalter table public.call_notes enable row level security;\n',
    );
    await page.reload();
    const row = page.locator('[data-test=migration-row][data-key="20991231000000"]');
    await expect(row).toHaveAttribute('data-status', 'pending');
    await expect(row).toContainText('aloha');

    await row.getByRole('link').first().click();
    await expect(page.getByTestId('page-title')).toHaveText('20991231000000 · aloha_call_notes');
    await expect(page.getByTestId('local-statements').getByTestId('statement')).toHaveCount(2);
    await expect(page.getByTestId('local-statements')).toBeVisible();
    await expect(page.getByTestId('sha256')).toHaveText(/^[0-9a-f]{64}$/);
  });

  test('an operator sees what changed in a migration edited after it was applied', async ({ page, loginPage }) => {
    // The seed's warned trap: a column added to an applied CREATE TABLE IF NOT EXISTS never runs.
    fs.writeFileSync(path.join(MIGRATIONS_DIR, BASELINE), baselineText.replace('  avatar_url text,\n', '  avatar_url text,\n  timezone text,\n'));
    await loginPage.goto();
    await loginPage.signInAs(DEMO.operator);
    await page.goto('/migrations?status=edited_after_apply');
    const row = page.locator('[data-test=migration-row][data-key="20261101090000"]');
    await expect(row).toHaveAttribute('data-status', 'edited_after_apply');
    await row.getByRole('link').first().click();

    const diff = page.getByTestId('statement-diff');
    await expect(diff).toBeVisible();
    const changed = diff.locator('[data-test=diff-row][data-kind="removed/added"]');
    await expect(changed).toHaveCount(1);
    await expect(changed).toContainText('timezone text');
    await expect(page.locator('[data-test=finding][data-code=edited_after_apply]')).toContainText(/new migration/i);
  });

  test('the overview counts versions and lists what needs attention', async ({ page, loginPage }) => {
    await loginPage.goto();
    await loginPage.signInAs(DEMO.admin);
    await expect(page.getByTestId('status-counts')).toBeVisible();
    await expect(page.getByTestId('last-applied')).toHaveText(/^\d{14}$/);
    await expect(page.locator('[data-test=module-row][data-module=console]')).toBeVisible();
  });

  test('support does not see migration status', async ({ page, loginPage }) => {
    await loginPage.goto();
    await loginPage.signInAs(DEMO.support);
    await expect(page.getByTestId('status-counts')).toHaveCount(0);
    await page.goto('/migrations');
    await expect(page.getByTestId('forbidden')).toBeVisible();
  });
});
