import { parsePhoneNumberWithError } from 'libphonenumber-js/max';
import postgres from 'postgres';
import { SupportSearchPage, SupportUserPage } from './pages/support-page';
import { createCustomer, type Customer } from './support/customers';
import { DEMO } from './support/demo';
import { expect, stackInfo, test } from './support/fixtures';

/** Every way a full number could be written into a page: E.164, bare digits, national and international formats. */
function spellings(e164: string): string[] {
  const phone = parsePhoneNumberWithError(e164);
  return [e164, e164.slice(1), phone.nationalNumber, phone.formatNational(), phone.formatInternational()];
}

function masked(e164: string): string {
  return `+${parsePhoneNumberWithError(e164).countryCallingCode} ••• ••• ••${e164.slice(-2)}`;
}

let customer: Customer;

test.beforeEach(async () => {
  // A US mobile (415) 555-01xx and a London number 020 7946 01xx, both in fictional ranges.
  customer = await createCustomer('Imogen Vasquez-Thorne', [(d) => `+141555501${d}`, (d) => `+4420794601${d}`]);
});

test('a number typed in a local format finds the person, and the keyboard opens them', async ({ page, loginPage }) => {
  const search = new SupportSearchPage(page);
  const [us, gb] = customer.numbers as [string, string];
  await loginPage.goto('/support');
  await loginPage.signInAs(DEMO.support);

  // US is the default region: "(415) 555-01xx" is read as +1 415 555 01xx.
  await search.search(parsePhoneNumberWithError(us).formatNational());
  const row = search.result(customer.id);
  await expect(row).toBeVisible();
  await expect(row).toContainText('Imogen Vasquez-Thorne');
  await expect(row).toContainText(masked(us));
  await expect(search.reading()).toContainText(parsePhoneNumberWithError(us).formatInternational());

  // A London number typed as a Londoner would, with the region picked.
  await search.search(parsePhoneNumberWithError(gb).formatNational(), 'GB');
  await expect(search.result(customer.id)).toContainText(masked(gb));
  await expect(search.budget()).toContainText(/\d+ of 60 searches left this hour/);

  // Part of a number finds nobody, not even with the digits the mask already shows.
  await search.search(gb.slice(-6));
  await expect(page.getByTestId('support-no-results')).toBeVisible();
  await expect(search.reading()).toContainText('only by the whole number');
  await search.search(parsePhoneNumberWithError(gb).formatInternational());
  await expect(search.result(customer.id)).toBeVisible();

  // Arrow keys move through the results; Enter opens the highlighted person.
  const ids = await search.results().evaluateAll((rows) => rows.map((element) => element.getAttribute('data-user-id')));
  for (let i = 0; i < ids.indexOf(customer.id); i++) await search.input().press('ArrowDown');
  await expect(search.result(customer.id)).toHaveAttribute('aria-selected', 'true');
  await search.input().press('Enter');
  await expect(page).toHaveURL(new RegExp(`/support/users/${customer.id}$`));
  await expect(page.getByTestId('page-title')).toHaveText('Imogen Vasquez-Thorne');
});

test('the person page sends no full number before a reveal, in HTML or in the client payload', async ({ page, loginPage }) => {
  await loginPage.goto();
  await loginPage.signInAs(DEMO.support);
  const url = `/support/users/${customer.id}`;

  const html = await page.request.get(url);
  expect(html.status()).toBe(200);
  const body = await html.text();
  // The page really rendered the numbers, masked …
  for (const number of customer.numbers) expect(body).toContain(masked(number));
  // … and nothing else of them.
  for (const number of customer.numbers) for (const spelling of spellings(number)) expect(body, `HTML contains ${spelling}`).not.toContain(spelling);

  // What client-side navigation fetches (the RSC payload) is just as masked.
  const payload = await (await page.request.get(url, { headers: { RSC: '1' } })).text();
  for (const number of customer.numbers) for (const spelling of spellings(number)) expect(payload, `payload contains ${spelling}`).not.toContain(spelling);
});

