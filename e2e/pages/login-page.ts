import type { Browser, Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../support/demo';

export class LoginPage {
  constructor(readonly page: Page) {}

  async goto(next?: string) {
    await this.page.goto(next ? `/login?next=${encodeURIComponent(next)}` : '/login');
  }

  async signIn(email: string, password = DEMO_PASSWORD) {
    await this.page.getByTestId('email').fill(email);
    await this.page.getByTestId('password').fill(password);
    await this.page.getByTestId('sign-in').click();
  }

  /** Signs in and waits until the console has moved on from the sign-in page. */
  async signInAs(email: string, password = DEMO_PASSWORD) {
    await this.signIn(email, password);
    await this.page.waitForURL((url) => !url.pathname.startsWith('/login'));
  }

  error() {
    return this.page.getByTestId('sign-in-error');
  }
}

/** A page of a new browser context, signed in as this person: two people side by side in one test. */
export async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  const login = new LoginPage(page);
  await login.goto();
  await login.signInAs(email);
  return page;
}
