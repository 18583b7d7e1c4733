-- module: console
-- Support workspace: find a person by email, name, user id or phone number; read their profile,
-- their phone numbers and the history of those numbers, always masked; reveal one full number with
-- a written reason, capped per agent per hour and audited. Every function runs as the agent's own
-- session and checks the support role itself, so calling it straight through the API with another
-- role fails the same way the console does.
--
-- Masking happens here, in SQL: no function of this file returns a full number except
-- `reveal_phone_number`. Support agents are ordinary `authenticated` users, so the baseline's
-- owner-only RLS already keeps them from reading other people's rows of `user_phone_numbers` and
-- `user_phone_number_changes` directly; the functions below are their only way in.
--
-- Idempotent, like the rest of the console schema.

-- Trigram matching for name and email fragments. On a project that already has pg_trgm in another
-- schema, that installation is used (see the index below).
create extension if not exists pg_trgm with schema extensions;

-- Indexes, one per kind of question a support agent asks (searched on 1,000,000 profiles and
-- 1,500,000 numbers by bench/support-search.ts):
--   * "ada.lovelace@exa…"     email prefix        → btree on lower(email), text_pattern_ops (LIKE 'x%'
--                                                   whatever the database collation)
--   * "lovelace", "ada love"  fragment of the name or of the email before its @ → one GIN trigram
--                                                   index over both (domains are left out: "gmail"
--                                                   or "example" would match nearly everyone)
--   * "+44 20 7946 0022"      full number          → the baseline's btree on phone_e164 (equality)
--   * "020 7946 0022", "0022" trailing digits     → btree on reverse(phone_e164): a suffix becomes
--                                                   a prefix, so local formats match without their
--                                                   trunk 0 and without knowing the country
--   * "3f2a9c1e…"             user id or its start  → the primary key (a uuid prefix is a key range)
create index if not exists profiles_lower_email_pattern_idx
  on public.profiles (lower(email) text_pattern_ops);

do $$
declare
  trgm_schema text := (
    select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'
  );
begin
  -- The expression must stay identical to the one in console.support_search.
  execute format(
    'create index if not exists profiles_support_search_trgm_idx on public.profiles '
    'using gin ((lower(coalesce(full_name, '''') || '' '' || split_part(coalesce(email, ''''), ''@'', 1))) %I.gin_trgm_ops)',
    trgm_schema);
end
$$;

create index if not exists user_phone_numbers_reverse_e164_idx
  on public.user_phone_numbers (reverse(phone_e164) text_pattern_ops);

-- The cap check reads an agent's reveals of the last hour; this keeps it small as the log grows.
create index if not exists audit_log_support_reveal_idx
  on console.audit_log (actor_id, occurred_at desc)
  where action = 'support.reveal' and outcome = 'ok';

-- Settings of the support workspace: one row. Change it with SQL, e.g.
--   update console_private.support_settings set reveals_per_hour = 20;
-- Every change is written to the audit log by the trigger below.
create table if not exists console_private.support_settings (
  id boolean primary key default true constraint support_settings_single_row check (id),
  reveals_per_hour integer not null default 10
    constraint support_settings_reveals_per_hour check (reveals_per_hour between 1 and 1000),
  updated_at timestamptz not null default now()
);

insert into console_private.support_settings (id) values (true) on conflict (id) do nothing;

alter table console_private.support_settings enable row level security;
revoke all on console_private.support_settings from public, anon, authenticated, service_role;

create or replace function console_private.audit_support_settings_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  new.updated_at := now();
  if new.reveals_per_hour is distinct from old.reveals_per_hour then
    perform console_private.write_audit(
      (select auth.uid()),
      'support.settings_change',
      'reveals_per_hour',
      'ok',
      jsonb_build_object('before', old.reveals_per_hour, 'after', new.reveals_per_hour, 'database_user', session_user)
    );
  end if;
  return new;
end;
$$;

