-- module: console
-- Support look-ups that are not an oracle, and an audit log that holds no phone number.
--
-- 1. `console.support_search` matched any 4+ trailing digits of a number while the masks show the
--    country code and the last two: extending the suffix one digit at a time recovered whole numbers
--    with no reveal, reason, cap or audit row. A phone now matches only as a whole number (E.164,
--    normalised by the console with the agent's region) and never narrows a search by name or
--    email. Every search is an audited look-up (the query stored masked) within an hourly budget per
--    agent, like reveals.
-- 2. Only the revealed number was removed from a reveal reason; any other number typed into it was
--    kept forever. `console_private.write_audit` now scrubs every phone-like run of digits (7 or
--    more digits in any format) from the target and every free-text value of the details before the
--    row is written, and the rows written before this file are scrubbed once, below.
--
-- Idempotent, like the rest of the console schema.

-- ---- Scrubbing phone numbers out of free text ----

-- Text with every phone-like run replaced by "[number removed]": 7 or more digits, ASCII or the
-- common non-ASCII digit sets (fullwidth, Arabic-Indic, Devanagari), separated by at most three of
-- space, no-break space, brackets, dots, dashes (any Unicode dash), slashes or underscores, with an
-- optional leading + or bracket. Seven is the shortest national number most countries use; ticket
-- ids of 7+ digits are scrubbed too (the reason form says so). UUIDs and hex digests of 32+
-- characters are set aside first, so that ids quoted in a text keep their digits; so are migration
-- file names (`<version>_<name>.sql`) when `p_keep_file_names` says the text is about pushes.
create or replace function console_private.scrub_phone_numbers(p_text text, p_keep_file_names boolean default false)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  kept text[] := '{}';
  token text;
  result text := p_text;
  i integer;
begin
  if p_text is null or p_text !~ '[0-9\uff10-\uff19\u0660-\u0669\u06f0-\u06f9\u0966-\u096f]' then
    return p_text;
  end if;
  -- Ids first: each becomes a private-use character (no digit in it), restored afterwards.
  for token in
    select distinct m[1]
    from regexp_matches(p_text, '([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32,})', 'g') as m
    union
    select distinct m[1]
    from regexp_matches(p_text, '(?:^|[^0-9])([0-9]{1,20}_[A-Za-z0-9_.-]*\.sql)', 'g') as m
    where p_keep_file_names
    order by 1 desc
  loop
    kept := kept || token;
    result := replace(result, token, chr(57344 + cardinality(kept)));
  end loop;
  result := regexp_replace(
    result,
    '[+(\uff0b]?[0-9\uff10-\uff19\u0660-\u0669\u06f0-\u06f9\u0966-\u096f]'
      '(?:[ ().\-/_\u00a0\u2010-\u2015\u2212\uff08\uff09]{0,3}[0-9\uff10-\uff19\u0660-\u0669\u06f0-\u06f9\u0966-\u096f]){6,}',
    '[number removed]',
    'g');
  for i in 1 .. cardinality(kept) loop
    result := replace(result, chr(57344 + i), kept[i]);
  end loop;
  return result;
end;
$$;

-- The details of an audit row with every free-text string scrubbed. Values the console itself
-- generates keep their digits, but only under their own key and in their own shape (an id under an
-- "…id" key is a uuid or an integer, a version is all digits, a hash is hex, a time is a timestamp,
-- a migration file name starts with its version): anything else under those keys is scrubbed too.
create or replace function console_private.scrub_phone_numbers_in(p_value jsonb, p_key text default null, p_keep_file_names boolean default false)
returns jsonb
language plpgsql
immutable
set search_path = ''
as $$
declare
  result jsonb;
  value text;
begin
  case jsonb_typeof(p_value)
    when 'object' then
      select coalesce(jsonb_object_agg(e.key, console_private.scrub_phone_numbers_in(e.value, e.key, p_keep_file_names)), '{}'::jsonb)
        into result
      from jsonb_each(p_value) as e;
      return result;
    when 'array' then
      select coalesce(jsonb_agg(console_private.scrub_phone_numbers_in(e.value, p_key, p_keep_file_names) order by e.ordinality), '[]'::jsonb)
        into result
      from jsonb_array_elements(p_value) with ordinality as e(value, ordinality);
      return result;
    when 'string' then
      value := p_value #>> '{}';
      if (p_key ~ '(^|_)ids?$' and value ~* '^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9]{1,19})$')
         or (p_key ~ '(^|_)versions?$' and value ~ '^[0-9]{1,20}$')
         or (p_key ~ '(^|_)(hash|sha256)$' and value ~* '^[0-9a-f]{16,128}$')
         or (p_key ~ '(^|_)at$' and value ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?)?$') then
        return p_value;
      end if;
      if p_key ~ '(^|_)(file_name|files)$' and value ~ '^[0-9]{1,20}_' then
        return to_jsonb(substring(value from '^[0-9]+_') || console_private.scrub_phone_numbers(substring(value from '^[0-9]+_(.*)$')));
      end if;
      return to_jsonb(console_private.scrub_phone_numbers(value, p_keep_file_names));
    else
      -- Numbers, booleans and null are written by the console's own functions, never typed by people.
      return p_value;
  end case;
end;
$$;

-- The target of an audit row: "push:<uuid>", "action:<name>", a path or an email. Scrubbed like any
-- free text (ids are set aside by scrub_phone_numbers itself). The texts of push rows name
-- migration files by their versions, which keep their digits there.
create or replace function console_private.write_audit(
  p_actor_id uuid,
  p_action text,
  p_target text,
  p_outcome text,
  p_details jsonb default '{}',
  p_request_id text default null
)
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  new_id bigint;
begin
  insert into console.audit_log (actor_id, actor_email, actor_roles, action, target, outcome, request_id, details)
  values (
    p_actor_id,
    (select u.email from auth.users u where u.id = p_actor_id),
    coalesce((select array_agg(m.role::text order by m.role) from console.member_roles m where m.user_id = p_actor_id), '{}'),
    p_action,
    console_private.scrub_phone_numbers(p_target),
    p_outcome,
    coalesce(p_request_id, console_private.request_id()),
    console_private.scrub_phone_numbers_in(coalesce(p_details, '{}'), null, p_action like 'push.%')
  )
  returning id into new_id;
  return new_id;
end;
$$;

-- Rows written before this file may hold numbers typed into reasons. They are scrubbed once, the
-- only change ever made to existing audit rows, with the append-only trigger lifted inside the
-- caller's transaction (nobody else can write the table meanwhile: ALTER TABLE holds an exclusive
-- lock until commit). The scrub itself is recorded. Returns how many rows changed; a second call
-- finds nothing to change. Only the table's owner can run it (it is not security definer).
create or replace function console_private.scrub_audit_numbers()
returns integer
language plpgsql
set search_path = ''
as $$
declare
  changed integer;