test('a reveal needs a reason, shows the number once, and the admin sees it in the audit log', async ({ page, loginPage, consolePage }) => {
  const person = new SupportUserPage(page);
  const [us] = customer.numbers as [string, string];
  await loginPage.goto();
  await loginPage.signInAs(DEMO.support);
  await person.goto(customer.id);
  await expect(person.number(masked(us)).getByTestId('masked-number')).toHaveText(masked(us));

  // A vague reason is not enough.
  await person.reveal(masked(us), 'need it');
  await expect(person.dialog().getByTestId('reveal-reason-hint')).toContainText('Say why');
  await expect(person.dialog()).toBeVisible();

  // The reason quotes another number: it is scrubbed before the audit row is written.
  await person.dialog().getByTestId('reveal-reason').fill('SUP-3141 customer asked to confirm the number on file, husband gave (415) 555-0199');
  await person.dialog().getByTestId('reveal-confirm').click();
  const international = parsePhoneNumberWithError(us).formatInternational();
  await expect(page.getByTestId('revealed-number')).toHaveText(international);
  await expect(page.getByTestId('copy-number')).toBeVisible();
  await expect(page.getByTestId('reveal-quota')).toContainText(/[1-9]\d* of 10 used/);

  // Leaving the page hides it again; coming back shows the mask.
  await page.getByTestId('back-to-search').click();
  await expect(page).toHaveURL(/\/support$/);
  await page.goBack();
  await expect(page.getByTestId('revealed-number')).toHaveCount(0);
  await expect(person.number(masked(us)).getByTestId('masked-number')).toHaveText(masked(us));

  await consolePage.signOut();
  await loginPage.signInAs(DEMO.admin);
  await page.goto('/audit?action=support.reveal');
  const entry = page.locator('[data-test=audit-row][data-action="support.reveal"]', { hasText: customer.email }).first();
  await expect(entry).toContainText(DEMO.support);
  await expect(entry).toContainText('ok');
  await expect(entry).toContainText('SUP-3141 customer asked to confirm the number on file, husband gave [number removed]');
  await expect(entry).toContainText(masked(us));
  const auditHtml = await page.content();
  for (const spelling of spellings(us)) expect(auditHtml, `audit page contains ${spelling}`).not.toContain(spelling);
});

test('people without the support role cannot open the workspace', async ({ page, loginPage }) => {
  await loginPage.goto();
  await loginPage.signInAs(DEMO.operator);
  for (const path of ['/support', `/support/users/${customer.id}`]) {
    await page.goto(path);
    await expect(page.getByTestId('forbidden')).toContainText('It needs the support role');
  }
});

// Runs last in this file: every reveal, refusal and search above has written its audit row.
test('no audit row, old or new, holds seven digits in a row of any phone number', async () => {
  const sql = postgres(stackInfo().dbUrl, { max: 1, onnotice: () => {} });
  try {
    const phones = await sql<{ digits: string }[]>`
      select distinct regexp_replace(phone, '[^0-9]', '', 'g') as digits from (
        select phone_e164 as phone from public.user_phone_numbers
        union all select old_phone_e164 from public.user_phone_number_changes
        union all select new_phone_e164 from public.user_phone_number_changes) n
      where phone is not null`;
    const rows = await sql<{ id: number; text: string }[]>`select id, to_jsonb(a)::text as text from console.audit_log a`;
    expect(phones.length).toBeGreaterThan(50);
    expect(rows.some((row) => row.text.includes('support.search'))).toBe(true);
    expect(rows.some((row) => row.text.includes('[number removed]'))).toBe(true);
    // Every window of seven digits of every number, against every run of digits in every row
    // (separators such as spaces, dots, dashes and brackets removed first).
    const windows = new Set<string>();
    for (const { digits } of phones) for (let i = 0; i + 7 <= digits.length; i++) windows.add(digits.slice(i, i + 7));
    const leaks: string[] = [];
    for (const row of rows) {
      for (const run of row.text.match(/[0-9][0-9 ().\-/]*[0-9]/g) ?? []) {
        const digits = run.replace(/[^0-9]/g, '');
        for (let i = 0; i + 7 <= digits.length; i++) if (windows.has(digits.slice(i, i + 7))) leaks.push(`audit row ${row.id}: ${run}`);
      }
    }
    expect(leaks).toEqual([]);
  } finally {
    await sql.end();
  }
});