drop trigger if exists support_settings_audit on console_private.support_settings;
create trigger support_settings_audit
  before update on console_private.support_settings
  for each row execute function console_private.audit_support_settings_change();

-- The country calling code of an E.164 number. Codes are prefix-free: 1 and 7 are the only
-- one-digit codes, the two-digit ones are listed, every other code has three digits.
--
-- This and mask_phone are plain expressions that the planner inlines into the queries calling
-- them (a SET clause or STRICT would prevent that and cost a function call per row). They need no
-- search_path of their own: they run only inside the console's functions, which pin it to '',
-- and nobody else may execute them.
create or replace function console_private.phone_country_code(p_e164 text)
returns text
language sql
immutable
as $$
  select case
    when substr(p_e164, 2, 1) in ('1', '7') then substr(p_e164, 2, 1)
    when substr(p_e164, 2, 2) in (
      '20', '27', '30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46', '47',
      '48', '49', '51', '52', '53', '54', '55', '56', '57', '58', '60', '61', '62', '63', '64', '65',
      '66', '81', '82', '84', '86', '90', '91', '92', '93', '94', '95', '98'
    ) then substr(p_e164, 2, 2)
    else substr(p_e164, 2, 3)
  end;
$$;

-- "+44 ••• ••• ••22": the country code and the last two digits, nothing else. The mask has the same
-- shape whatever the number's length, so it does not hint at the number either.
-- lib/support/mask.ts renders the same shape; an integration test keeps the two in step.
create or replace function console_private.mask_phone(p_e164 text)
returns text
language sql
immutable
as $$
  select case
    when p_e164 is null then null
    when p_e164 ~ '^\+[1-9][0-9]{3,14}$'
      then '+' || console_private.phone_country_code(p_e164) || ' ••• ••• ••' || right(p_e164, 2)
    else '••• ••• ••••'
  end;
$$;

