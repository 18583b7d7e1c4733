import type { Page } from '@playwright/test';

/** /support: the search box, the region picker and the results list. */
export class SupportSearchPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto('/support');
  }

  input() {
    return this.page.getByTestId('support-search-input');
  }

  /** Types the query and presses Enter: the page searches only when asked (each search is audited). */
  async search(text: string, region?: string) {
    if (region) await this.page.getByTestId('support-search-region').selectOption(region);
    await this.input().fill(text);
    await this.input().press('Enter');
  }

  budget() {
    return this.page.getByTestId('support-search-budget');
  }

  results() {
    return this.page.getByTestId('support-result');
  }

  result(userId: string) {
    return this.page.locator(`[data-test=support-result][data-user-id="${userId}"]`);
  }

  reading() {
    return this.page.getByTestId('support-reading');
  }
}

/** /support/users/[id]: numbers (masked until revealed), the reveal dialog, the history. */
export class SupportUserPage {
  constructor(readonly page: Page) {}

  async goto(userId: string) {
    await this.page.goto(`/support/users/${userId}`);
  }

  numbers() {
    return this.page.getByTestId('phone-number');
  }

  number(masked: string) {
    return this.numbers().filter({ hasText: masked });
  }

  dialog() {
    return this.page.getByTestId('reveal-dialog');
  }

  /** Opens the dialog of the number shown as `masked`, gives the reason and confirms. */
  async reveal(masked: string, reason: string) {
    await this.number(masked).getByTestId('reveal-number').click();
    await this.dialog().getByTestId('reveal-reason').fill(reason);
    await this.dialog().getByTestId('reveal-confirm').click();
  }
}
