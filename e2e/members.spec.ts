import { DEMO } from './support/demo';
import { expect, test } from './support/fixtures';

test('an admin adds a role and the change appears in the audit log', async ({ page, loginPage, newUser }) => {
  const person = await newUser(['operator']);
  await loginPage.goto();
  await loginPage.signInAs(DEMO.admin);
  await page.goto('/members');

  const row = page.locator(`[data-test=member-row][data-email="${person.email}"]`);
  await expect(row.getByTestId('role-operator')).toBeChecked();
  await row.getByTestId('role-support').check();
  await row.getByTestId('save-roles').click();
  await expect(row.getByTestId('member-row-result')).toContainText('now holds: operator, support');

  await page.goto('/audit?action=members.');
  const entry = page.locator('[data-test=audit-row]', { hasText: person.email }).first();
  await expect(entry).toContainText('members.change_roles');
  await expect(entry).toContainText(DEMO.admin);
  await expect(entry).toContainText('"after":["operator","support"]');
});

test('an admin adds a new member by email', async ({ page, loginPage, newUser }) => {
  const person = await newUser();
  await loginPage.goto();
  await loginPage.signInAs(DEMO.admin);
  await page.goto('/members');
  await page.getByTestId('new-member-email').fill(person.email);
  await page.getByTestId('new-member-role-support').check();
  await page.getByTestId('add-member').click();
  await expect(page.getByTestId('add-member-result')).toContainText(`${person.email} now holds: support`);
  await expect(page.locator(`[data-test=member-row][data-email="${person.email}"]`)).toBeVisible();
});

test('adding a member without a role is refused with a message, and nothing changes', async ({ page, loginPage, newUser }) => {
  const person = await newUser();
  await loginPage.goto();
  await loginPage.signInAs(DEMO.admin);
  await page.goto('/members');
  await page.getByTestId('new-member-email').fill(person.email);
  await page.getByTestId('add-member').click();
  await expect(page.getByTestId('add-member-result')).toContainText('Choose at least one role');
  await page.reload();
  await expect(page.locator(`[data-test=member-row][data-email="${person.email}"]`)).toHaveCount(0);
});
