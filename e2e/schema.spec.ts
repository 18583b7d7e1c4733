import { SchemaPage } from './pages/schema-page';
import { DEMO } from './support/demo';
import { expect, test } from './support/fixtures';

test.describe('schema and RLS', () => {
  test('an operator finds a table, reads its policies in plain words and follows one to its migration', async ({ page, loginPage }) => {
    const schema = new SchemaPage(page);
    await loginPage.goto();
    await loginPage.signInAs(DEMO.operator);
    await page.getByTestId('nav').getByRole('link', { name: 'Schema' }).click();
    await expect(page.getByTestId('page-title')).toHaveText('Schema');
    await expect(schema.row('public.user_phone_numbers')).toBeVisible();
    await expect(schema.row('console.member_roles')).toBeVisible();

    // SECURITY DEFINER functions link to the migration that defined them, like tables do.
    const hasRole = page.locator('[data-test=definer-function]', { hasText: 'console.has_role' });
    await expect(hasRole.getByTestId('provenance-link').first()).toHaveText('20261125100000_console_schema.sql');

    await schema.filter({ q: 'phone', schema: 'public' });
    await expect(schema.rows()).toHaveCount(2);
    await expect(schema.row('console.member_roles')).toHaveCount(0);
    await expect(schema.row('public.user_phone_numbers')).toContainText('shared');
    await expect(schema.row('public.user_phone_numbers').getByTestId('rls')).toHaveAttribute('data-rls', 'enabled');

    await schema.filter({ rls: 'disabled' });
    await expect(page.getByTestId('schema-empty')).toContainText('No table matches these filters');

    await schema.goto('?q=phone&schema=public');
    await schema.row('public.user_phone_numbers').getByRole('link').click();
    await expect(page.getByTestId('page-title')).toHaveText('public.user_phone_numbers');
    await expect(page.getByTestId('policy')).toHaveCount(4);

    const select = schema.policy('user_phone_numbers_select_own');
    await expect(select.getByTestId('policy-sentence')).toHaveText('Signed-in people can read rows where they are the owner (user_id = their id).');
    await expect(schema.policy('user_phone_numbers_insert_own').getByTestId('policy-sentence')).toHaveText(
      'Signed-in people can add rows only as their owner (user_id = their id).',
    );
    await expect(select.getByTestId('sql')).toContainText('using ((( SELECT auth.uid() AS uid) = user_id))');

    const origin = select.getByTestId('provenance-link');
    await expect(origin).toHaveText('20261101090000_shared_baseline.sql');
    await expect(origin).toHaveAttribute('href', '/migrations/20261101090000');
    await origin.click();
    await expect(page).toHaveURL(/\/migrations\/20261101090000$/);
    await expect(page.getByTestId('page-title')).toContainText('20261101090000');
  });

  test('the advisor and the drift check run for an operator', async ({ page, loginPage }) => {
    await loginPage.goto();
    await loginPage.signInAs(DEMO.operator);
    await page.goto('/schema/advisor');
    await expect(page.getByTestId('page-title')).toHaveText('Advisor');
    await expect(page.getByTestId('live-findings')).toBeVisible();
    // The console's own tables keep RLS on with every access through functions: noted, not an error.
    await expect(page.locator('[data-test=advisor-finding][data-lint=rls_enabled_no_policy]').first()).toBeVisible();
    await expect(page.locator('[data-test=advisor-finding][data-level=error]')).toHaveCount(0);

    await page.goto('/schema/drift');
    await expect(page.getByTestId('drift-not-run')).toBeVisible();
    await page.getByTestId('run-drift').click();
    await expect(page.getByTestId('drift-result')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('drift-coverage')).toContainText(/\d+ of \d+ files replayed in full/);
  });

  test('triggers, grants and types show the migration that made them', async ({ page, loginPage }) => {
    await loginPage.goto();
    await loginPage.signInAs(DEMO.operator);
    await page.goto('/schema/public/user_phone_numbers');
    const trigger = page.locator('[data-test=trigger][data-trigger=user_phone_numbers_record_change]');
    await expect(trigger).toContainText('calls public.record_phone_number_change()');
    await expect(trigger.getByTestId('sql')).toContainText('AFTER INSERT OR DELETE OR UPDATE ON public.user_phone_numbers');
    await expect(trigger.getByTestId('provenance-link')).toHaveText('20261101090000_shared_baseline.sql');

    await page.goto('/schema/public/user_phone_number_changes');
    await expect(page.getByTestId('grant-provenance').getByTestId('provenance-event')).toContainText(
      'revoke insert, update, delete, truncate from anon, authenticated',
    );

    await page.goto('/schema');
    // console.member_role is created inside a DO block, whose PL/pgSQL body is read too.
    const role = page.locator('[data-test=type][data-type="console.member_role"]');
    await expect(role).toContainText("'operator', 'admin', 'support'");
    await expect(role.getByTestId('provenance-link')).toHaveText('20261125100000_console_schema.sql');
  });

  test('support cannot open the schema pages', async ({ page, loginPage }) => {
    await loginPage.goto();
    await loginPage.signInAs(DEMO.support);
    await page.goto('/schema/public/user_phone_numbers');
    await expect(page).toHaveURL(/\/forbidden/);
  });
});