begin
  alter table console.audit_log disable trigger audit_log_no_update_or_delete;
  with scrubbed as (
    select a.id,
           console_private.scrub_phone_numbers(a.target) as target,
           console_private.scrub_phone_numbers_in(a.details, null, a.action like 'push.%') as details
    from console.audit_log a
    -- Rows without a digit cannot change; they are not rewritten.
    where a.details::text ~ '[0-9\uff10-\uff19\u0660-\u0669\u06f0-\u06f9\u0966-\u096f]' or a.target ~ '[0-9]'
  ),
  updated as (
    update console.audit_log a
    set target = s.target, details = s.details
    from scrubbed s
    where a.id = s.id and (a.target is distinct from s.target or a.details is distinct from s.details)
    returning a.id
  )
  select count(*)::integer into changed from updated;
  alter table console.audit_log enable trigger audit_log_no_update_or_delete;
  if changed > 0 then
    perform console_private.write_audit(null, 'audit.scrub_numbers', 'console.audit_log', 'ok',
      jsonb_build_object('rows', changed, 'why', 'phone numbers typed into free text are removed from the audit log'));
  end if;
  return changed;
end;
$$;

select console_private.scrub_audit_numbers();

-- ---- The search budget ----

alter table console_private.support_settings
  add column if not exists searches_per_hour integer not null default 60;

do $$
begin
  if not exists (select 1 from pg_constraint where conname = 'support_settings_searches_per_hour') then
    alter table console_private.support_settings
      add constraint support_settings_searches_per_hour check (searches_per_hour between 1 and 100000);
  end if;
end
$$;

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
      (select auth.uid()), 'support.settings_change', 'reveals_per_hour', 'ok',
      jsonb_build_object('before', old.reveals_per_hour, 'after', new.reveals_per_hour, 'database_user', session_user));
  end if;
  if new.searches_per_hour is distinct from old.searches_per_hour then
    perform console_private.write_audit(
      (select auth.uid()), 'support.settings_change', 'searches_per_hour', 'ok',
      jsonb_build_object('before', old.searches_per_hour, 'after', new.searches_per_hour, 'database_user', session_user));
  end if;
  return new;
end;
$$;

