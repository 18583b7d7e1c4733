/**
 * Support search is not an oracle for masked numbers, and the audit log holds no phone number.
 *
 * The attack this file runs worked against the first version of `console.support_search`, which
 * matched any 4+ trailing digits: the person page shows the country code and the last two digits,
 * so trying the ten possible digits before them, one position at a time, recovered a whole number
 * in 30–86 searches. Here a support agent runs the same attack through the real supabase-js, every
 * way the API lets them phrase it, and must learn nothing: the answer for the right digit is the
 * answer for every wrong one, and the budget ends the attempt with every search in the audit log.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import type { CountryCode } from 'libphonenumber-js/max';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProjectUser, serviceClient, signedInClient, superuserSql } from '../../devstack/testing/clients';
import { normalizePhone } from '../../lib/support/phone';

const sql = superuserSql();

type Hit = { user_id: string; matched_on: string; matched_phone_masked: string | null; primary_phone_masked: string | null };
type Answer = { hits: Hit[]; refusal: string | null; message: string | null; searches_left?: number };

// Fictional ranges: (312) 555-01xx in the US, 020 7946 0xxx in London. Random last digits so that
// runs of this file do not collide with each other or with the seed.
const lastDigits = () => String(Math.floor(Math.random() * 90) + 10);
const US_NUMBER = `+13125550${lastDigits()}${Math.floor(Math.random() * 10)}`;
const GB_NUMBER = `+4420794607${lastDigits()}`;

let customerId: string;
let phoneNumberId: string;

async function newAgent(): Promise<{ client: SupabaseClient; id: string }> {
  const person = await createProjectUser('oracle-agent');
  await sql`insert into console.member_roles (user_id, role) values (${person.id}, 'support')`;
  return { client: await signedInClient(person.email, person.password), id: person.id };
}

async function search(client: SupabaseClient, query: string, phone: string | null = null): Promise<Answer> {
  const { data, error } = await client.schema('console').rpc('support_search', { p_query: query, p_phone_e164: phone });
  expect(error).toBeNull();
  return data as Answer;
}

/** What an answer says about the customer: whether they were found, and how. */
function aboutCustomer(answer: Answer): string {
  return JSON.stringify(answer.hits.filter((hit) => hit.user_id === customerId));
}

beforeAll(async () => {
  const customer = await createProjectUser('oracle-customer');
  customerId = customer.id;
  await sql`update public.profiles set full_name = 'Perpetua Oddingsell' where id = ${customerId}`;
  const [row] = await sql<{ id: string }[]>`
    insert into public.user_phone_numbers (user_id, phone_e164, label, is_primary)
    values (${customerId}, ${US_NUMBER}, 'mobile', true) returning id`;
  phoneNumberId = row!.id;
  await sql`insert into public.user_phone_numbers (user_id, phone_e164, label) values (${customerId}, ${GB_NUMBER}, 'work')`;
});

afterAll(() => sql.end());

