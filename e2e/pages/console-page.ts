import type { Page } from '@playwright/test';

export class ConsolePage {
  constructor(readonly page: Page) {}

  nav() {
    return this.page.getByTestId('nav');
  }

  async navLabels(): Promise<string[]> {
    return this.nav().getByRole('link').allInnerTexts();
  }

  title() {
    return this.page.getByTestId('page-title');
  }

  async signOut() {
    await this.page.getByTestId('sign-out').click();
    await this.page.waitForURL('**/login');
  }
}
