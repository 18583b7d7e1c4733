/**
 * The support workspace's rules, enforced by the database: support agents find people and read
 * their numbers masked through the console functions only; other people get nothing; a reveal
 * needs a reason, is capped per hour and always leaves an audit row without the number.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole } from '../../devstack/testing/as-role';
import { DEMO, anonClient, createProjectUser, signedInClient, superuserSql } from '../../devstack/testing/clients';
import { maskE164 } from '../../lib/support/mask';
import { REVEAL_REASON_CASES } from '../../lib/support/reveal-reason-cases';

const sql = superuserSql();

type Person = { id: string; email: string; password: string };
let customer: Person;
let other: Person;
const CUSTOMER_NUMBERS = ['+14155550147', '+442079460388', '+61255550177'] as const;
const numberIds: Record<string, string> = {};
let support: SupabaseClient;
let supportId: string;

/** Every full number in the database, current or in the history: no console answer may contain one. */
async function allFullNumbers(): Promise<string[]> {
  const rows = await sql<{ phone: string }[]>`
    select phone_e164 as phone from public.user_phone_numbers
    union select old_phone_e164 from public.user_phone_number_changes where old_phone_e164 is not null
    union select new_phone_e164 from public.user_phone_number_changes where new_phone_e164 is not null`;
  return rows.map((row) => row.phone);
}

/** The number as E.164, as digits, and as its national significant digits (the last 7+). */
function spellings(e164: string): string[] {
  const digits = e164.slice(1);
  return [e164, digits, digits.slice(-7)];
}

function expectNoFullNumber(value: unknown, numbers: string[]) {
  const text = JSON.stringify(value);
  for (const number of numbers) for (const spelling of spellings(number)) expect(text, `answer contains ${number}`).not.toContain(spelling);
}

async function newAgent(): Promise<{ client: SupabaseClient; id: string }> {
  const person = await createProjectUser('agent');
  await sql`insert into console.member_roles (user_id, role) values (${person.id}, 'support')`;
  return { client: await signedInClient(person.email, person.password), id: person.id };
}

async function reveal(client: SupabaseClient, phoneNumberId: string, reason: string) {
  const { data, error } = await client.schema('console').rpc('reveal_phone_number', { p_phone_number_id: phoneNumberId, p_reason: reason });
  type Row = { revealed: boolean; phone_e164: string | null; refusal: string | null; message: string | null; reveals_left: number };
  return { row: ((data ?? []) as Row[])[0], error };
}

beforeAll(async () => {
  customer = await createProjectUser('customer');
  other = await createProjectUser('other');
  await sql`update public.profiles set full_name = 'Tamsin Quarrington' where id = ${customer.id}`;
  // The customer adds their own numbers through the API role, so the history names them.
  await asRole(
    sql,
    { role: 'authenticated', userId: customer.id },
    async (tx) => {
      for (const [index, phone] of CUSTOMER_NUMBERS.entries()) {
        await tx`insert into public.user_phone_numbers (user_id, phone_e164, label, is_primary) values (${customer.id}, ${phone}, ${['mobile', 'work', 'home'][index]!}, ${index === 0})`;
      }
      await tx`update public.user_phone_numbers set label = 'office' where phone_e164 = ${CUSTOMER_NUMBERS[1]} and user_id = ${customer.id}`;
    },
    { commit: true },
  );
  await sql`insert into public.user_phone_numbers (user_id, phone_e164) values (${other.id}, '+4915550123456')`;
  for (const row of await sql<{ id: string; phone_e164: string }[]>`select id, phone_e164 from public.user_phone_numbers where user_id = ${customer.id}`) {
    numberIds[row.phone_e164] = row.id;
  }
  support = await signedInClient(DEMO.support);
  supportId = (await sql<{ id: string }[]>`select id from auth.users where email = ${DEMO.support}`)[0]!.id;
});

afterAll(() => sql.end());