-- Why a reveal reason is not enough, or null when it is. A reason is a ticket id (SUP-1234,
-- #48213, "ticket 48213") or a sentence of at least three different words and 15 characters.
-- lib/support/reveal-reason.ts applies the same rules in the form, for a quick answer; this one
-- decides.
create or replace function console_private.reveal_reason_problem(p_reason text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  reason text := btrim(regexp_replace(coalesce(p_reason, ''), '\s+', ' ', 'g'));
  words integer;
begin
  if reason = '' then
    return 'missing';
  end if;
  if char_length(reason) > 500 then
    return 'too_long';
  end if;
  -- ASCII classes and "not space, digit or punctuation" for words: the same answer whatever the
  -- database's collation (in the C locale no character above ASCII is a letter).
  if reason ~* '(^|[^a-z0-9])([a-z][a-z0-9]{0,9}-[0-9]{1,10}|#[0-9]{3,12}|(ticket|case|issue|incident) ?#? ?[0-9]{3,12})([^a-z0-9]|$)' then
    return null;
  end if;
  select count(distinct lower(m[1])) into words
  from regexp_matches(reason, '([^[:space:][:digit:][:punct:]]{2,})', 'g') as m;
  if words < 3 or char_length(reason) < 15 then
    return 'too_vague';
  end if;
  return null;
end;
$$;

-- The reason as it is stored in the audit log: whitespace collapsed, and any run of digits that
-- spells (part of) the revealed number replaced, so an agent pasting the number into the reason
-- does not put it in the log.
create or replace function console_private.redact_reason(p_reason text, p_e164 text)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  reason text := btrim(regexp_replace(coalesce(p_reason, ''), '\s+', ' ', 'g'));
  number_digits text := regexp_replace(coalesce(p_e164, ''), '[^0-9]', '', 'g');
  run text;
  run_digits text;
begin
  for run in
    select m[1] from regexp_matches(reason, '(\+?[0-9][0-9 ().-]*[0-9])', 'g') as m
  loop
    run_digits := regexp_replace(run, '[^0-9]', '', 'g');
    if (char_length(run_digits) >= 6 and position(run_digits in number_digits) > 0)
       or (char_length(number_digits) >= 6 and position(right(number_digits, 6) in run_digits) > 0) then
      reason := replace(reason, run, '[number removed]');
    end if;
  end loop;
  return reason;
end;
$$;

revoke execute on all functions in schema console_private from public, anon, authenticated, service_role;

-- Finds people by user id (or its first 8+ hex digits), phone number, email or a fragment of name or
-- email. `p_phone_e164` is the query normalised to E.164 by the console (libphonenumber, with the
-- agent's region); the function also matches the query's trailing digits, so a number typed in any
-- local format is found without it. Each kind of match reads its own index and stops at p_limit rows;
-- the best matches come first: exact id, exact number, exact email, email prefix, trailing
-- digits, fragment. Numbers come back masked.
--
-- Planner settings, scoped to this function:
--   plan_cache_mode   the query is planned for each call with the actual values, so every branch
--                     that does not apply is pruned and every LIKE pattern is a constant the planner
--                     turns into an index range (a generic plan would scan).
--   enable_seqscan    LIKE '%…%' selectivity is a guess (1 % for most patterns); with LIMIT 50 the
--                     planner then prefers reading the table until 50 rows match, which on a million
--                     profiles takes 100+ ms for a rare fragment. The trigram index answers in a few
--                     ms whatever the pattern, and every other branch is an index look-up anyway.
create or replace function console.support_search(p_query text, p_phone_e164 text default null, p_limit integer default 20)
returns table (
  user_id uuid,
  email text,
  full_name text,
  matched_on text,
  matched_phone_masked text,
  primary_phone_masked text,
  phone_count integer
)
language plpgsql
stable
security definer
set search_path = ''
set plan_cache_mode = force_custom_plan
set enable_seqscan = off
as $$
declare
  q text := lower(btrim(regexp_replace(coalesce(p_query, ''), '\s+', ' ', 'g')));
  like_q text;
  hex text;
  id_low uuid;
  id_high uuid;
  id_exact boolean := false;
  phone_exact text;
  digits text;
  is_phone_like boolean;
  words text[];
  lim integer := least(greatest(coalesce(p_limit, 20), 1), 50);
begin
  perform console_private.require_role('support');
  if char_length(q) < 2 or char_length(q) > 200 then
    return;
  end if;

  -- LIKE patterns are built from the query: its own %, _ and \ match literally.
  like_q := replace(replace(replace(q, '\', '\\'), '%', '\%'), '_', '\_');

  hex := replace(q, '-', '');
  if q ~ '^[0-9a-f-]+$' and hex ~ '^[0-9a-f]{8,32}$' then
    id_low := rpad(hex, 32, '0')::uuid;
    id_high := rpad(hex, 32, 'f')::uuid;
    id_exact := char_length(hex) = 32;
  end if;

  if p_phone_e164 ~ '^\+[1-9][0-9]{6,14}$' then
    phone_exact := p_phone_e164;
  end if;
  is_phone_like := q ~ '^[+0-9 ().\-/]+$';
  if is_phone_like then
    digits := regexp_replace(q, '[^0-9]', '', 'g');
    -- A long number typed with leading zeros starts with a trunk (020…) or international (0044…)
    -- prefix; the digits after it end the stored number. Short ones ("0022") are a number's end as typed.
    if char_length(digits) >= 8 and left(digits, 1) = '0' then
      digits := ltrim(digits, '0');
    end if;
    if char_length(digits) < 4 then
      digits := null;
    end if;
  end if;

  -- Up to three words, longest first, each of which must appear (in any order) in the name or the
  -- email's local part. The longest needs three characters: that is what a trigram index can look
  -- up. Phone numbers, user ids (hex with a digit) and anything with an @ (the indexed text stops
  -- at the email's @) cannot match.
  if not is_phone_like and not (id_low is not null and q ~ '[0-9]') and position('@' in q) = 0 then
    select array_agg('%' || s.w || '%' order by char_length(s.w) desc, s.ord) into words
    from (
      select t.w, t.ord
      from unnest(string_to_array(like_q, ' ')) with ordinality as t(w, ord)
      where t.w <> ''
      order by char_length(t.w) desc, t.ord
      limit 3
    ) s;
    if char_length(words[1]) < 5 then
      words := null;
    end if;
  end if;

  return query
  with exact as materialized (
    (select p.id as uid, case when id_exact then 0 else 1 end as rank, 'id'::text as how, null::text as phone
     from public.profiles p
     where id_low is not null and p.id between id_low and id_high
     order by p.id
     limit lim)
    union all
    (select n.user_id, 1, 'phone', n.phone_e164
     from public.user_phone_numbers n
     where phone_exact is not null and n.phone_e164 = phone_exact
     limit lim)
    union all
    -- Ordered like the index (~<~), so the scan stops after 50 rows.
    (select p.id, case when lower(p.email) = q then 1 else 3 end, 'email', null
     from public.profiles p
     where position(' ' in q) = 0 and lower(p.email) like like_q || '%'
     order by lower(p.email) using operator(pg_catalog.~<~)
     limit lim)
    union all
    (select n.user_id, 4, 'phone', n.phone_e164
     from public.user_phone_numbers n
     where digits is not null and reverse(n.phone_e164) like reverse(digits) || '%'
     limit lim)
  ),
  -- Fragments rank last: when the look-ups above already fill the page, they are not searched.
  fragment as (
    select p.id as uid, case when lower(p.full_name) like like_q || '%' then 5 else 6 end as rank, 'name'::text as how, null::text as phone
    from public.profiles p
    where words is not null
      and (select count(distinct e.uid) from exact e) < lim
      and lower(coalesce(p.full_name, '') || ' ' || split_part(coalesce(p.email, ''), '@', 1)) like words[1]
      and (cardinality(words) < 2 or lower(coalesce(p.full_name, '') || ' ' || split_part(coalesce(p.email, ''), '@', 1)) like words[2])
      and (cardinality(words) < 3 or lower(coalesce(p.full_name, '') || ' ' || split_part(coalesce(p.email, ''), '@', 1)) like words[3])
    limit lim
  ),
  best as (
    select c.uid, min(c.rank) as rank,
           (array_agg(c.how order by c.rank))[1] as how,
           (array_agg(c.phone order by c.rank) filter (where c.phone is not null))[1] as phone
    from (select * from exact union all select * from fragment) c
    group by c.uid
  )
  select b.uid, p.email, p.full_name, b.how,
         console_private.mask_phone(b.phone),
         console_private.mask_phone(ph.primary_e164),
         coalesce(ph.n, 0)::integer
  from best b
  join public.profiles p on p.id = b.uid
  left join lateral (
    select count(*) as n,
           (array_agg(x.phone_e164 order by x.is_primary desc, x.created_at, x.id))[1] as primary_e164
    from public.user_phone_numbers x
    where x.user_id = b.uid
  ) ph on true
  order by b.rank, lower(coalesce(p.full_name, p.email)), b.uid
  limit lim;
end;
$$;

revoke execute on function console.support_search(text, text, integer) from public, anon;
grant execute on function console.support_search(text, text, integer) to authenticated;

-- One person's profile: only the fields the support page shows.
create or replace function console.support_profile(p_user_id uuid)
returns table (
  user_id uuid,
  email text,
  full_name text,
  created_at timestamptz,
  updated_at timestamptz,
  last_sign_in_at timestamptz
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform console_private.require_role('support');
  return query
    select p.id, p.email, p.full_name, p.created_at, p.updated_at, u.last_sign_in_at
    from public.profiles p
    left join auth.users u on u.id = p.id
    where p.id = p_user_id;
end;
$$;

revoke execute on function console.support_profile(uuid) from public, anon;
grant execute on function console.support_profile(uuid) to authenticated;

-- One person's current numbers, masked; the id is what reveal_phone_number takes.
create or replace function console.support_phone_numbers(p_user_id uuid)
returns table (
  phone_number_id uuid,
  masked text,
  country_code text,
  label text,
  is_primary boolean,
  verified_at timestamptz,
  created_at timestamptz,
  updated_at timestamptz
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform console_private.require_role('support');
  return query
    select n.id, console_private.mask_phone(n.phone_e164), '+' || console_private.phone_country_code(n.phone_e164),
           n.label, n.is_primary, n.verified_at, n.created_at, n.updated_at
    from public.user_phone_numbers n
    where n.user_id = p_user_id
    order by n.is_primary desc, n.created_at, n.id;
end;
$$;

revoke execute on function console.support_phone_numbers(uuid) from public, anon;
grant execute on function console.support_phone_numbers(uuid) to authenticated;

-- The history of one person's numbers, newest first: what changed, who changed it (the person
-- themselves, or another account by email), which module or path it came through, and when.
-- Old and new numbers are masked; `number_changed` says whether the number itself changed, which
-- the masks alone cannot show when two numbers share a country code and last two digits.
create or replace function console.support_phone_history(p_user_id uuid, p_limit integer default 200)
returns table (
  change_id bigint,
  changed_at timestamptz,
  operation text,
  phone_number_id uuid,
  old_masked text,
  new_masked text,
  number_changed boolean,
  old_label text,
  new_label text,
  old_is_primary boolean,
  new_is_primary boolean,
  old_verified_at timestamptz,
  new_verified_at timestamptz,
  changed_by text,
  changed_by_email text,
  source text
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform console_private.require_role('support');
  return query
    select c.id, c.changed_at, c.operation, c.phone_number_id,
           console_private.mask_phone(c.old_phone_e164), console_private.mask_phone(c.new_phone_e164),
           c.operation = 'update' and c.old_phone_e164 is distinct from c.new_phone_e164,
           c.old_label, c.new_label, c.old_is_primary, c.new_is_primary, c.old_verified_at, c.new_verified_at,
           case when c.changed_by is null then 'system'
                when c.changed_by = c.user_id then 'customer'
                else 'account' end,
           case when c.changed_by is not null and c.changed_by <> c.user_id
                then (select u.email::text from auth.users u where u.id = c.changed_by) end,
           c.source
    from public.user_phone_number_changes c
    where c.user_id = p_user_id
    order by c.changed_at desc, c.id desc
    limit least(greatest(coalesce(p_limit, 200), 1), 500);
end;
$$;

revoke execute on function console.support_phone_history(uuid, integer) from public, anon;
grant execute on function console.support_phone_history(uuid, integer) to authenticated;

-- How many reveals the calling agent has left this hour, and when the oldest one leaves the window.
create or replace function console.support_reveal_quota()
returns table (reveals_per_hour integer, used integer, resets_at timestamptz)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform console_private.require_role('support');
  return query
    select s.reveals_per_hour, count(a.id)::integer, min(a.occurred_at) + interval '1 hour'
    from console_private.support_settings s
    left join console.audit_log a
      on a.actor_id = (select auth.uid()) and a.action = 'support.reveal' and a.outcome = 'ok'
     and a.occurred_at > now() - interval '1 hour'
    group by s.reveals_per_hour;
end;
$$;

revoke execute on function console.support_reveal_quota() from public, anon;
grant execute on function console.support_reveal_quota() to authenticated;

-- Reveals one full number to a support agent, for the reason they give.
--
-- Refusals of a console member (no support role, no or a vague reason, the hourly cap reached, an
-- unknown number) are *returned*, not raised: an exception would roll back its own audit row, and
-- every refusal must stay in the log. Callers who are not console members at all get an error and
-- no audit row; any user of the project can call the API, and they must not be able to fill the
-- audit log. A session that has ended is an error too, as everywhere in the console.
--
-- The audit row names the person and the masked number, never the number itself. Reveals of one
-- agent take turns (advisory lock), so two at once cannot both pass the cap.
create or replace function console.reveal_phone_number(p_phone_number_id uuid, p_reason text)
returns table (
  revealed boolean,
  phone_e164 text,
  refusal text,
  message text,
  reveals_left integer,
  resets_at timestamptz
)
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  cap integer;
  used integer;
  oldest timestamptz;
  target_user uuid;
  target_email text;
  target_e164 text;
  target_label text;
  problem text;
  audit_details jsonb;
begin
  if not console_private.session_is_active() then
    raise exception 'the session has ended' using errcode = '28000', hint = 'Sign in again.';
  end if;
  if caller is null or not exists (select 1 from console.member_roles m where m.user_id = caller) then
    raise exception 'permission denied: the support role is required'
      using errcode = '42501', hint = 'Ask a console admin for access.';
  end if;

  perform pg_advisory_xact_lock(hashtextextended('console.reveal_phone_number:' || caller::text, 0));

  select n.user_id, n.phone_e164, n.label, p.email
    into target_user, target_e164, target_label, target_email
  from public.user_phone_numbers n
  left join public.profiles p on p.id = n.user_id
  where n.id = p_phone_number_id;

  select s.reveals_per_hour into cap from console_private.support_settings s;
  select count(*)::integer, min(a.occurred_at) into used, oldest
  from console.audit_log a
  where a.actor_id = caller and a.action = 'support.reveal' and a.outcome = 'ok'
    and a.occurred_at > now() - interval '1 hour';

  audit_details := jsonb_build_object('phone_number_id', p_phone_number_id, 'user_id', target_user);

  if not console.has_role('support') then
    problem := 'role';
    message := 'Only support agents can reveal phone numbers.';
  elsif target_e164 is null then
    problem := 'unknown_number';
    message := 'This phone number no longer exists. Reload the page to see the person''s current numbers.';
  else
    problem := console_private.reveal_reason_problem(p_reason);
    message := case problem
      when 'missing' then 'Give a reason: a ticket id (e.g. SUP-1234) or a sentence saying why you need the full number.'
      when 'too_long' then 'Keep the reason under 500 characters.'
      when 'too_vague' then 'Say why in a few words (e.g. "customer asked to confirm the number on file") or give the ticket id.'
    end;
    if problem is null and used >= cap then
      problem := 'limit_reached';
      message := format('You have revealed %s numbers in the last hour, the limit for one agent. You can reveal another at %s UTC.',
                        used, to_char((oldest + interval '1 hour') at time zone 'UTC', 'HH24:MI'));
    end if;
  end if;

  if problem is not null then
    perform console_private.write_audit(caller, 'support.reveal', target_email, 'refused',
      audit_details || jsonb_build_object(
        'refusal', problem,
        'masked', console_private.mask_phone(target_e164),
        'reason', case when problem in ('role', 'missing') then null
                       else left(console_private.redact_reason(p_reason, target_e164), 500) end,
        'reveals_per_hour', cap));
    return query select false, null::text, problem, message, greatest(cap - used, 0), oldest + interval '1 hour';
    return;
  end if;

  perform console_private.write_audit(caller, 'support.reveal', target_email, 'ok',
    audit_details || jsonb_build_object(
      'masked', console_private.mask_phone(target_e164),
      'label', target_label,
      'reason', console_private.redact_reason(p_reason, target_e164),
      'reveal_in_hour', used + 1,
      'reveals_per_hour', cap));
  return query select true, target_e164, null::text, null::text, cap - used - 1,
                      coalesce(oldest, now()) + interval '1 hour';
end;
$$;

revoke execute on function console.reveal_phone_number(uuid, text) from public, anon;
grant execute on function console.reveal_phone_number(uuid, text) to authenticated;
