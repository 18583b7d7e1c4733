-- module: console
-- The Migration Console's own schema: members and their roles, the append-only audit log, and the
-- functions the console calls through the API. Rules live here, not only in the app: every
-- function that reads or changes console data checks the caller's role itself.
-- `console` is exposed through the API (supabase/config.toml); `console_private` is not, and holds
-- helpers that must never be callable over HTTP.

create schema if not exists console;
create schema if not exists console_private;

revoke all on schema console from public;
revoke all on schema console_private from public;
grant usage on schema console to authenticated, service_role;
-- Functions are executable by PUBLIC by default; here each one grants only the roles it serves.
alter default privileges in schema console revoke execute on functions from public;
alter default privileges in schema console_private revoke execute on functions from public;

do $$
begin
  if not exists (select 1 from pg_type where typname = 'member_role' and typnamespace = 'console'::regnamespace) then
    create type console.member_role as enum ('operator', 'admin', 'support');
  end if;
end
$$;

create table if not exists console.member_roles (
  user_id uuid not null references auth.users (id) on delete cascade,
  role console.member_role not null,
  granted_by uuid references auth.users (id) on delete set null,
  granted_at timestamptz not null default now(),
  primary key (user_id, role)
);

alter table console.member_roles enable row level security;
revoke all on console.member_roles from anon, authenticated, service_role;
grant select on console.member_roles to authenticated;

-- A person may read their own roles; every other read and every write goes through functions.
drop policy if exists "member_roles_select_own" on console.member_roles;
create policy "member_roles_select_own" on console.member_roles
  for select to authenticated
  using ((select auth.uid()) = user_id);

create table if not exists console.audit_log (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default clock_timestamp(),
  -- No foreign key: the record outlives the person.
  actor_id uuid,
  actor_email text,
  actor_roles text[] not null default '{}',
  action text not null,
  target text,
  outcome text not null constraint audit_log_outcome check (outcome in ('ok', 'refused', 'failed')),
  request_id text,
  details jsonb not null default '{}'
);

create index if not exists audit_log_occurred_at_idx on console.audit_log (occurred_at desc, id desc);
create index if not exists audit_log_actor_idx on console.audit_log (actor_id, id desc);
create index if not exists audit_log_action_idx on console.audit_log (action, id desc);

alter table console.audit_log enable row level security;
alter table console.audit_log force row level security;
revoke all on console.audit_log from anon, authenticated, service_role;

-- Append-only for every role, owners included: the triggers fire even where RLS and grants do not apply.
create or replace function console_private.refuse_audit_change()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception 'the audit log is append-only: % is not allowed', lower(tg_op)
    using errcode = '42501';
end;
$$;

drop trigger if exists audit_log_no_update_or_delete on console.audit_log;
create trigger audit_log_no_update_or_delete
  before update or delete on console.audit_log
  for each row execute function console_private.refuse_audit_change();

drop trigger if exists audit_log_no_truncate on console.audit_log;
create trigger audit_log_no_truncate
  before truncate on console.audit_log
  for each statement execute function console_private.refuse_audit_change();

-- True when the caller holds the role. Admins hold every operator right as well.
create or replace function console.has_role(required console.member_role)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from console.member_roles m
    where m.user_id = (select auth.uid())
      and (m.role = required or (required = 'operator' and m.role = 'admin'))
  );
$$;

revoke execute on function console.has_role(console.member_role) from public, anon;
grant execute on function console.has_role(console.member_role) to authenticated, service_role;

-- The request id the app sends as a header; PostgREST hands headers to SQL as JSON.
create or replace function console_private.request_id()
returns text
language sql
stable
set search_path = ''
as $$
  select nullif(current_setting('request.headers', true), '')::json ->> 'x-request-id';
$$;

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
    p_target,
    p_outcome,
    coalesce(p_request_id, console_private.request_id()),
    coalesce(p_details, '{}')
  )
  returning id into new_id;
  return new_id;
end;
$$;

revoke execute on all functions in schema console_private from public, anon, authenticated, service_role;

-- Lets the app's server (service role only) record what it decided outside SQL: console sign-ins,
-- refusals by the app's role gate. The actor comes from the verified session on the server.
create or replace function console.record_audit(
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
begin
  if (select auth.role()) is distinct from 'service_role' then
    raise exception 'only the console server may record audit entries' using errcode = '42501';
  end if;
  if p_action is null or p_action !~ '^[a-z][a-z0-9_.]{1,63}$' then
    raise exception 'invalid audit action: %', p_action using errcode = '22023';
  end if;
  return console_private.write_audit(p_actor_id, p_action, p_target, p_outcome, p_details, p_request_id);
end;
$$;

revoke execute on function console.record_audit(uuid, text, text, text, jsonb, text) from public, anon, authenticated;
grant execute on function console.record_audit(uuid, text, text, text, jsonb, text) to service_role;

-- False when the caller's JWT names a session that has ended (signed out, or its refresh token
-- reused). Access tokens stay valid until they expire; the console must not, so every role check
-- asks this first.
create or replace function console_private.session_is_active()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select (select auth.jwt() ->> 'session_id') is null
      or exists (select 1 from auth.sessions s where s.id = ((select auth.jwt() ->> 'session_id'))::uuid);
$$;

revoke execute on function console_private.session_is_active() from public, anon, authenticated, service_role;

