-- module: console
-- Push gates the database holds itself: a request cannot be made, approved or run while it holds
-- a blocking finding, a destructive file needs its own acknowledgement, a version already applied
-- cannot be requested, one open request per set of files, and a request whose snapshot no longer
-- matches becomes **stale** (its own state, the reasons kept, no approval or run).
--
-- The console's server builds the snapshot from the files (it reads them with PostgreSQL's parser);
-- these functions refuse a snapshot that is inconsistent with itself or with what the database
-- knows (its history), and the engine re-derives everything from the files before a run, so a
-- snapshot forged through the API can only make a request that is refused, never a push.
--
-- Idempotent, like the rest of the console schema.

alter table console.push_requests add column if not exists acknowledge_destructive boolean not null default false;
alter table console.push_requests add column if not exists acknowledge_heavy_lock boolean not null default false;
-- console_private.history_marker() when the request was made: a history that moved since makes it stale.
alter table console.push_requests add column if not exists history_marker text;
alter table console.push_requests add column if not exists stale_reasons jsonb;
alter table console.push_requests add column if not exists stale_at timestamptz;
alter table console.push_request_files add column if not exists destructive boolean not null default false;
-- The locks each file takes on existing tables ({schema, table, mode, rewrite, scan}), as the console read them.
alter table console.push_request_files add column if not exists locks jsonb not null default '[]';

-- A table is large from 100,000 rows or 100 MB: a rewrite or full read of it under a lock that
-- keeps writes waiting needs its own acknowledgement. The same figures as lib/advisor/lock-impact-report.ts.
create or replace function console_private.heavy_locks(p_locks jsonb)
returns table (table_name text, mode text, estimated_rows bigint, size_bytes bigint)
language sql
stable
security definer
set search_path = ''
as $$
  select format('%I.%I', l.value ->> 'schema', l.value ->> 'table'), l.value ->> 'mode', greatest(c.reltuples, 0)::bigint,
         pg_catalog.pg_total_relation_size(c.oid)
  from jsonb_array_elements(coalesce(p_locks, '[]')) as l(value)
  join pg_catalog.pg_namespace n on n.nspname = l.value ->> 'schema'
  join pg_catalog.pg_class c on c.relnamespace = n.oid and c.relname = l.value ->> 'table' and c.relkind in ('r', 'p', 'm')
  where (coalesce((l.value ->> 'rewrite')::boolean, false) or coalesce((l.value ->> 'scan')::boolean, false))
    and l.value ->> 'mode' in ('SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE')
    and (c.reltuples >= 100000 or pg_catalog.pg_total_relation_size(c.oid) >= 100 * 1024 * 1024);
$$;

alter table console.push_requests drop constraint if exists push_requests_state;
alter table console.push_requests add constraint push_requests_state
  check (state in ('requested', 'approved', 'rejected', 'cancelled', 'running', 'succeeded', 'failed', 'stale'));

-- The change marker of the history table (the same as console.migration_history_fingerprint(),
-- which only the service role may call): row versions of every history row, or 'none'.
create or replace function console_private.history_marker()
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  history_table oid := to_regclass('supabase_migrations.schema_migrations');
  marker text;
begin
  if history_table is null then
    return 'none';
  end if;
  execute $sql$
    select pg_catalog.md5(coalesce(pg_catalog.string_agg(m.version || ':' || m.xmin::text, ',' order by m.version collate "C"), ''))
    from supabase_migrations.schema_migrations m
  $sql$ into marker;
  return history_table::text || ':' || marker;
end;
$$;

-- True when the history changed since the request was made (requests made before this file have
-- no marker and are judged by the engine alone).
create or replace function console_private.push_history_moved(p_request console.push_requests)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select p_request.history_marker is not null and p_request.history_marker is distinct from console_private.history_marker();
$$;

