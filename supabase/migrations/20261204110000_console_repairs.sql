-- module: console
-- Repairs of the migration history from the console, what `supabase migration repair` does, with
-- the two-person rule: one admin requests recording a version as applied (a file already run by
-- other means: the row gets the file's name and statements, as the CLI's repair writes them) or
-- as reverted (the history row is deleted; the file, if any, becomes pending again), with a reason;
-- another admin approves, and the approval writes the history in the same transaction. Refused
-- while a push runs (the push lock), audited at every step.
--
-- Nobody writes these tables directly (RLS on, no grants); the functions below are the only way.
-- Idempotent, like the rest of the console schema.

create table if not exists console.repair_requests (
  id uuid primary key default gen_random_uuid(),
  kind text not null constraint repair_requests_kind check (kind in ('applied', 'reverted')),
  version text not null constraint repair_requests_version check (version ~ '^[0-9]+$'),
  name text,
  -- For 'applied': exactly what the history row will hold (the file's statements, split as the CLI splits).
  statements text[],
  file_name text,
  file_sha256 text constraint repair_requests_sha256 check (file_sha256 is null or file_sha256 ~ '^[0-9a-f]{64}$'),
  reason text not null constraint repair_requests_reason check (char_length(btrim(reason)) between 3 and 2000),
  state text not null default 'requested'
    constraint repair_requests_state check (state in ('requested', 'done', 'rejected', 'cancelled')),
  requested_by uuid not null,
  requested_by_email text,
  requested_at timestamptz not null default now(),
  decided_by uuid,
  decided_by_email text,
  decided_at timestamptz,
  decision_note text,
  constraint repair_requests_applied_has_statements check (kind <> 'applied' or statements is not null)
);

create index if not exists repair_requests_requested_at_idx on console.repair_requests (requested_at desc, id desc);
-- One open repair per version.
create unique index if not exists repair_requests_one_open_idx on console.repair_requests (version) where state = 'requested';

alter table console.repair_requests enable row level security;
revoke all on console.repair_requests from anon, authenticated, service_role;

create or replace function console_private.repair_refusal(p_request uuid, p_code text, p_message text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform console_private.write_audit((select auth.uid()), 'migration.repair', 'repair:' || coalesce(p_request::text, 'new'), 'refused',
    jsonb_build_object('code', p_code, 'reason', p_message));
  return jsonb_build_object('ok', false, 'code', p_code, 'message', p_message);
end;
$$;

revoke execute on all functions in schema console_private from public, anon, authenticated, service_role;

-- An admin asks for a repair. For 'applied' the console's server sends the file's name, statements
-- and SHA-256 as it read them; for 'reverted' only the version (which must be recorded).
create or replace function console.request_repair(
  p_kind text,
  p_version text,
  p_name text default null,
  p_statements text[] default null,
  p_file_name text default null,
  p_file_sha256 text default null,
  p_reason text default null
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  recorded boolean := false;
  new_id uuid;
begin
  perform console_private.require_active_session();
  if caller is null or not console.has_role('admin') then
    return console_private.repair_refusal(null, 'forbidden', 'only an admin may request a repair of the migration history');
  end if;
  if p_kind is null or p_kind not in ('applied', 'reverted') then
    return console_private.repair_refusal(null, 'invalid', 'the repair is either applied or reverted');
  end if;
  if p_version is null or p_version !~ '^[0-9]+$' then
    return console_private.repair_refusal(null, 'invalid', 'the version must be digits');
  end if;
  if char_length(btrim(coalesce(p_reason, ''))) < 3 or char_length(p_reason) > 2000 then
    return console_private.repair_refusal(null, 'invalid', 'give a reason (3 to 2,000 characters): why the history must change');
  end if;
  if to_regclass('supabase_migrations.schema_migrations') is not null then
    execute 'select exists (select 1 from supabase_migrations.schema_migrations where version = $1)' into recorded using p_version;
  end if;
  if p_kind = 'reverted' and not recorded then
    return console_private.repair_refusal(null, 'not_recorded', format('version %s is not in the migration history; there is nothing to revert', p_version));
  end if;
  if p_kind = 'applied' and (p_statements is null or p_file_name is null or p_file_sha256 is null or p_file_sha256 !~ '^[0-9a-f]{64}$'
                             or p_file_name <> p_version || '_' || coalesce(p_name, '') || '.sql') then
    return console_private.repair_refusal(null, 'invalid', 'recording a version as applied needs its file: name, statements and SHA-256');
  end if;
  if exists (select 1 from console.repair_requests r where r.version = p_version and r.state = 'requested') then
    return console_private.repair_refusal(null, 'duplicate_request',
      format('a repair of version %s is already waiting for approval (repair %s)', p_version,
             (select r.id from console.repair_requests r where r.version = p_version and r.state = 'requested')));
  end if;

  insert into console.repair_requests (kind, version, name, statements, file_name, file_sha256, reason, requested_by, requested_by_email)
  values (p_kind, p_version, case when p_kind = 'applied' then p_name end, case when p_kind = 'applied' then p_statements end,
          p_file_name, p_file_sha256, btrim(p_reason), caller, console_private.user_email(caller))
  returning id into new_id;
  perform console_private.write_audit(caller, 'migration.repair_request', 'repair:' || new_id, 'ok', jsonb_build_object(
    'kind', p_kind, 'version', p_version, 'file_name', p_file_name, 'sha256', p_file_sha256,
    'statements', coalesce(cardinality(p_statements), 0), 'reason', btrim(p_reason)));
  return jsonb_build_object('ok', true, 'id', new_id);
end;
$$;

revoke execute on function console.request_repair(text, text, text, text[], text, text, text) from public, anon;
grant execute on function console.request_repair(text, text, text, text[], text, text, text) to authenticated;

-- Another admin approves, and the history changes at once, as `supabase migration repair` changes
-- it: an upsert of (version, name, statements), or a delete of the version's row. The push lock is
-- taken for this transaction, so a repair and a push never overlap.
create or replace function console.approve_repair(p_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  repair console.repair_requests;
  changed integer := 0;
begin
  perform console_private.require_active_session();
  if caller is null or not console.has_role('admin') then
    return console_private.repair_refusal(p_id, 'forbidden', 'only an admin may approve a repair');
  end if;
  select * into repair from console.repair_requests where id = p_id for update;
  if not found then
    return console_private.repair_refusal(p_id, 'not_found', 'there is no such repair request');
  end if;
  if repair.state <> 'requested' then
    return console_private.repair_refusal(p_id, 'invalid_state', format('the repair is %s; only a requested repair can be approved', repair.state));
  end if;
  if repair.requested_by = caller then
    return console_private.repair_refusal(p_id, 'self_approval', 'you requested this repair; another admin must approve it');
  end if;
  if not pg_catalog.pg_try_advisory_xact_lock(console_private.push_lock_key()) then
    return console_private.repair_refusal(p_id, 'push_in_progress', 'push in progress: the history cannot be repaired while a push runs; approve again when it has finished');
  end if;

  if repair.kind = 'applied' then
    -- The history table as the CLI creates it, when nothing was ever pushed.
    create schema if not exists supabase_migrations;
    create table if not exists supabase_migrations.schema_migrations (version text not null primary key);
    alter table supabase_migrations.schema_migrations add column if not exists statements text[];
    alter table supabase_migrations.schema_migrations add column if not exists name text;
    execute 'insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)
             on conflict (version) do update set name = excluded.name, statements = excluded.statements'
      using repair.version, repair.name, repair.statements;
    changed := 1;
  elsif to_regclass('supabase_migrations.schema_migrations') is not null then
    execute 'delete from supabase_migrations.schema_migrations where version = $1' using repair.version;
    get diagnostics changed = row_count;
  end if;

  update console.repair_requests
  set state = 'done', decided_by = caller, decided_by_email = console_private.user_email(caller), decided_at = now()
  where id = p_id;
  perform console_private.write_audit(caller, 'migration.repair', 'repair:' || p_id, 'ok', jsonb_build_object(
    'kind', repair.kind, 'version', repair.version, 'rows', changed, 'requested_by', repair.requested_by_email));
  return jsonb_build_object('ok', true, 'id', p_id, 'state', 'done', 'rows', changed);
end;
$$;

revoke execute on function console.approve_repair(uuid) from public, anon;
grant execute on function console.approve_repair(uuid) to authenticated;

-- Rejected by another admin, or withdrawn by the requester; both with a note.
create or replace function console.close_repair(p_id uuid, p_note text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  repair console.repair_requests;
  next_state text;
begin
  perform console_private.require_active_session();
  if caller is null or not console.has_role('admin') then
    return console_private.repair_refusal(p_id, 'forbidden', 'only an admin may close a repair');
  end if;
  select * into repair from console.repair_requests where id = p_id for update;
  if not found then
    return console_private.repair_refusal(p_id, 'not_found', 'there is no such repair request');
  end if;
  if repair.state <> 'requested' then
    return console_private.repair_refusal(p_id, 'invalid_state', format('the repair is %s already', repair.state));
  end if;
  next_state := case when repair.requested_by = caller then 'cancelled' else 'rejected' end;
  update console.repair_requests
  set state = next_state, decided_by = caller, decided_by_email = console_private.user_email(caller), decided_at = now(),
      decision_note = nullif(btrim(coalesce(p_note, '')), '')
  where id = p_id;
  perform console_private.write_audit(caller, 'migration.repair_' || case next_state when 'cancelled' then 'cancel' else 'reject' end,
    'repair:' || p_id, 'ok', jsonb_build_object('version', repair.version, 'kind', repair.kind, 'reason', p_note));
  return jsonb_build_object('ok', true, 'id', p_id, 'state', next_state);
end;
$$;

revoke execute on function console.close_repair(uuid, text) from public, anon;
grant execute on function console.close_repair(uuid, text) to authenticated;

-- The repairs, newest first, for operators and admins; what the caller may do with each.
create or replace function console.list_repairs(p_limit integer default 50)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  is_admin boolean;
begin
  perform console_private.require_role('operator');
  is_admin := console.has_role('admin');
  return coalesce((
    select jsonb_agg(jsonb_build_object(
             'id', r.id, 'kind', r.kind, 'version', r.version, 'name', r.name, 'file_name', r.file_name,
             'file_sha256', r.file_sha256, 'statement_count', coalesce(cardinality(r.statements), 0),
             'reason', r.reason, 'state', r.state, 'requested_by_email', r.requested_by_email, 'requested_at', r.requested_at,
             'decided_by_email', r.decided_by_email, 'decided_at', r.decided_at, 'decision_note', r.decision_note,
             'can_approve', is_admin and r.state = 'requested' and r.requested_by <> caller,
             'can_close', is_admin and r.state = 'requested') order by r.requested_at desc, r.id desc)
    from (select * from console.repair_requests order by requested_at desc, id desc limit least(greatest(coalesce(p_limit, 50), 1), 200)) r
  ), '[]'::jsonb);
end;
$$;

revoke execute on function console.list_repairs(integer) from public, anon;
grant execute on function console.list_repairs(integer) to authenticated;
