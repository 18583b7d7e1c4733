/**
 * Support search latency at scale: 1,000,000 profiles and 1,500,000 phone numbers in a dev stack
 * of its own (temporary folder, free ports), then a few hundred mixed queries — email prefixes,
 * full emails, name fragments, phone numbers typed in local formats, partial numbers (which find
 * nobody), user ids —
 * through the same SQL function the /support page calls (`console.support_search`), as a support
 * agent, the way the API runs it: one transaction with the role and JWT claims set locally. Phone
 * input is normalised with the console's own code, inside the timing. Goal: p95 ≤ 50 ms.
 *
 * The data is loaded before the support migration is applied, so the run also shows what that
 * migration costs on a project of this size (its indexes are built on a full table).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parsePhoneNumberWithError, type CountryCode } from 'libphonenumber-js/max';
import postgres, { type Sql } from 'postgres';
import { applyPendingMigrations } from '../devstack/apply-migrations';
import { findFreePort } from '../devstack/ports';
import { PROJECT_ROOT, startStack } from '../devstack/stack';
import { normalizePhone } from '../lib/support/phone';
import { percentile } from './stats';
import type { Benchmark } from './types';

export const SUPPORT_MIGRATION = '20261125130000';
const GOAL_P95_MS = 50;

export type SupportSearchOptions = {
  profiles?: number;
  queries?: number;
  /** Leave the loaded stack running afterwards (to look at plans); stop it with Ctrl-C. */
  keep?: boolean;
};

type QueryKind =
  'email prefix' | 'full email' | 'name fragment' | 'first + last name' | 'phone, local format' | 'partial number' | 'user id' | 'user id, first 8';
type PlannedQuery = { kind: QueryKind; text: string; region: CountryCode; expectUser: string | null };

const FIRST_NAMES = [
  'Ada',
  'Bruno',
  'Chiara',
  'Dmitri',
  'Emeka',
  'Fatima',
  'Goran',
  'Hana',
  'Ines',
  'Jonas',
  'Kaito',
  'Leila',
  'Mateo',
  'Nadia',
  'Olu',
  'Priya',
  'Quentin',
  'Rosa',
  'Sven',
  'Tariq',
  'Uma',
  'Viktor',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zofia',
  'Aiko',
  'Bea',
  'Carlos',
  'Dalia',
  'Elif',
  'Felix',
  'Greta',
  'Hugo',
  'Iris',
  'Jamal',
  'Kofi',
  'Lucia',
  'Marta',
  'Nils',
  'Oscar',
  'Paula',
  'Rafael',
  'Sara',
  'Tomas',
  'Ugo',
  'Vera',
  'Walter',
  'Yara',
  'Zainab',
  'Amir',
  'Bianca',
  'Cyril',
  'Daria',
  'Esther',
  'Farid',
  'Gloria',
  'Henrik',
  'Ilse',
  'Joao',
  'Kiran',
  'Lars',
  'Mei',
  'Noor',
  'Omar',
  'Pia',
  'Reza',
  'Selin',
  'Theo',
  'Ulla',
  'Vikram',
  'Wanda',
  'Yosef',
  'Zara',
  'Anouk',
  'Boris',
  'Celine',
  'Diego',
  'Emma',
  'Femi',
  'Giulia',
  'Hiro',
  'Ivan',
  'Julia',
  'Karim',
  'Lena',
  'Milan',
  'Nina',
  'Otto',
  'Petra',
  'Rania',
  'Stefan',
  'Tara',
  'Umar',
  'Valentina',
  'William',
  'Xavier',
  'Yuki',
  'Zeynep',
  'Aaron',
];
// Surnames from three syllables: 15,625 distinct names, so a surname matches about 64 people.
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ren',
  'sto',
  'val',
  'dor',
  'bri',
  'tan',
  'gue',
  'shi',
  'mar',
  'pel',
  'vin',
  'cor',
  'ad',
  'el',
  'nu',
  'ro',
  'tis',
  'bel',
  'fa',
  'quo',
  'zen',
  'hal',
];
const DOMAINS = ['example.com', 'mail.example', 'inbox.example', 'post.example', 'corp.example', 'aloha.example', 'sync.example', 'studio.example'];
// E.164 shapes of a few countries: calling code, national prefix, digits after it.
const PHONE_PLANS: { region: CountryCode; code: string; start: string; digits: number }[] = [
  { region: 'US', code: '1', start: '415', digits: 7 },
  { region: 'US', code: '1', start: '212', digits: 7 },
  { region: 'GB', code: '44', start: '7700', digits: 6 },
  { region: 'GB', code: '44', start: '20', digits: 8 },
  { region: 'DE', code: '49', start: '151', digits: 8 },
  { region: 'FR', code: '33', start: '6', digits: 8 },
  { region: 'AU', code: '61', start: '4', digits: 8 },
  { region: 'JP', code: '81', start: '90', digits: 8 },
];