create or replace function console_private.make_push_stale(p_id uuid, p_actor uuid, p_reasons jsonb)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  update console.push_requests
  set state = 'stale', stale_reasons = p_reasons, stale_at = now(), updated_at = now()
  where id = p_id and state in ('requested', 'approved');
  if found then
    perform console_private.write_audit(p_actor, 'push.stale', 'push:' || p_id, 'ok', jsonb_build_object('reasons', p_reasons));
  end if;
end;
$$;

revoke execute on all functions in schema console_private from public, anon, authenticated, service_role;

-- Marks a requested or approved request stale with the reasons the console found (a file changed,
-- a new file, the history moved). Any operator or admin viewing it may: staleness is a fact about
-- the files, not a decision. Idempotent; a request in another state is left as it is.
create or replace function console.mark_push_stale(p_id uuid, p_reasons jsonb)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  request console.push_requests;
begin
  perform console_private.require_active_session();
  if caller is null or not console.has_role('operator') then
    return console_private.push_refusal('push.stale', p_id, 'forbidden', 'the operator or admin role is required');
  end if;
  if jsonb_typeof(p_reasons) is distinct from 'array' or jsonb_array_length(p_reasons) = 0 or jsonb_array_length(p_reasons) > 1000
     or exists (select 1 from jsonb_array_elements(p_reasons) as r(value) where jsonb_typeof(r.value -> 'message') is distinct from 'string') then
    return console_private.push_refusal('push.stale', p_id, 'invalid', 'give the reasons as a non-empty array of {code, file_name, message}');
  end if;
  select * into request from console.push_requests where id = p_id for update;
  if not found then
    return console_private.push_refusal('push.stale', p_id, 'not_found', 'there is no such push request');
  end if;
  if request.state not in ('requested', 'approved') then
    return jsonb_build_object('ok', true, 'id', p_id, 'state', request.state);
  end if;
  perform console_private.make_push_stale(p_id, caller, p_reasons);
  return jsonb_build_object('ok', true, 'id', p_id, 'state', 'stale');
end;
$$;

revoke execute on function console.mark_push_stale(uuid, jsonb) from public, anon;
grant execute on function console.mark_push_stale(uuid, jsonb) to authenticated;

drop function if exists console.request_push(jsonb, boolean, boolean, text);