describe('a support agent', () => {
  it('finds a person by email prefix, name words in any order, user id or its start, and a whole phone number', async () => {
    const search = async (query: string, phone: string | null = null) => {
      const { data, error } = await support.schema('console').rpc('support_search', { p_query: query, p_phone_e164: phone });
      expect(error).toBeNull();
      return (data as { hits: { user_id: string; matched_on: string }[] }).hits.filter((row) => row.user_id === customer.id).map((row) => row.matched_on);
    };
    expect(await search(customer.email.slice(0, 12))).toEqual(['email']);
    expect(await search(customer.email.toUpperCase())).toEqual(['email']);
    expect(await search('quarrington tams')).toEqual(['name']);
    expect(await search(customer.id)).toEqual(['id']);
    expect(await search(customer.id.slice(0, 8))).toEqual(['id']);
    // The whole number, as E.164 from the console's normaliser; without it, digits alone match nothing.
    expect(await search('(415) 555-0147', '+14155550147')).toEqual(['phone']);
    expect(await search('020 7946 0388')).toEqual([]);
    expect(await search('0388')).toEqual([]);
  });

  it('matches LIKE wildcards in the query literally', async () => {
    const { data } = await support.schema('console').rpc('support_search', { p_query: '%_%' });
    expect((data as { hits: unknown[] }).hits).toEqual([]);
  });

  it('gets numbers masked from every function, never a full one', async () => {
    const numbers = await allFullNumbers();
    const rpc = support.schema('console');
    const answers = await Promise.all([
      rpc.rpc('support_search', { p_query: customer.email }),
      rpc.rpc('support_search', { p_query: '+44 20 7946 0388', p_phone_e164: '+442079460388' }),
      rpc.rpc('support_search', { p_query: 'example' }),
      rpc.rpc('support_profile', { p_user_id: customer.id }),
      rpc.rpc('support_phone_numbers', { p_user_id: customer.id }),
      rpc.rpc('support_phone_history', { p_user_id: customer.id }),
      rpc.rpc('support_reveal_quota'),
    ]);
    for (const answer of answers) {
      expect(answer.error).toBeNull();
      expectNoFullNumber(answer.data, numbers);
    }
    const listed = answers[4].data as { masked: string; label: string; is_primary: boolean }[];
    // The primary number first; the others were added in one transaction, so their order is open.
    expect(listed[0]).toMatchObject({ masked: '+1 ••• ••• ••47', is_primary: true });
    expect(listed.map((row) => row.masked).sort()).toEqual(['+1 ••• ••• ••47', '+44 ••• ••• ••88', '+61 ••• ••• ••77']);
    const found = (answers[1].data as { hits: { user_id: string; matched_phone_masked: string }[] }).hits.find((row) => row.user_id === customer.id);
    expect(found?.matched_phone_masked).toBe('+44 ••• ••• ••88');
  });

  it('sees who changed a number, where from and when, with masked numbers', async () => {
    const { data } = await support.schema('console').rpc('support_phone_history', { p_user_id: customer.id });
    const history = data as { operation: string; new_masked: string; old_label: string | null; new_label: string; changed_by: string; source: string }[];
    expect(history).toHaveLength(4);
    expect(history[0]).toMatchObject({
      operation: 'update',
      old_label: 'work',
      new_label: 'office',
      new_masked: '+44 ••• ••• ••88',
      changed_by: 'customer',
      source: 'user',
    });
    expect(history.every((entry) => entry.changed_by === 'customer')).toBe(true);
  });

  it('cannot read anyone else’s numbers, history or profile directly, only through the functions', async () => {
    const rows = await asRole(sql, { role: 'authenticated', userId: supportId }, async (tx) => ({
      numbers: await tx`select 1 from public.user_phone_numbers`,
      changes: await tx`select 1 from public.user_phone_number_changes`,
      profiles: await tx`select id from public.profiles`,
    }));
    expect(rows.numbers).toHaveLength(0);
    expect(rows.changes).toHaveLength(0);
    expect(rows.profiles.map((row) => row.id)).toEqual([supportId]);
    await expect(asRole(sql, { role: 'authenticated', userId: supportId }, (tx) => tx`select * from console_private.support_settings`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(asRole(sql, { role: 'authenticated', userId: supportId }, (tx) => tx`select console_private.mask_phone('+14155550147')`)).rejects.toThrow(
      /permission denied/,
    );
  });
});

describe('masking', () => {
  it('is the same in SQL and in the console’s helper for every number in the database', async () => {
    const rows = await sql<{ phone: string; masked: string }[]>`
      select phone, console_private.mask_phone(phone) as masked
      from (select phone_e164 as phone from public.user_phone_numbers) n`;
    expect(rows.length).toBeGreaterThan(50);
    for (const row of rows) expect(row.masked, row.phone).toBe(maskE164(row.phone));
  });
});

describe('people without the support role', () => {
  const calls: [string, Record<string, unknown>][] = [
    ['support_search', { p_query: 'example' }],
    ['support_profile', { p_user_id: '00000000-0000-4000-8000-000000000001' }],
    ['support_phone_numbers', { p_user_id: '00000000-0000-4000-8000-000000000001' }],
    ['support_phone_history', { p_user_id: '00000000-0000-4000-8000-000000000001' }],
    ['support_reveal_quota', {}],
    ['support_search_quota', {}],
  ];

  for (const person of ['operator', 'admin', 'outsider'] as const) {
    it(`get nothing: ${person}`, async () => {
      const client = await signedInClient(DEMO[person]);
      for (const [fn, args] of calls) {
        const { data, error } = await client.schema('console').rpc(fn, args);
        expect(error?.code, fn).toBe('42501');
        expect(data, fn).toBeNull();
      }
    });
  }

  it('get nothing when signed out (anon)', async () => {
    for (const [fn, args] of [...calls, ['reveal_phone_number', { p_phone_number_id: numberIds[CUSTOMER_NUMBERS[0]], p_reason: 'SUP-1' }] as const]) {
      const { data, error } = await anonClient().schema('console').rpc(fn, args);
      expect(error?.code, fn).toBe('42501');
      expect(data, fn).toBeNull();
    }
  });

  it('cannot reveal: a member without the role is refused and audited, a non-member is refused', async () => {
    const phoneNumberId = numberIds[CUSTOMER_NUMBERS[0]]!;
    const operator = await signedInClient(DEMO.operator);
    const refused = await reveal(operator, phoneNumberId, 'SUP-4411 customer asked');
    expect(refused.error).toBeNull();
    expect(refused.row).toMatchObject({ revealed: false, phone_e164: null, refusal: 'role' });
    const [entry] = await sql`select actor_email, outcome, details from console.audit_log where action = 'support.reveal' order by id desc limit 1`;
    expect(entry).toMatchObject({ actor_email: DEMO.operator, outcome: 'refused', details: { refusal: 'role', phone_number_id: phoneNumberId } });

    const outsider = await signedInClient(DEMO.outsider);
    const before = await sql`select count(*)::int as n from console.audit_log`;
    const { data, error } = await outsider
      .schema('console')
      .rpc('reveal_phone_number', { p_phone_number_id: phoneNumberId, p_reason: 'SUP-4411 customer asked' });
    expect(error?.code).toBe('42501');
    expect(data).toBeNull();
    // Any project user can call the API; a non-member must not be able to fill the audit log.
    expect((await sql`select count(*)::int as n from console.audit_log`)[0]!.n).toBe(before[0]!.n);
  });
});

describe('reveal', () => {
  it('refuses a missing or vague reason, and audits each refusal', async () => {
    const { client, id } = await newAgent();
    const phoneNumberId = numberIds[CUSTOMER_NUMBERS[0]]!;
    for (const [reason, refusal] of [
      ['', 'missing'],
      ['   ', 'missing'],
      ['x', 'too_vague'],
      ['asdf asdf asdf', 'too_vague'],
    ] as const) {
      const { row, error } = await reveal(client, phoneNumberId, reason);
      expect(error).toBeNull();
      expect(row, JSON.stringify(reason)).toMatchObject({ revealed: false, phone_e164: null, refusal });
      expect(row?.message).toMatch(/reason|Say why/i);
    }
    const { data: nullReason } = await client.schema('console').rpc('reveal_phone_number', { p_phone_number_id: phoneNumberId, p_reason: null });
    expect((nullReason as { refusal: string }[])[0]?.refusal).toBe('missing');
    const audit = await sql<{ outcome: string; details: { refusal: string } }[]>`
      select outcome, details from console.audit_log where actor_id = ${id} and action = 'support.reveal' order by id`;
    expect(audit.map((row) => [row.outcome, row.details.refusal])).toEqual([
      ['refused', 'missing'],
      ['refused', 'missing'],
      ['refused', 'too_vague'],
      ['refused', 'too_vague'],
      ['refused', 'missing'],
    ]);
  });

  it('returns the number and writes an audit row without it, even when the reason quotes it', async () => {
    const { client, id } = await newAgent();
    const numbers = await allFullNumbers();
    for (const [phone, reason] of [
      [CUSTOMER_NUMBERS[0], 'SUP-2231 customer asked to confirm the number on file'],
      [CUSTOMER_NUMBERS[1], 'Caller said her number is 020 7946 0388 and wants it checked'],
      [CUSTOMER_NUMBERS[2], 'ticket 99812, number +61 2 5555 0177 on the callback form'],
    ] as const) {
      const { row, error } = await reveal(client, numberIds[phone]!, reason);
      expect(error).toBeNull();
      expect(row).toMatchObject({ revealed: true, phone_e164: phone, refusal: null });
    }
    const audit = await sql<{ row: Record<string, unknown> }[]>`
      select to_jsonb(a) as row from console.audit_log a where actor_id = ${id} and action = 'support.reveal' order by id`;
    expect(audit).toHaveLength(3);
    for (const { row } of audit) {
      expect(row).toMatchObject({ outcome: 'ok', actor_email: expect.stringMatching(/^agent-/), target: customer.email });
      expectNoFullNumber(row, numbers);
    }
    expect(audit.map(({ row }) => (row.details as { reason: string }).reason)).toEqual([
      'SUP-2231 customer asked to confirm the number on file',
      'Caller said her number is [number removed] and wants it checked',
      'ticket 99812, number [number removed] on the callback form',
    ]);
    expect(audit[0]!.row.details).toMatchObject({ masked: '+1 ••• ••• ••47', label: 'mobile', user_id: customer.id, reveal_in_hour: 1 });
  });

  it('refuses a number that does not exist, and audits it', async () => {
    const { client, id } = await newAgent();
    const { row } = await reveal(client, '00000000-0000-4000-8000-00000000dead', 'SUP-1 customer asked for it');
    expect(row).toMatchObject({ revealed: false, refusal: 'unknown_number' });
    const [entry] = await sql`select outcome, details from console.audit_log where actor_id = ${id} and action = 'support.reveal'`;
    expect(entry).toMatchObject({ outcome: 'refused', details: { refusal: 'unknown_number' } });
  });

  it('holds the hourly cap, also for reveals at the same moment, and audits the refusals and the change of the cap', async () => {
    await sql`update console_private.support_settings set reveals_per_hour = 3`;
    try {
      const phoneNumberId = numberIds[CUSTOMER_NUMBERS[0]]!;
      const one = await newAgent();
      const results = [];
      for (let i = 0; i < 4; i++) results.push((await reveal(one.client, phoneNumberId, `SUP-${100 + i} customer asked`)).row);
      expect(results.map((row) => row?.revealed)).toEqual([true, true, true, false]);
      expect(results.map((row) => row?.reveals_left)).toEqual([2, 1, 0, 0]);
      expect(results[3]).toMatchObject({ refusal: 'limit_reached', phone_e164: null });
      expect(results[3]?.message).toMatch(/3 numbers in the last hour/);

      const quota = await one.client.schema('console').rpc('support_reveal_quota');
      expect((quota.data as { reveals_per_hour: number; used: number }[])[0]).toMatchObject({ reveals_per_hour: 3, used: 3 });

      // Another agent has an allowance of their own; eight reveals at once: three pass, five are refused.
      const two = await newAgent();
      const burst = await Promise.all(Array.from({ length: 8 }, (_, i) => reveal(two.client, phoneNumberId, `SUP-${200 + i} customer asked`)));
      expect(burst.filter(({ row }) => row?.revealed)).toHaveLength(3);
      expect(burst.filter(({ row }) => row?.refusal === 'limit_reached')).toHaveLength(5);

      const audit = await sql<{ outcome: string; n: number }[]>`
        select outcome, count(*)::int as n from console.audit_log
        where actor_id in (${one.id}, ${two.id}) and action = 'support.reveal' group by outcome order by outcome`;
      expect(audit).toEqual([
        { outcome: 'ok', n: 6 },
        { outcome: 'refused', n: 6 },
      ]);
    } finally {
      await sql`update console_private.support_settings set reveals_per_hour = 10`;
    }
    const changes = await sql<{ details: { before: number; after: number } }[]>`
      select details from console.audit_log where action = 'support.settings_change' order by id desc limit 2`;
    expect(changes.map((row) => row.details)).toMatchObject([
      { before: 3, after: 10 },
      { before: 10, after: 3 },
    ]);
  });

  it('stops working at once when the agent signs out', async () => {
    const { client } = await newAgent();
    const token = (await client.auth.getSession()).data.session!.access_token;
    await client.auth.signOut({ scope: 'global' });
    const { error } = await anonClient()
      .schema('console')
      .rpc('reveal_phone_number', { p_phone_number_id: numberIds[CUSTOMER_NUMBERS[0]], p_reason: 'SUP-1 customer asked' })
      .setHeader('Authorization', `Bearer ${token}`);
    expect(error?.code).toBe('28000');
  });
});

describe('reason rules', () => {
  it('are the same in SQL and in the form', async () => {
    for (const [reason, expected] of REVEAL_REASON_CASES) {
      const [row] = await sql<{ problem: string | null }[]>`select console_private.reveal_reason_problem(${reason}) as problem`;
      expect(row!.problem, JSON.stringify(reason.slice(0, 40))).toBe(expected);
    }
  });
});