-- The caller's own roles; an empty array for a person who is not a member.
create or replace function console.my_roles()
returns text[]
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not console_private.session_is_active() then
    raise exception 'the session has ended' using errcode = '28000', hint = 'Sign in again.';
  end if;
  return (
    select coalesce(array_agg(m.role::text order by m.role), '{}')
    from console.member_roles m
    where m.user_id = (select auth.uid())
  );
end;
$$;

revoke execute on function console.my_roles() from public, anon;
grant execute on function console.my_roles() to authenticated;

create or replace function console_private.require_role(required console.member_role)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not console_private.session_is_active() then
    raise exception 'the session has ended' using errcode = '28000', hint = 'Sign in again.';
  end if;
  if (select auth.uid()) is null or not console.has_role(required) then
    raise exception 'permission denied: the % role is required', required
      using errcode = '42501', hint = 'Ask a console admin for access.';
  end if;
end;
$$;

revoke execute on function console_private.require_role(console.member_role) from public, anon, authenticated, service_role;

create or replace function console.list_members()
returns table (user_id uuid, email text, full_name text, roles text[], granted_at timestamptz, last_sign_in_at timestamptz)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform console_private.require_role('admin');
  return query
    select m.user_id, u.email::text, p.full_name,
           array_agg(m.role::text order by m.role),
           min(m.granted_at), u.last_sign_in_at
    from console.member_roles m
    join auth.users u on u.id = m.user_id
    left join public.profiles p on p.id = m.user_id
    group by m.user_id, u.email, p.full_name, u.last_sign_in_at
    order by lower(u.email);
end;
$$;

revoke execute on function console.list_members() from public, anon;
grant execute on function console.list_members() to authenticated;

-- Sets the exact roles of an existing user (found by email). An empty list removes the member.
-- The console always keeps at least one admin; the lock makes two admins demoting each other at
-- the same moment take turns, so the check cannot pass for both.
create or replace function console.set_member_roles(p_email text, p_roles console.member_role[])
returns text[]
language plpgsql
security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  target_id uuid;
  target_email text;
  before_roles text[];
  after_roles text[];
  requested console.member_role[] := coalesce(p_roles, '{}');
begin
  perform console_private.require_role('admin');
  perform pg_advisory_xact_lock(hashtext('console.member_roles'));

  select u.id, u.email into target_id, target_email
  from auth.users u
  where lower(u.email) = lower(trim(p_email)) and u.deleted_at is null;
  if target_id is null then
    raise exception 'no user with the email %', trim(p_email)
      using errcode = 'P0001', hint = 'The person must have signed up to the project before they can be added.';
  end if;

  select coalesce(array_agg(m.role::text order by m.role), '{}') into before_roles
  from console.member_roles m where m.user_id = target_id;

  if 'admin' = any(before_roles) and not ('admin' = any(requested))
     and not exists (select 1 from console.member_roles m where m.role = 'admin' and m.user_id <> target_id) then
    raise exception 'the last admin cannot lose the admin role'
      using errcode = 'P0001', hint = 'Make another member an admin first.';
  end if;

  delete from console.member_roles m where m.user_id = target_id and not (m.role = any(requested));
  insert into console.member_roles (user_id, role, granted_by)
  select target_id, r, caller from unnest(requested) as r
  on conflict (user_id, role) do nothing;

  select coalesce(array_agg(m.role::text order by m.role), '{}') into after_roles
  from console.member_roles m where m.user_id = target_id;

  if after_roles is distinct from before_roles then
    perform console_private.write_audit(
      caller,
      case when cardinality(after_roles) = 0 then 'members.remove'
           when cardinality(before_roles) = 0 then 'members.add'
           else 'members.change_roles' end,
      target_email,
      'ok',
      jsonb_build_object('user_id', target_id, 'before', to_jsonb(before_roles), 'after', to_jsonb(after_roles))
    );
  end if;
  return after_roles;
end;
$$;

revoke execute on function console.set_member_roles(text, console.member_role[]) from public, anon;
grant execute on function console.set_member_roles(text, console.member_role[]) to authenticated;

-- Audit entries newest first, filtered, paged by id (keyset: stable while new rows arrive).
create or replace function console.list_audit(
  p_actor text default null,
  p_action text default null,
  p_outcome text default null,
  p_from timestamptz default null,
  p_to timestamptz default null,
  p_before_id bigint default null,
  p_limit integer default 50
)
returns table (
  id bigint, occurred_at timestamptz, actor_id uuid, actor_email text, actor_roles text[],
  action text, target text, outcome text, request_id text, details jsonb
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform console_private.require_role('admin');
  return query
    select a.id, a.occurred_at, a.actor_id, a.actor_email, a.actor_roles,
           a.action, a.target, a.outcome, a.request_id, a.details
    from console.audit_log a
    where (p_actor is null or a.actor_email ilike '%' || p_actor || '%' or a.actor_id::text = p_actor)
      and (p_action is null or a.action like p_action || '%')
      and (p_outcome is null or a.outcome = p_outcome)
      and (p_from is null or a.occurred_at >= p_from)
      and (p_to is null or a.occurred_at < p_to)
      and (p_before_id is null or a.id < p_before_id)
    order by a.id desc
    limit least(greatest(coalesce(p_limit, 50), 1), 200);
end;
$$;

revoke execute on function console.list_audit(text, text, text, timestamptz, timestamptz, bigint, integer) from public, anon;
grant execute on function console.list_audit(text, text, text, timestamptz, timestamptz, bigint, integer) to authenticated;