create function console.request_push(
  p_snapshot jsonb,
  p_include_all boolean default false,
  p_acknowledge_non_transactional boolean default false,
  p_acknowledge_destructive boolean default false,
  p_acknowledge_heavy_lock boolean default false,
  p_note text default null
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  files jsonb := p_snapshot -> 'files';
  last_applied text := p_snapshot ->> 'last_applied_version';
  fingerprint text := p_snapshot ->> 'history_fingerprint';
  file jsonb;
  ordinal bigint;
  previous_version text := null;
  problem text := null;
  out_of_order_count integer := 0;
  non_transactional_count integer := 0;
  destructive_count integer := 0;
  heavy text := null;
  blocked_file text := null;
  applied_version text := null;
  open_request uuid := null;
  new_id uuid;
  new_hash text;
begin
  perform console_private.require_active_session();
  if caller is null or not console.has_role('operator') then
    return console_private.push_refusal('push.request', null, 'forbidden', 'the operator or admin role is required to request a push');
  end if;

  if jsonb_typeof(files) is distinct from 'array' or jsonb_array_length(files) = 0 then
    return console_private.push_refusal('push.request', null, 'nothing_pending', 'there is nothing to push: the snapshot has no pending files');
  end if;
  if jsonb_array_length(files) > 10000 then
    problem := 'more than 10,000 files';
  elsif fingerprint is null or fingerprint !~ '^[0-9a-f]{64}$' then
    problem := 'history_fingerprint must be a SHA-256 in hex';
  elsif last_applied is not null and last_applied !~ '^[0-9]+$' then
    problem := 'last_applied_version must be digits';
  elsif jsonb_typeof(coalesce(p_snapshot -> 'findings', '[]')) <> 'array' then
    problem := 'findings must be an array';
  elsif jsonb_typeof(coalesce(p_snapshot -> 'blockers', '[]')) <> 'array' then
    problem := 'blockers must be an array';
  elsif char_length(coalesce(p_note, '')) > 2000 then
    problem := 'the note is longer than 2,000 characters';
  end if;

  if problem is null then
    for file, ordinal in select e.value, e.ordinality from jsonb_array_elements(files) with ordinality as e(value, ordinality) loop
      if jsonb_typeof(file) is distinct from 'object'
         or jsonb_typeof(file -> 'version') is distinct from 'string' or jsonb_typeof(file -> 'name') is distinct from 'string'
         or jsonb_typeof(file -> 'file_name') is distinct from 'string' or jsonb_typeof(file -> 'module') is distinct from 'string'
         or jsonb_typeof(file -> 'sha256') is distinct from 'string' or jsonb_typeof(file -> 'size_bytes') is distinct from 'number'
         or jsonb_typeof(file -> 'statement_count') is distinct from 'number'
         or jsonb_typeof(file -> 'out_of_order') is distinct from 'boolean'
         or jsonb_typeof(file -> 'non_transactional') is distinct from 'boolean'
         or jsonb_typeof(coalesce(file -> 'destructive', 'false')) <> 'boolean'
         or jsonb_typeof(coalesce(file -> 'locks', '[]')) <> 'array'
         or jsonb_typeof(coalesce(file -> 'transaction_issues', '[]')) <> 'array'
         or jsonb_typeof(coalesce(file -> 'findings', '[]')) <> 'array' then
        problem := format('file %s: missing or mistyped fields', ordinal);
      elsif file ->> 'version' !~ '^[0-9]+$' then
        problem := format('file %s: the version must be digits', ordinal);
      elsif file ->> 'file_name' <> (file ->> 'version') || '_' || (file ->> 'name') || '.sql' then
        problem := format('file %s: the file name does not match its version and name', ordinal);
      elsif file ->> 'sha256' !~ '^[0-9a-f]{64}$' then
        problem := format('file %s: sha256 must be a SHA-256 in hex', ordinal);
      elsif (file ->> 'statement_count') !~ '^[0-9]+$' or (file ->> 'size_bytes') !~ '^[0-9]+$' then
        problem := format('file %s: counts must be whole numbers', ordinal);
      elsif previous_version is not null and (file ->> 'version') collate "C" <= previous_version collate "C" then
        problem := format('file %s: files must be in version order without duplicates', ordinal);
      elsif (file -> 'out_of_order')::boolean
            is distinct from (last_applied is not null and (file ->> 'version') collate "C" < last_applied collate "C") then
        problem := format('file %s: out_of_order does not match the last applied version', ordinal);
      elsif exists (select 1 from jsonb_array_elements(coalesce(file -> 'findings', '[]')) as f(value) where f.value ->> 'acknowledge' = 'destructive')
            and not coalesce((file -> 'destructive')::boolean, false) then
        problem := format('file %s: it has destructive findings but is not marked destructive', ordinal);
      elsif exists (select 1 from jsonb_array_elements(coalesce(file -> 'findings', '[]')) as f(value) where f.value ->> 'acknowledge' = 'no_transaction')
            and not (file -> 'non_transactional')::boolean then
        problem := format('file %s: it has statements that cannot run in a transaction but is not marked so', ordinal);
      end if;
      exit when problem is not null;
      previous_version := file ->> 'version';
      if (file -> 'out_of_order')::boolean then out_of_order_count := out_of_order_count + 1; end if;
      if (file -> 'non_transactional')::boolean then non_transactional_count := non_transactional_count + 1; end if;
      if coalesce((file -> 'destructive')::boolean, false) then destructive_count := destructive_count + 1; end if;
      if blocked_file is null and exists (
        select 1 from jsonb_array_elements(coalesce(file -> 'findings', '[]')) as f(value) where f.value ->> 'severity' = 'blocking'
      ) then
        blocked_file := file ->> 'file_name';
      end if;
    end loop;
  end if;

  if problem is not null then
    return console_private.push_refusal('push.request', null, 'invalid_snapshot', 'the snapshot is not valid: ' || problem);
  end if;
  -- Gates the database holds itself, whoever calls: what the console found blocking, a file that
  -- cannot run, a version already applied, and a second request for the same files.
  if jsonb_array_length(coalesce(p_snapshot -> 'blockers', '[]')) > 0 then
    return console_private.push_refusal('push.request', null, 'blocked',
      (select string_agg(b.value ->> 'message', ' ') from jsonb_array_elements(p_snapshot -> 'blockers') as b(value)));
  end if;
  if blocked_file is not null then
    return console_private.push_refusal('push.request', null, 'blocked',
      format('%s has a blocking finding (it cannot run as written); fix the file before requesting a push', blocked_file));
  end if;
  if to_regclass('supabase_migrations.schema_migrations') is not null then
    execute $sql$
      select m.version from supabase_migrations.schema_migrations m
      where m.version in (select e.value ->> 'version' from jsonb_array_elements($1) as e(value))
      order by m.version limit 1
    $sql$ into applied_version using files;
    if applied_version is not null then
      return console_private.push_refusal('push.request', null, 'not_pending',
        format('version %s is already applied to this database; reload the migrations and request again', applied_version));
    end if;
  end if;
  select r.id into open_request
  from console.push_requests r
  where r.state in ('requested', 'approved', 'running')
    and (select array_agg(f.version || ':' || f.sha256 order by f.ordinal) from console.push_request_files f where f.request_id = r.id)
        = (select array_agg((e.value ->> 'version') || ':' || (e.value ->> 'sha256') order by e.ordinality)
           from jsonb_array_elements(files) with ordinality as e(value, ordinality))
  order by r.requested_at desc
  limit 1;
  if open_request is not null then
    return console_private.push_refusal('push.request', open_request, 'duplicate_request',
      format('a request for exactly these files is already open (push %s); review or cancel that one', open_request),
      jsonb_build_object('open_request', open_request));
  end if;
  if out_of_order_count > 0 and not coalesce(p_include_all, false) then
    return console_private.push_refusal('push.request', null, 'acknowledgement_required',
      format('%s file(s) are older than the last applied version %s; acknowledge that they run out of order (the CLI''s --include-all)', out_of_order_count, last_applied));
  end if;
  if non_transactional_count > 0 and not coalesce(p_acknowledge_non_transactional, false) then
    return console_private.push_refusal('push.request', null, 'acknowledgement_required',
      format('%s file(s) contain statements that cannot run in a transaction block; acknowledge that they run statement by statement and can be left partly applied', non_transactional_count));
  end if;
  -- Heavy locks are judged here against the live tables' own row estimates and sizes.
  select string_agg(format('%s on %s (%s rows)', h.mode, h.table_name, h.estimated_rows), '; ') into heavy
  from jsonb_array_elements(files) as f(value), console_private.heavy_locks(f.value -> 'locks') as h;
  if heavy is not null and not coalesce(p_acknowledge_heavy_lock, false) then
    return console_private.push_refusal('push.request', null, 'acknowledgement_required',
      format('the push rewrites or reads large tables while writes wait (%s); acknowledge the lock impact', heavy));
  end if;
  if destructive_count > 0 and not coalesce(p_acknowledge_destructive, false) then
    return console_private.push_refusal('push.request', null, 'acknowledgement_required',
      format('%s file(s) drop, empty or rewrite data (DROP, TRUNCATE, DELETE or UPDATE without WHERE, a column type change); acknowledge that data is lost or changed', destructive_count));
  end if;

  insert into console.push_requests (requested_by, requested_by_email, note, include_all, acknowledge_non_transactional,
                                     acknowledge_destructive, acknowledge_heavy_lock, last_applied_version, history_fingerprint, history_marker,
                                     snapshot_hash, findings, file_count)
  values (caller, console_private.user_email(caller), nullif(trim(p_note), ''), coalesce(p_include_all, false),
          coalesce(p_acknowledge_non_transactional, false), coalesce(p_acknowledge_destructive, false),
          coalesce(p_acknowledge_heavy_lock, false), last_applied, fingerprint,
          console_private.history_marker(), repeat('0', 64), coalesce(p_snapshot -> 'findings', '[]'), jsonb_array_length(files))
  returning id into new_id;

  insert into console.push_request_files (request_id, ordinal, version, name, file_name, module, sha256, size_bytes,
                                          statement_count, out_of_order, non_transactional, destructive, locks, transaction_issues, findings)
  select new_id, (e.ordinality - 1)::integer, e.value ->> 'version', e.value ->> 'name', e.value ->> 'file_name', e.value ->> 'module',
         e.value ->> 'sha256', (e.value ->> 'size_bytes')::bigint, (e.value ->> 'statement_count')::integer,
         (e.value -> 'out_of_order')::boolean, (e.value -> 'non_transactional')::boolean, coalesce((e.value -> 'destructive')::boolean, false),
         coalesce(e.value -> 'locks', '[]'),
         coalesce(e.value -> 'transaction_issues', '[]'), coalesce(e.value -> 'findings', '[]')
  from jsonb_array_elements(files) with ordinality as e(value, ordinality);

  new_hash := console_private.push_snapshot_hash(new_id);
  update console.push_requests set snapshot_hash = new_hash where id = new_id;

  perform console_private.write_audit(caller, 'push.request', 'push:' || new_id, 'ok', jsonb_build_object(
    'files', jsonb_array_length(files), 'snapshot_hash', new_hash,
    'first_version', files -> 0 ->> 'version', 'last_version', files -> -1 ->> 'version',
    'include_all', coalesce(p_include_all, false), 'acknowledge_non_transactional', coalesce(p_acknowledge_non_transactional, false),
    'acknowledge_destructive', coalesce(p_acknowledge_destructive, false), 'acknowledge_heavy_lock', coalesce(p_acknowledge_heavy_lock, false)));
  return jsonb_build_object('ok', true, 'id', new_id, 'snapshot_hash', new_hash);
end;
$$;

create or replace function console.approve_push(p_id uuid, p_snapshot_hash text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  request console.push_requests;
begin
  perform console_private.require_active_session();
  if caller is null or not console.has_role('admin') then
    return console_private.push_refusal('push.approve', p_id, 'forbidden', 'only an admin may approve a push');
  end if;
  select * into request from console.push_requests where id = p_id for update;
  if not found then
    return console_private.push_refusal('push.approve', p_id, 'not_found', 'there is no such push request');
  end if;
  if request.state = 'stale' then
    return console_private.push_refusal('push.approve', p_id, 'stale',
      'the request is stale: ' || coalesce((select string_agg(s.value ->> 'message', ' ') from jsonb_array_elements(request.stale_reasons) as s(value)), 'its snapshot no longer matches')
      || ' Request a new push for the files as they are now.');
  end if;
  if request.state <> 'requested' then
    return console_private.push_refusal('push.approve', p_id, 'invalid_state', format('the request is %s; only a requested push can be approved', request.state));
  end if;
  if console_private.push_history_moved(request) then
    perform console_private.make_push_stale(p_id, caller, '[{"code": "history_changed", "file_name": null, "message": "The migration history of the database changed since the request (a push, repair or revert was made meanwhile)."}]');
    return console_private.push_refusal('push.approve', p_id, 'stale',
      'the request is stale: the migration history of the database changed since it was made. Request a new push for the files as they are now.');
  end if;
  if request.requested_by = caller then
    return console_private.push_refusal('push.approve', p_id, 'self_approval', 'you requested this push; another admin must approve it');
  end if;
  if p_snapshot_hash is distinct from request.snapshot_hash then
    return console_private.push_refusal('push.approve', p_id, 'snapshot_mismatch',
      'the snapshot you reviewed is not the one of this request; reload the request and review it again',
      jsonb_build_object('reviewed_hash', p_snapshot_hash, 'snapshot_hash', request.snapshot_hash));
  end if;

  insert into console.push_approvals (request_id, approved_by, approved_by_email, snapshot_hash)
  values (p_id, caller, console_private.user_email(caller), p_snapshot_hash);
  update console.push_requests set state = 'approved', updated_at = now() where id = p_id;
  perform console_private.write_audit(caller, 'push.approve', 'push:' || p_id, 'ok', jsonb_build_object('snapshot_hash', p_snapshot_hash));
  return jsonb_build_object('ok', true, 'id', p_id, 'state', 'approved');
end;
$$;

create or replace function console.start_push_run(
  p_id uuid,
  p_target_database text,
  p_backend_pid integer,
  p_lock_timeout text,
  p_statement_timeout text
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  request console.push_requests;
  new_run uuid;
begin
  perform console_private.require_active_session();
  if caller is null or not console.has_role('admin') then
    return console_private.push_refusal('push.run', p_id, 'forbidden', 'only an admin may run a push');
  end if;
  select * into request from console.push_requests where id = p_id for update;
  if not found then
    return console_private.push_refusal('push.run', p_id, 'not_found', 'there is no such push request');
  end if;
  if request.state = 'running' then
    return console_private.push_refusal('push.run', p_id, 'push_in_progress', 'push in progress: this request is running now');
  end if;
  if request.state = 'stale' then
    return console_private.push_refusal('push.run', p_id, 'stale', 'the request is stale: its snapshot no longer matches the files or the history; request a new push');
  end if;
  if request.state in ('succeeded', 'failed') then
    return console_private.push_refusal('push.run', p_id, 'already_ran', format('this request already ran (%s); request a new push', request.state));
  end if;
  if request.state <> 'approved' or not console_private.push_has_valid_approval(p_id) then
    return console_private.push_refusal('push.run', p_id, 'not_approved',
      format('the request is %s; it needs the approval of an admin other than the requester before it can run', request.state));
  end if;
  if console_private.push_history_moved(request) then
    perform console_private.make_push_stale(p_id, caller, '[{"code": "history_changed", "file_name": null, "message": "The migration history of the database changed since the request (a push, repair or revert was made meanwhile)."}]');
    return console_private.push_refusal('push.run', p_id, 'stale',
      'the request is stale: the migration history of the database changed since it was approved; request a new push');
  end if;
  if not exists (select 1 from pg_catalog.pg_database d where d.datname = p_target_database) then
    raise exception 'unknown target database %', p_target_database using errcode = '22023';
  end if;

  insert into console.push_runs (request_id, started_by, started_by_email, target_database, backend_pid,
                                 lock_timeout, statement_timeout, files_total, audit_request_id)
  values (p_id, caller, console_private.user_email(caller), p_target_database, p_backend_pid,
          coalesce(p_lock_timeout, ''), coalesce(p_statement_timeout, ''), request.file_count, console_private.request_id())
  returning id into new_run;
  insert into console.push_steps (run_id, ordinal, version, file_name, mode, statements_total)
  select new_run, f.ordinal, f.version, f.file_name,
         case when f.non_transactional then 'unwrapped' else 'transaction' end, f.statement_count
  from console.push_request_files f
  where f.request_id = p_id;
  update console.push_requests set state = 'running', updated_at = now() where id = p_id;
  perform console_private.write_audit(caller, 'push.run', 'push:' || p_id, 'ok', jsonb_build_object(
    'run_id', new_run, 'target_database', p_target_database, 'files', request.file_count,
    'lock_timeout', p_lock_timeout, 'statement_timeout', p_statement_timeout));
  return jsonb_build_object('ok', true, 'run_id', new_run);
end;
$$;

revoke execute on function console.request_push(jsonb, boolean, boolean, boolean, boolean, text) from public, anon;
grant execute on function console.request_push(jsonb, boolean, boolean, boolean, boolean, text) to authenticated;

-- The request's page: also the destructive acknowledgement and why it went stale.
create or replace function console.get_push(p_id uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  is_admin boolean;
  result jsonb;
begin
  perform console_private.require_role('operator');
  is_admin := console.has_role('admin');
  select jsonb_build_object(
    'id', r.id, 'state', r.state,
    'requested_by', r.requested_by, 'requested_by_email', r.requested_by_email, 'requested_at', r.requested_at,
    'note', r.note, 'include_all', r.include_all, 'acknowledge_non_transactional', r.acknowledge_non_transactional,
    'acknowledge_destructive', r.acknowledge_destructive, 'acknowledge_heavy_lock', r.acknowledge_heavy_lock,
    'stale_reasons', r.stale_reasons, 'stale_at', r.stale_at,
    'last_applied_version', r.last_applied_version, 'history_fingerprint', r.history_fingerprint,
    'snapshot_hash', r.snapshot_hash, 'findings', r.findings, 'file_count', r.file_count,
    'closed_by', r.closed_by, 'closed_by_email', r.closed_by_email, 'closed_at', r.closed_at, 'close_reason', r.close_reason,
    'updated_at', r.updated_at,
    'files', coalesce((
      select jsonb_agg(jsonb_build_object(
               'ordinal', f.ordinal, 'version', f.version, 'name', f.name, 'file_name', f.file_name, 'module', f.module,
               'sha256', f.sha256, 'size_bytes', f.size_bytes, 'statement_count', f.statement_count,
               'out_of_order', f.out_of_order, 'non_transactional', f.non_transactional, 'destructive', f.destructive, 'locks', f.locks,
               'transaction_issues', f.transaction_issues, 'findings', f.findings) order by f.ordinal)
      from console.push_request_files f where f.request_id = r.id), '[]'),
    'approvals', coalesce((
      select jsonb_agg(jsonb_build_object(
               'approved_by', a.approved_by, 'approved_by_email', a.approved_by_email,
               'approved_at', a.approved_at, 'snapshot_hash', a.snapshot_hash) order by a.approved_at)
      from console.push_approvals a where a.request_id = r.id), '[]'),
    'runs', coalesce((
      select jsonb_agg(jsonb_build_object(
               'id', run.id, 'status', run.status, 'started_by', run.started_by, 'started_by_email', run.started_by_email,
               'started_at', run.started_at, 'finished_at', run.finished_at, 'target_database', run.target_database,
               'backend_pid', run.backend_pid, 'lock_timeout', run.lock_timeout, 'statement_timeout', run.statement_timeout,
               'files_total', run.files_total,
               'files_applied', (select count(*) from console.push_steps s where s.run_id = run.id and s.status = 'succeeded'),
               'error', run.error,
               -- A run marked running whose lock nobody holds was interrupted (the console stopped).
               'engine_active', run.status = 'running' and console_private.push_lock_held(run.target_database),
               'steps', coalesce((
                 select jsonb_agg(jsonb_build_object(
                          'ordinal', s.ordinal, 'version', s.version, 'file_name', s.file_name, 'mode', s.mode,
                          'status', s.status, 'statements_total', s.statements_total, 'statements_run', s.statements_run,
                          'started_at', s.started_at, 'finished_at', s.finished_at, 'duration_ms', s.duration_ms,
                          'statement_index', s.statement_index, 'error_line', s.error_line, 'error_column', s.error_column,
                          'sqlstate', s.sqlstate, 'error_message', s.error_message, 'error_detail', s.error_detail,
                          'error_hint', s.error_hint, 'partial', s.partial) order by s.ordinal)
                 from console.push_steps s where s.run_id = run.id), '[]')
             ) order by run.started_at desc)
      from console.push_runs run where run.request_id = r.id), '[]'),
    'viewer', jsonb_build_object(
      'can_approve', is_admin and r.state = 'requested' and r.requested_by <> caller,
      'can_reject', is_admin and r.state = 'requested',
      'can_cancel', r.state in ('requested', 'approved') and (is_admin or r.requested_by = caller),
      'can_run', is_admin and r.state = 'approved' and console_private.push_has_valid_approval(r.id))
  )
  into result
  from console.push_requests r
  where r.id = p_id;
  return result;
end;
$$;

revoke execute on function console.get_push(uuid) from public, anon;
grant execute on function console.get_push(uuid) to authenticated;