describe('the digit-by-digit attack', () => {
  it('learns no digit beyond what the mask shows, within the budget, and every search is in the audit log', async () => {
    const attacker = await newAgent();
    const [budget] = await sql<{ searches_per_hour: number }[]>`select searches_per_hour from console_private.support_settings`;

    // What the person page shows the attacker: the country code and the last two digits.
    const { data: numbers } = await attacker.client.schema('console').rpc('support_phone_numbers', { p_user_id: customerId });
    const shown = (numbers as { phone_number_id: string; masked: string; country_code: string }[]).find((n) => n.phone_number_id === phoneNumberId)!;
    expect(shown.masked).toMatch(/^\+1 ••• ••• ••\d\d$/);
    const countryCode = shown.country_code.slice(1);
    let known = shown.masked.slice(-2);

    // Each guess is phrased every way the function could take it: the digits alone, as a local
    // number, and with a forged "E.164" (the attacker calls the API directly, so nothing forces
    // p_phone_e164 to come from the console's normaliser).
    const phrasings = (suffix: string): [string, string | null][] => [
      [suffix, null],
      [`(312) 555-${suffix.padStart(4, '0').slice(-4)}`, null],
      [suffix, `+${countryCode}${suffix}`],
    ];

    let searches = 0;
    let refused = 0;
    while (searches < budget!.searches_per_hour + 5) {
      const answers = new Map<string, string[]>();
      for (let digit = 0; digit <= 9; digit++) {
        const suffix = `${digit}${known}`;
        for (const [query, phone] of phrasings(suffix)) {
          const answer = await search(attacker.client, query, phone);
          searches += 1;
          if (answer.refusal === 'limit_reached') refused += 1;
          const seen = answers.get(aboutCustomer(answer)) ?? [];
          answers.set(aboutCustomer(answer), [...seen, suffix]);
        }
      }
      // The right digit must look exactly like the nine wrong ones: one answer for all ten, so the
      // attacker is left with ten candidates, as before they searched.
      expect([...answers.keys()], `answers differ for the suffixes after ${known}`).toHaveLength(1);
      expect([...answers.keys()][0]).toBe('[]');
      // A real attacker would now have to guess; going on with the true digit is their best case,
      // and it still gives them nothing to confirm it with at the next position.
      known = US_NUMBER.charAt(US_NUMBER.length - known.length - 1) + known;
      if (refused > 0) break;
    }
    expect(refused).toBeGreaterThan(0);

    // The budget ended the attempt: searches beyond it were refused and read nothing.
    const rows = await sql<{ outcome: string; details: { kind: string; query: string; refusal?: string } }[]>`
      select outcome, details from console.audit_log where actor_id = ${attacker.id} and action = 'support.search' order by id`;
    expect(rows).toHaveLength(searches);
    expect(rows.filter((row) => row.outcome === 'ok')).toHaveLength(budget!.searches_per_hour);
    expect(rows.filter((row) => row.outcome === 'refused').every((row) => row.details.refusal === 'limit_reached')).toBe(true);
    // Queries are stored masked: no digit the attacker typed is kept in the log.
    for (const row of rows) expect(row.details.query, JSON.stringify(row.details)).not.toMatch(/[0-9]{3}/);

    // Over budget, even the whole number is refused.
    const whole = await search(attacker.client, US_NUMBER, US_NUMBER);
    expect(whole.refusal).toBe('limit_reached');
    expect(whole.hits).toEqual([]);
    expect(whole.message).toMatch(/searched \d+ times in the last hour/);
  });

  it('a burst of searches at once cannot pass the budget', async () => {
    // The shared budget is left as it is (other suites search at the same time): this agent spends
    // all but five of it, then sends twelve at once.
    const [budget] = await sql<{ searches_per_hour: number }[]>`select searches_per_hour from console_private.support_settings`;
    const agent = await newAgent();
    for (let i = 0; i < budget!.searches_per_hour - 5; i++) await search(agent.client, 'oddingsell perpetua');
    const answers = await Promise.all(Array.from({ length: 12 }, () => search(agent.client, 'oddingsell perpetua')));
    expect(answers.filter((answer) => answer.refusal === null)).toHaveLength(5);
    expect(answers.filter((answer) => answer.refusal === 'limit_reached')).toHaveLength(7);
    const quota = await agent.client.schema('console').rpc('support_search_quota');
    expect((quota.data as { searches_per_hour: number; used: number }[])[0]).toMatchObject({
      searches_per_hour: budget!.searches_per_hour,
      used: budget!.searches_per_hour,
    });
    expect(
      answers
        .filter((answer) => answer.refusal === null)
        .map((answer) => answer.searches_left)
        .sort(),
    ).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('whole numbers', () => {
  const formats: [string, CountryCode][] = [];
  const us = US_NUMBER.slice(2);
  const gb = GB_NUMBER.slice(3);
  formats.push(
    [`(${us.slice(0, 3)}) ${us.slice(3, 6)}-${us.slice(6)}`, 'US'],
    [`${us.slice(0, 3)}.${us.slice(3, 6)}.${us.slice(6)}`, 'US'],
    [`+1 ${us.slice(0, 3)} ${us.slice(3, 6)} ${us.slice(6)}`, 'GB'],
    [`001-${us.slice(0, 3)}-${us.slice(3, 6)}-${us.slice(6)}`, 'GB'],
    [`0${gb.slice(0, 2)} ${gb.slice(2, 6)} ${gb.slice(6)}`, 'GB'],
    [`+44 (0)${gb.slice(0, 2)} ${gb.slice(2, 6)} ${gb.slice(6)}`, 'US'],
    [`0044 ${gb}`, 'DE'],
  );

  it.each(formats)('typed as %s (region %s) finds the person, matched on the phone', async (typed, region) => {
    const agent = await newAgent();
    const phone = normalizePhone(typed, region);
    expect(phone.ok, typed).toBe(true);
    const answer = await search(agent.client, typed, phone.ok ? phone.e164 : null);
    expect(answer.refusal).toBeNull();
    expect(answer.hits.filter((hit) => hit.user_id === customerId).map((hit) => hit.matched_on)).toEqual(['phone']);
    expect(answer.hits.every((hit) => hit.matched_phone_masked?.includes('•••'))).toBe(true);
  });

  it('a user id that starts with eight digits is still found by its start (ids are not numbers)', async () => {
    const id = '31255501-0000-4000-8000-0000000000aa';
    await sql`insert into auth.users (instance_id, id, aud, role, email, encrypted_password, created_at, updated_at)
              values ('00000000-0000-0000-0000-000000000000', ${id}, 'authenticated', 'authenticated', 'digits-id@example.test', '', now(), now())
              on conflict (id) do nothing`;
    const agent = await newAgent();
    const answer = await search(agent.client, '31255501');
    expect(answer.hits.map((hit) => [hit.user_id, hit.matched_on])).toEqual([[id, 'id']]);
    const [row] = await sql<
      { query: string }[]
    >`select details ->> 'query' as query from console.audit_log where actor_id = ${agent.id} and action = 'support.search' order by id desc limit 1`;
    expect(row?.query).toBe('••••••••');
  });

  it('a partial number finds nobody and changes no result found by name or email', async () => {
    const agent = await newAgent();
    const partial = await search(agent.client, US_NUMBER.slice(-7));
    expect(partial.hits).toEqual([]);
    expect(partial.refusal).toBe('partial_phone');
    expect(partial.message).toMatch(/whole number/);

    // A name search, alone and with digits beside it, right or wrong, or with a forged partial
    // E.164: the answers do not depend on the digits.
    const byName = await search(agent.client, 'perpetua oddingsell');
    expect(byName.hits.map((hit) => hit.user_id)).toEqual([customerId]);
    const withRight = await search(agent.client, `oddingsell ${US_NUMBER.slice(-4)}`);
    const withWrong = await search(agent.client, `oddingsell ${US_NUMBER.slice(-4, -2)}99`);
    expect(withRight.hits).toEqual(withWrong.hits);
    const forgedRight = await search(agent.client, 'perpetua oddingsell', `+1${US_NUMBER.slice(-5)}`);
    const forgedWrong = await search(agent.client, 'perpetua oddingsell', '+100000');
    expect(forgedRight.hits).toEqual(forgedWrong.hits);
    const email = (await sql<{ email: string }[]>`select email from public.profiles where id = ${customerId}`)[0]!.email;
    const byEmail = await search(agent.client, email);
    const byEmailAndPhone = await search(agent.client, email, `+1${US_NUMBER.slice(-6)}`);
    expect(byEmail.hits.map((hit) => hit.user_id)).toEqual([customerId]);
    expect(byEmailAndPhone.hits).toEqual(byEmail.hits);
  });
});

describe('the audit log', () => {
  it('stores a reveal reason with every other number in it scrubbed, whatever its format', async () => {
    const agent = await newAgent();
    const reason = [
      'SUP-8812 caller confirmed the mobile; her husband gave +44 20 7946 0958, the office (020) 7946-0959,',
      'fax 415.555.0101, 4155550102, +1 (415) 555 0103, ４１５５５５０１０４ and 415/555/0105',
    ].join(' ');
    const { data, error } = await agent.client.schema('console').rpc('reveal_phone_number', { p_phone_number_id: phoneNumberId, p_reason: reason });
    expect(error).toBeNull();
    expect((data as { revealed: boolean }[])[0]?.revealed).toBe(true);
    const [row] = await sql<{ details: { reason: string } }[]>`
      select details from console.audit_log where actor_id = ${agent.id} and action = 'support.reveal' order by id desc limit 1`;
    expect(row!.details.reason).toBe(
      'SUP-8812 caller confirmed the mobile; her husband gave [number removed], the office [number removed], fax [number removed], ' +
        '[number removed], [number removed], [number removed] and [number removed]',
    );
  });

  it('scrubs numbers from every free-text value the server records, and keeps ids, versions and hashes', async () => {
    const id = '3f2a9c1e-1234-5678-9012-345678901234';
    const hash = 'a'.repeat(8) + '1234567890' + 'b'.repeat(46);
    const { data: auditId, error } = await serviceClient()
      .schema('console')
      .rpc('record_audit', {
        p_actor_id: null,
        p_action: 'test.scrub',
        p_target: 'caller 020 7946 0960',
        p_outcome: 'ok',
        p_details: {
          note: 'call back on 07700 900123',
          user_id: id,
          version: '20261204090000',
          snapshot_hash: hash,
          file_name: '20261204090000_call_4155550106.sql',
          nested: [{ text: 'or +61 2 5555 0177' }],
          quoted: `id ${id} ok`,
        },
      });
    expect(error).toBeNull();
    const [row] = await sql<
      { target: string; details: Record<string, unknown> }[]
    >`select target, details from console.audit_log where id = ${auditId as number}`;
    expect(row).toEqual({
      target: 'caller [number removed]',
      details: {
        note: 'call back on [number removed]',
        user_id: id,
        version: '20261204090000',
        snapshot_hash: hash,
        file_name: '20261204090000_call_[number removed].sql',
        nested: [{ text: 'or [number removed]' }],
        quoted: `id ${id} ok`,
      },
    });
  });

  it('rows written before the rule are scrubbed once, and the scrub is recorded', async () => {
    // A row as an older console wrote it: straight into the table, number and all.
    const [old] = await sql<{ id: number }[]>`
      insert into console.audit_log (action, target, outcome, details)
      values ('support.reveal', 'someone@example.test', 'ok', ${sql.json({ reason: 'customer gave 0161 496 0123 on the phone', masked: '+44 ••• ••• ••23' })})
      returning id`;
    const changed = (await sql<{ changed: number }[]>`select console_private.scrub_audit_numbers() as changed`)[0]!.changed;
    expect(changed).toBeGreaterThanOrEqual(1);
    const [row] = await sql<{ details: { reason: string; masked: string } }[]>`select details from console.audit_log where id = ${old!.id}`;
    expect(row!.details).toEqual({ reason: 'customer gave [number removed] on the phone', masked: '+44 ••• ••• ••23' });
    const [recorded] = await sql<{ details: { rows: number } }[]>`
      select details from console.audit_log where action = 'audit.scrub_numbers' order by id desc limit 1`;
    expect(recorded!.details.rows).toBe(changed);
    // The append-only rule is back in force at once.
    await expect(sql`update console.audit_log set target = 'x' where id = ${old!.id}`).rejects.toThrow(/append-only/);
    const again = (await sql<{ again: number }[]>`select console_private.scrub_audit_numbers() as again`)[0]!.again;
    expect(again).toBe(0);
  });
});