function sqlTextArray(values: readonly string[]): string {
  return `array[${values.map((value) => `'${value.replaceAll("'", "''")}'`).join(',')}]`;
}

/** Bulk load: generate_series in SQL, triggers and foreign-key checks off for the load only. */
export async function loadData(sql: Sql, profiles: number): Promise<void> {
  const plans = PHONE_PLANS.map((plan, index) => `(${index}, '${plan.code}', '${plan.start}', ${plan.digits})`).join(', ');
  await sql.begin(async (tx) => {
    const step = async (label: string, statement: string) => {
      const t = performance.now();
      await tx.unsafe(statement);
      console.log(`    ${label}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    };
    await tx.unsafe('set local session_replication_role = replica');
    await step(
      'people',
      `
      create temporary table bench_people on commit drop as
      select i,
             md5('bench-user-' || i)::uuid as id,
             f.first_names[1 + (i * 7) % cardinality(f.first_names)] as first_name,
             initcap(s.syl[1 + (i / 7) % 25] || s.syl[1 + (i / 175) % 25] || s.syl[1 + (i / 4375) % 25]) as last_name,
             d.domains[1 + (i * 13) % cardinality(d.domains)] as domain,
             now() - make_interval(days => i % 1500, secs => i % 86400) as created_at
      from generate_series(1, ${profiles}) as i,
           (select ${sqlTextArray(FIRST_NAMES)} as first_names) f,
           (select ${sqlTextArray(SYLLABLES)} as syl) s,
           (select ${sqlTextArray(DOMAINS)} as domains) d
      -- Rows in key order: the primary keys and the (user_id, …) indexes then fill page after page.
      order by id`,
    );
    await step(
      'auth.users',
      `
      insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                              raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
      select '00000000-0000-0000-0000-000000000000', id, 'authenticated', 'authenticated',
             lower(first_name || '.' || last_name || i || '@' || domain), '', created_at,
             '{"provider":"email","providers":["email"]}', jsonb_build_object('full_name', first_name || ' ' || last_name),
             created_at, created_at
      from bench_people
      order by id`,
    );
    await step(
      'profiles',
      `
      insert into public.profiles (id, email, full_name, created_at, updated_at)
      select id, lower(first_name || '.' || last_name || i || '@' || domain), first_name || ' ' || last_name, created_at, created_at
      from bench_people`,
    );
    // Everyone has a number; every second person a second one: 1.5 numbers per profile.
    await step(
      'phone numbers',
      `
      insert into public.user_phone_numbers (id, user_id, phone_e164, label, is_primary, verified_at, created_at, updated_at)
      select ('00000000-0000-4000-8000-' || lpad(to_hex(row_number() over (order by p.id, k)), 12, '0'))::uuid, p.id,
             '+' || plan.code || plan.start || lpad((((p.i::bigint * 2654435761 + k * 40503) % 9999999967) % (10::bigint ^ plan.digits)::bigint)::text, plan.digits, '0'),
             case k when 1 then 'mobile' else 'work' end, k = 1,
             case when (p.i + k) % 3 = 0 then null else p.created_at end, p.created_at, p.created_at
      from bench_people p
      cross join generate_series(1, 2) as k
      join (values ${plans}) as plan(n, code, start, digits) on plan.n = (p.i * 3 + k) % ${PHONE_PLANS.length}
      where k = 1 or p.i % 2 = 0
      order by p.id, k`,
    );
  });
}

/** A support agent, as the JWT claims the API would carry for them. */
async function createAgent(sql: Sql): Promise<string> {
  const [agent] = await sql<{ id: string }[]>`
    insert into auth.users (instance_id, id, aud, role, email, encrypted_password, created_at, updated_at)
    values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated', 'bench-agent@console.local', '', now(), now())
    returning id`;
  await sql`insert into console.member_roles (user_id, role) values (${agent!.id}, 'support')`;
  return agent!.id;
}

/** Deterministic pseudo-random numbers, so two runs ask the same questions. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function planQueries(sql: Sql, count: number): Promise<PlannedQuery[]> {
  const sample = await sql<{ id: string; email: string; full_name: string; phone: string }[]>`
    select p.id, p.email, p.full_name, n.phone_e164 as phone
    from public.profiles p tablesample system (1) repeatable (42)
    join public.user_phone_numbers n on n.user_id = p.id and n.is_primary
    limit ${count}`;
  const next = random(7);
  const kinds: QueryKind[] = [
    'email prefix',
    'full email',
    'name fragment',
    'first + last name',
    'phone, local format',
    'phone, local format',
    'partial number',
    'user id',
    'user id, first 8',
  ];
  return sample.map((person, index) => {
    const kind = kinds[index % kinds.length]!;
    const [first = '', last = ''] = person.full_name.split(' ');
    const phone = parsePhoneNumberWithError(person.phone);
    // The agent picks the number's country: libphonenumber names it for valid numbers, the plan
    // that generated the number for the others (a fictional range libphonenumber does not place).
    const plan = PHONE_PLANS.find((candidate) => person.phone.startsWith(`+${candidate.code}${candidate.start}`));
    const region = phone.country ?? plan?.region ?? 'US';
    switch (kind) {
      case 'email prefix':
        return { kind, text: person.email.slice(0, 5 + Math.floor(next() * 8)), region, expectUser: null };
      case 'full email':
        return { kind, text: person.email, region, expectUser: person.id };
      case 'name fragment': {
        const start = Math.floor(next() * Math.max(1, last.length - 4));
        return { kind, text: last.slice(start, start + 4 + Math.floor(next() * 3)).toLowerCase(), region, expectUser: null };
      }
      case 'first + last name':
        return { kind, text: next() < 0.5 ? `${first} ${last}` : `${last} ${first}`, region, expectUser: null };
      case 'phone, local format':
        return { kind, text: phone.formatNational(), region, expectUser: person.id };
      case 'partial number':
        return { kind, text: person.phone.slice(-4), region, expectUser: null };
      case 'user id':
        return { kind, text: person.id, region, expectUser: person.id };
      case 'user id, first 8':
        return { kind, text: person.id.slice(0, 8), region, expectUser: person.id };
    }
  });
}

function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

export async function runSupportSearchBench(options: SupportSearchOptions = {}): Promise<{ p50: number; p95: number; passed: boolean }> {
  const profiles = options.profiles ?? 1_000_000;
  const queryCount = options.queries ?? 400;
  const started = performance.now();
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-bench-support-'));
  const allMigrations = path.join(PROJECT_ROOT, 'supabase', 'migrations');
  const before = path.join(stateDir, 'migrations-before-support');
  const upToSupport = path.join(stateDir, 'migrations-up-to-support');
  fs.mkdirSync(before);
  fs.mkdirSync(upToSupport);
  for (const file of fs.readdirSync(allMigrations).filter((name) => name.endsWith('.sql'))) {
    const version = file.split('_')[0] ?? '';
    if (version < SUPPORT_MIGRATION) fs.copyFileSync(path.join(allMigrations, file), path.join(before, file));
    if (version <= SUPPORT_MIGRATION) fs.copyFileSync(path.join(allMigrations, file), path.join(upToSupport, file));
  }

  console.log(`support search: ${profiles.toLocaleString('en')} profiles, ${(profiles * 1.5).toLocaleString('en')} phone numbers, ${queryCount} queries`);
  const stack = await startStack({ stateDir, apiPort: await findFreePort(), dbPort: await findFreePort(), migrationsDir: before, seed: false });
  const sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {}, connection: { application_name: 'bench-support-search' } });
  try {
    let t = performance.now();
    await loadData(sql, profiles);
    await sql`analyze`;
    console.log(`  loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    t = performance.now();
    await applyPendingMigrations(sql, upToSupport);
    const migrationSeconds = (performance.now() - t) / 1000;
    await applyPendingMigrations(sql, allMigrations);
    await sql`analyze public.profiles, public.user_phone_numbers`;
    console.log(`  support migration on the loaded tables (pg_trgm, indexes, functions): ${migrationSeconds.toFixed(1)} s`);

    const [sizes] = await sql<{ profiles: number; numbers: number; profiles_size: string; numbers_size: string; search_indexes: string }[]>`
      select (select count(*)::int from public.profiles) as profiles,
             (select count(*)::int from public.user_phone_numbers) as numbers,
             pg_size_pretty(pg_total_relation_size('public.profiles')) as profiles_size,
             pg_size_pretty(pg_total_relation_size('public.user_phone_numbers')) as numbers_size,
             pg_size_pretty(pg_relation_size('public.profiles_support_search_trgm_idx') + pg_relation_size('public.profiles_lower_email_pattern_idx')) as search_indexes`;
    console.log(
      `  data: ${sizes!.profiles.toLocaleString('en')} profiles (${sizes!.profiles_size}), ${sizes!.numbers.toLocaleString('en')} numbers (${sizes!.numbers_size}); the two text search indexes ${sizes!.search_indexes}`,
    );

    const agentId = await createAgent(sql);
    // Each search is an audited look-up within an hourly budget; the bench asks far more than one
    // agent may in an hour, so the budget is lifted for this throwaway stack (the audit row stays).
    await sql`update console_private.support_settings set searches_per_hour = 100000`;
    const claims = JSON.stringify({ role: 'authenticated', sub: agentId, email: 'bench-agent@console.local' });
    const search = async (query: PlannedQuery) => {
      const begin = performance.now();
      const phone = normalizePhone(query.text, query.region);
      const rows = await sql.begin(async (tx) => {
        await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${claims}, true)`;
        return tx<{ user_id: string }[]>`
          select h ->> 'user_id' as user_id
          from jsonb_array_elements(console.support_search(${query.text}, ${phone.ok ? phone.e164 : null}, 20) -> 'hits') as h`;
      });
      return { elapsed: performance.now() - begin, rows };
    };

    const queries = await planQueries(sql, queryCount);
    for (const query of queries.slice(0, 40)) await search(query); // warm-up, not measured

    const timings = new Map<QueryKind, number[]>();
    const all: number[] = [];
    let expected = 0;
    let found = 0;
    let partialAnswers = 0;
    const missed = new Map<QueryKind, string[]>();
    for (const query of queries) {
      const { elapsed, rows } = await search(query);
      all.push(elapsed);
      timings.set(query.kind, [...(timings.get(query.kind) ?? []), elapsed]);
      if (query.kind === 'partial number' && rows.length > 0) partialAnswers += 1;
      if (query.expectUser) {
        expected += 1;
        if (rows.some((row) => row.user_id === query.expectUser)) found += 1;
        else missed.set(query.kind, [...(missed.get(query.kind) ?? []), `${query.text} (${query.region})`]);
      }
    }

    all.sort((a, b) => a - b);
    const p50 = percentile(all, 50);
    const p95 = percentile(all, 95);
    console.log('');
    console.log(`  ${'query kind'.padEnd(22)} ${'n'.padStart(4)} ${'p50'.padStart(9)} ${'p95'.padStart(9)} ${'max'.padStart(9)}`);
    for (const [kind, values] of timings) {
      values.sort((a, b) => a - b);
      console.log(
        `  ${kind.padEnd(22)} ${String(values.length).padStart(4)} ${ms(percentile(values, 50)).padStart(9)} ${ms(percentile(values, 95)).padStart(9)} ${ms(values[values.length - 1]!).padStart(9)}`,
      );
    }
    console.log(
      `  ${'all'.padEnd(22)} ${String(all.length).padStart(4)} ${ms(p50).padStart(9)} ${ms(p95).padStart(9)} ${ms(all[all.length - 1]!).padStart(9)}`,
    );
    console.log('');
    console.log(`  exact look-ups that found their person: ${found} of ${expected}`);
    for (const [kind, texts] of missed)
      console.log(`    missed (${kind}): ${texts.slice(0, 5).join(', ')}${texts.length > 5 ? ` and ${texts.length - 5} more` : ''}`);
    console.log(`  partial numbers that found anyone (must be 0: search is not an oracle): ${partialAnswers}`);
    const passed = p95 <= GOAL_P95_MS && found === expected && partialAnswers === 0;
    console.log(
      `  p95 ${ms(p95)} against the goal of ≤ ${GOAL_P95_MS} ms: ${passed ? 'met' : 'MISSED'} (ratio ${(p95 / GOAL_P95_MS).toFixed(2)} of the budget)`,
    );
    console.log(`  total run ${((performance.now() - started) / 1000).toFixed(0)} s`);
    return { p50, p95, passed };
  } finally {
    await sql.end({ timeout: 2 });
    if (options.keep) {
      console.log(`\n  the stack stays up: ${stack.dbUrl} (Ctrl-C stops it and removes its data)`);
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    }
    await stack.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

export const supportSearchBenchmark: Benchmark = {
  name: 'support-search',
  description: 'console.support_search on 1,000,000 profiles / 1,500,000 numbers: p95 ≤ 50 ms',
  async run(args) {
    const profiles = Number(args.find((arg) => arg.startsWith('--profiles='))?.split('=')[1] ?? 1_000_000);
    const result = await runSupportSearchBench({ profiles, keep: args.includes('--keep') });
    return { ok: result.passed };
  },
};
