import { DEMO } from './support/demo';
import { expect, test } from './support/fixtures';

test('pages carry a nonce-based CSP and the other security headers', async ({ request }) => {
  const response = await request.get('/login');
  const headers = response.headers();
  const policy = headers['content-security-policy'] ?? '';
  const scripts =
    policy
      .split(';')
      .map((part) => part.trim())
      .find((part) => part.startsWith('script-src')) ?? '';
  const nonce = /'nonce-([^']+)'/.exec(scripts)?.[1];
  expect(nonce).toBeTruthy();
  expect(scripts).not.toContain('unsafe-inline');
  expect(scripts).not.toContain('unsafe-eval');
  expect(policy).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['strict-transport-security']).toContain('max-age=');
  expect(headers['x-powered-by']).toBeUndefined();

  // Every script Next.js renders carries this response's nonce.
  const html = await response.text();
  const scriptTags = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scriptTags.length).toBeGreaterThan(0);
  for (const tag of scriptTags) expect(tag).toContain(`nonce="${nonce}"`);

  // A second request gets a different nonce.
  const again = (await request.get('/login')).headers()['content-security-policy'];
  expect(again).not.toBe(policy);
});

test('the console works under its CSP, and the session cookie is Secure and same-site', async ({ page, loginPage, context }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(message.text())) violations.push(message.text());
  });
  await loginPage.goto();
  await loginPage.signInAs(DEMO.admin);
  for (const path of ['/', '/migrations', '/pushes', '/members', '/audit']) {
    await page.goto(path);
    await expect(page.getByTestId('page-title')).toBeVisible();
  }
  expect(violations).toEqual([]);
  const session = (await context.cookies()).filter((cookie) => cookie.name.startsWith('sb-'));
  expect(session.length).toBeGreaterThan(0);
  for (const cookie of session) {
    expect(cookie.secure).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
  }
});
