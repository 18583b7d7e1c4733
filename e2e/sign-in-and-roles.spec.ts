import { DEMO } from './support/demo';
import { expect, test } from './support/fixtures';

const NAVIGATION: Record<'admin' | 'approver' | 'operator' | 'support', string[]> = {
  admin: ['Overview', 'Migrations', 'Schema', 'Pushes', 'Repairs', 'Members', 'Audit log'],
  approver: ['Overview', 'Migrations', 'Schema', 'Pushes', 'Repairs', 'Members', 'Audit log'],
  operator: ['Overview', 'Migrations', 'Schema', 'Pushes', 'Repairs'],
  support: ['Overview', 'Support'],
};

for (const [person, expected] of Object.entries(NAVIGATION)) {
  test(`${person} signs in and sees the navigation of their roles`, async ({ page, loginPage, consolePage }) => {
    await loginPage.goto();
    await loginPage.signIn(DEMO[person as keyof typeof NAVIGATION]);
    await expect(consolePage.title()).toHaveText('Overview');
    expect(await consolePage.navLabels()).toEqual(expected);
    await expect(page.getByTestId('viewer-email')).toHaveText(DEMO[person as keyof typeof NAVIGATION]);
  });
}

test('a wrong password is explained in plain words', async ({ page, loginPage }) => {
  await loginPage.goto();
  await loginPage.signIn(DEMO.admin, 'wrong-password');
  await expect(loginPage.error()).toContainText('do not match');
  await expect(page).toHaveURL(/\/login/);
});

test('the outsider sees only the ask-an-admin page', async ({ page, loginPage }) => {
  await loginPage.goto();
  await loginPage.signIn(DEMO.outsider);
  await expect(page.getByTestId('no-access')).toContainText('Ask a console admin');
  await expect(page.getByTestId('nav')).toHaveCount(0);
  for (const path of ['/', '/members', '/audit']) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/no-access$/);
  }
});

test('an operator opening /audit or /members by URL is refused', async ({ page, loginPage }) => {
  await loginPage.goto();
  await loginPage.signInAs(DEMO.operator);
  await expect(page.getByTestId('page-title')).toHaveText('Overview');
  for (const path of ['/audit', '/members']) {
    await page.goto(path);
    await expect(page.getByTestId('forbidden')).toContainText('It needs the admin role');
    await expect(page.getByTestId('audit-table')).toHaveCount(0);
    await expect(page.getByTestId('members-table')).toHaveCount(0);
  }
});

test('a signed-out visitor is sent to sign in, and back to the page after', async ({ page, loginPage }) => {
  await page.goto('/audit');
  await expect(page).toHaveURL(/\/login\?next=%2Faudit/);
  await loginPage.signIn(DEMO.admin);
  await expect(page.getByTestId('page-title')).toHaveText('Audit log');
});

test('sign-out ends the session', async ({ page, loginPage, consolePage, context }) => {
  await loginPage.goto();
  await loginPage.signInAs(DEMO.support);
  await expect(consolePage.title()).toHaveText('Overview');
  const cookiesBefore = await context.cookies();
  await consolePage.signOut();
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);

  // The old session cookie no longer works: the refresh token was revoked on the server.
  await context.clearCookies();
  await context.addCookies(cookiesBefore);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
});
