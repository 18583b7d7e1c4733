import type { Page } from '@playwright/test';

/** /schema and a table's page, by their data-test selectors. */
export class SchemaPage {
  constructor(readonly page: Page) {}

  async goto(query = '') {
    await this.page.goto(`/schema${query}`);
  }

  rows() {
    return this.page.getByTestId('schema-row');
  }

  row(table: string) {
    return this.page.locator(`[data-test=schema-row][data-table="${table}"]`);
  }

  async filter(options: { q?: string; schema?: string; module?: string; rls?: string }) {
    if (options.q !== undefined) await this.page.getByTestId('filter-q').fill(options.q);
    if (options.schema !== undefined) await this.page.getByTestId('filter-schema').selectOption(options.schema);
    if (options.module !== undefined) await this.page.getByTestId('filter-module').selectOption(options.module);
    if (options.rls !== undefined) await this.page.getByTestId('filter-rls').selectOption(options.rls);
    await this.page.getByTestId('apply-filters').click();
    await this.page.waitForURL(/\/schema\?/);
  }

  policy(name: string) {
    return this.page.locator(`[data-test=policy][data-policy="${name}"]`);
  }
}