-- The budget check reads an agent's searches of the last hour.
create index if not exists audit_log_support_search_idx
  on console.audit_log (actor_id, occurred_at desc)
  where action = 'support.search' and outcome = 'ok';

-- Trailing digits are no longer a way in: the index that served them goes.
drop index if exists public.user_phone_numbers_reverse_e164_idx;

revoke execute on all functions in schema console_private from public, anon, authenticated, service_role;

-- ---- The search ----

-- The old function returned rows; the new one returns one JSON answer (hits, or why none were
-- looked for, and the budget left), so its signature changes.
drop function if exists console.support_search(text, text, integer);

-- Finds people by user id (or its first 8+ hex digits), whole phone number, email or a fragment of
-- name or email, and records the look-up. `p_phone_e164` is the query normalised to E.164 by the
-- console (libphonenumber, with the agent's region): a phone matches only when the whole number is
-- equal. A query written like a phone number that the console could not read as a whole number
-- matches nothing, and a phone search never looks at names or emails, so no answer depends on part
-- of a number. Numbers come back masked.
--
-- Each search is an audit row ('support.search', the query masked, the ids found) and counts against
-- the agent's hourly budget (`support_settings.searches_per_hour`); a search over budget is refused,
-- audited, and reads nothing. A refusal is returned, not raised, so that its audit row stays.
-- Searches of one agent take turns (advisory lock), so a burst cannot pass the budget.
--
-- Planner settings, scoped to this function:
--   plan_cache_mode   the query is planned for each call with the actual values, so every branch
--                     that does not apply is pruned and every LIKE pattern is a constant the planner
--                     turns into an index range (a generic plan would scan).
--   enable_seqscan    LIKE '%…%' selectivity is a guess (1 % for most patterns); with LIMIT 50 the
--                     planner then prefers reading the table until 50 rows match, which on a million
--                     profiles takes 100+ ms for a rare fragment. The trigram index answers in a few
--                     ms whatever the pattern, and every other branch is an index look-up anyway.
create function console.support_search(p_query text, p_phone_e164 text default null, p_limit integer default 20)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
set plan_cache_mode = force_custom_plan
set enable_seqscan = off
as $$
declare
  caller uuid := (select auth.uid());
  q text := lower(btrim(regexp_replace(coalesce(p_query, ''), '\s+', ' ', 'g')));
  like_q text;
  hex text;
  id_low uuid;
  id_high uuid;
  id_exact boolean := false;
  phone_exact text;
  is_phone_like boolean;
  words text[];
  lim integer := least(greatest(coalesce(p_limit, 20), 1), 50);
  budget integer;
  used integer;
  oldest timestamptz;
  kind text;
  masked_query text;
  hits jsonb;
begin
  perform console_private.require_role('support');
  if char_length(q) < 2 or char_length(q) > 200 then
    return jsonb_build_object('hits', '[]'::jsonb, 'refusal', 'too_short', 'message', 'Type at least two characters.');
  end if;

  -- The normalised number counts only for a query written like a number: a name or an email with
  -- a number beside it is searched as the name or email alone.
  is_phone_like := q ~ '^[+0-9 ().\-/]+$';
  if is_phone_like and p_phone_e164 ~ '^\+[1-9][0-9]{6,14}$' then
    phone_exact := p_phone_e164;
  end if;

  -- A user id or its start (8+ hex digits, dashes allowed), also when it is all digits (and so
  -- perhaps a whole number as well): ids are not phone numbers, so looking them up tells nothing
  -- about a number.
  hex := replace(q, '-', '');
  if q ~ '^[0-9a-f-]+$' and hex ~ '^[0-9a-f]{8,32}$' then
    id_low := rpad(hex, 32, '0')::uuid;
    id_high := rpad(hex, 32, 'f')::uuid;
    id_exact := char_length(hex) = 32;
  end if;

  kind := case when phone_exact is not null then 'phone'
               when id_low is not null then 'id'
               when is_phone_like then 'partial_phone'
               else 'text' end;
  masked_query := case
    when kind = 'phone' then console_private.mask_phone(phone_exact)
    -- Digits that might be part of a number are never kept, even for an id prefix.
    when is_phone_like then regexp_replace(q, '[0-9]', '•', 'g')
    else q end;

  perform pg_advisory_xact_lock(hashtextextended('console.support_search:' || caller::text, 0));
  select s.searches_per_hour into budget from console_private.support_settings s;
  select count(*)::integer, min(a.occurred_at) into used, oldest
  from console.audit_log a
  where a.actor_id = caller and a.action = 'support.search' and a.outcome = 'ok'
    and a.occurred_at > now() - interval '1 hour';

  if used >= budget then
    perform console_private.write_audit(caller, 'support.search', null, 'refused', jsonb_build_object(
      'refusal', 'limit_reached', 'kind', kind, 'query', masked_query, 'searches_per_hour', budget));
    return jsonb_build_object(
      'hits', '[]'::jsonb,
      'refusal', 'limit_reached',
      'message', format('You have searched %s times in the last hour, the limit for one agent. You can search again at %s UTC.',
                        used, to_char((oldest + interval '1 hour') at time zone 'UTC', 'HH24:MI')),
      'searches_left', 0,
      'searches_per_hour', budget,
      'resets_at', oldest + interval '1 hour');
  end if;

  -- LIKE patterns are built from the query: its own %, _ and \ match literally.
  like_q := replace(replace(replace(q, '\', '\\'), '%', '\%'), '_', '\_');

  -- Up to three words, longest first, each of which must appear (in any order) in the name or the
  -- email's local part. The longest needs three characters: that is what a trigram index can look
  -- up. User ids (hex with a digit) and anything with an @ (the indexed text stops at the email's @)
  -- cannot match.
  if kind = 'text' or (kind = 'id' and q !~ '[0-9]') then
    if position('@' in q) = 0 then
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
  end if;

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
     where kind in ('text', 'id') and not is_phone_like and position(' ' in q) = 0 and lower(p.email) like like_q || '%'
     order by lower(p.email) using operator(pg_catalog.~<~)
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
  ),
  found as (
    select b.uid, b.rank, p.email, p.full_name, b.how, b.phone, ph.primary_e164, coalesce(ph.n, 0)::integer as phone_count
    from best b
    join public.profiles p on p.id = b.uid
    left join lateral (
      select count(*) as n,
             (array_agg(x.phone_e164 order by x.is_primary desc, x.created_at, x.id))[1] as primary_e164
      from public.user_phone_numbers x
      where x.user_id = b.uid
    ) ph on true
    order by b.rank, lower(coalesce(p.full_name, p.email)), b.uid
    limit lim
  )
  select coalesce(jsonb_agg(jsonb_build_object(
           'user_id', f.uid,
           'email', f.email,
           'full_name', f.full_name,
           'matched_on', f.how,
           'matched_phone_masked', console_private.mask_phone(f.phone),
           'primary_phone_masked', console_private.mask_phone(f.primary_e164),
           'phone_count', f.phone_count)
         order by f.rank, lower(coalesce(f.full_name, f.email)), f.uid), '[]'::jsonb)
    into hits
  from found f;

  perform console_private.write_audit(caller, 'support.search', null, 'ok', jsonb_build_object(
    'kind', kind,
    'query', masked_query,
    'results', jsonb_array_length(hits),
    'user_ids', (select coalesce(jsonb_agg(h -> 'user_id'), '[]'::jsonb) from jsonb_array_elements(hits) as h),
    'search_in_hour', used + 1,
    'searches_per_hour', budget));

  return jsonb_build_object(
    'hits', hits,
    'refusal', case when kind = 'partial_phone' then 'partial_phone' end,
    'message', case when kind = 'partial_phone'
                    then 'Phone numbers are found only by the whole number, with its area code. Part of a number finds nobody.' end,
    'searches_left', budget - used - 1,
    'searches_per_hour', budget,
    'resets_at', coalesce(oldest, now()) + interval '1 hour');
end;
$$;

revoke execute on function console.support_search(text, text, integer) from public, anon;
grant execute on function console.support_search(text, text, integer) to authenticated;

-- How many searches the calling agent has left this hour, and when the oldest one leaves the window.
create or replace function console.support_search_quota()
returns table (searches_per_hour integer, used integer, resets_at timestamptz)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform console_private.require_role('support');
  return query
    select s.searches_per_hour, count(a.id)::integer, min(a.occurred_at) + interval '1 hour'
    from console_private.support_settings s
    left join console.audit_log a
      on a.actor_id = (select auth.uid()) and a.action = 'support.search' and a.outcome = 'ok'
     and a.occurred_at > now() - interval '1 hour'
    group by s.searches_per_hour;
end;
$$;

revoke execute on function console.support_search_quota() from public, anon;
grant execute on function console.support_search_quota() to authenticated;

-- The reveal: the limit's message now agrees with the limit (at most 500 characters), and the
-- reason reaches the log through write_audit's scrub (every number, not only the revealed one).
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
      when 'too_long' then 'Keep the reason to 500 characters or fewer.'
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
