-- module: console
-- Approved pushes: a request holds a snapshot of the pending files (versions, names, SHA-256 of each
-- file's bytes, statement counts, statements that cannot run in a transaction block, the findings,
-- the last applied version and a fingerprint of the remote history); a different admin approves
-- exactly that snapshot; an admin runs it and every file's progress is a row here.
--
-- Nobody writes these tables directly: API roles have no grants at all (RLS on, no policies). People
-- act through the functions below with their own session; the push engine (the console's server,
-- over the database URL) writes runs and steps through console_private functions, which are not
-- exposed. States: requested → approved | rejected | cancelled; approved → running (→ approved
-- again only when the engine's pre-flight check refuses before any file ran) → succeeded | failed.
--
-- Refusals are returned, not raised: a raised error would roll back its own audit row, and then a
-- refused call made directly through the API would leave no trace. Each act function writes the
-- audit row (act or refusal) in its own transaction and answers {ok, code, message}.

create table if not exists console.push_requests (
  id uuid primary key default gen_random_uuid(),
  state text not null default 'requested'
    constraint push_requests_state check (state in ('requested', 'approved', 'rejected', 'cancelled', 'running', 'succeeded', 'failed')),
  -- No foreign keys to auth.users: the record outlives the person; the email is kept as it was.
  requested_by uuid not null,
  requested_by_email text,
  requested_at timestamptz not null default now(),
  note text constraint push_requests_note_length check (char_length(note) <= 2000),
  -- Acknowledgements: out-of-order files (the CLI's --include-all) and files that run unwrapped.
  include_all boolean not null default false,
  acknowledge_non_transactional boolean not null default false,
  last_applied_version text,
  history_fingerprint text not null constraint push_requests_fingerprint check (history_fingerprint ~ '^[0-9a-f]{64}$'),
  snapshot_hash text not null constraint push_requests_snapshot_hash check (snapshot_hash ~ '^[0-9a-f]{64}$'),
  findings jsonb not null default '[]' constraint push_requests_findings check (jsonb_typeof(findings) = 'array'),
  file_count integer not null constraint push_requests_file_count check (file_count > 0),
  closed_by uuid,
  closed_by_email text,
  closed_at timestamptz,
  close_reason text,
  updated_at timestamptz not null default now()
);

create index if not exists push_requests_requested_at_idx on console.push_requests (requested_at desc, id desc);
create index if not exists push_requests_state_idx on console.push_requests (state, requested_at desc);

create table if not exists console.push_request_files (
  request_id uuid not null references console.push_requests (id) on delete cascade,
  ordinal integer not null constraint push_request_files_ordinal check (ordinal >= 0),
  version text not null constraint push_request_files_version check (version ~ '^[0-9]+$'),
  name text not null,
  file_name text not null,
  module text not null,
  sha256 text not null constraint push_request_files_sha256 check (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes bigint not null constraint push_request_files_size check (size_bytes >= 0),
  statement_count integer not null constraint push_request_files_statements check (statement_count >= 0),
  out_of_order boolean not null,
  non_transactional boolean not null,
  transaction_issues jsonb not null default '[]',
  findings jsonb not null default '[]',
  primary key (request_id, ordinal),
  unique (request_id, version)
);

create table if not exists console.push_approvals (
  id bigint generated always as identity primary key,
  request_id uuid not null references console.push_requests (id) on delete cascade,
  approved_by uuid not null,
  approved_by_email text,
  approved_at timestamptz not null default now(),
  -- The hash of the snapshot the approver reviewed; it must equal the request's.
  snapshot_hash text not null,
  unique (request_id, approved_by)
);

create table if not exists console.push_runs (
  id uuid primary key default gen_random_uuid(),
  request_id uuid not null references console.push_requests (id) on delete cascade,
  status text not null default 'running'
    constraint push_runs_status check (status in ('running', 'succeeded', 'failed', 'refused')),
  started_by uuid not null,
  started_by_email text,
  started_at timestamptz not null default clock_timestamp(),
  finished_at timestamptz,
  -- The database the files apply to (its name; the advisory lock is per database).
  target_database text not null,
  backend_pid integer,
  lock_timeout text not null,
  statement_timeout text not null,
  files_total integer not null,
  files_applied integer not null default 0,
  error jsonb,
  audit_request_id text
);

-- A request runs at most once; refused pre-flight attempts do not count.
create unique index if not exists push_runs_one_per_request on console.push_runs (request_id) where status <> 'refused';
create index if not exists push_runs_running_idx on console.push_runs (target_database) where status = 'running';
create index if not exists push_runs_request_idx on console.push_runs (request_id, started_at desc);

create table if not exists console.push_steps (
  run_id uuid not null references console.push_runs (id) on delete cascade,
  ordinal integer not null,
  version text not null,
  file_name text not null,
  -- transaction: one BEGIN … COMMIT with the history row; unwrapped: statement by statement, as the CLI.
  mode text not null constraint push_steps_mode check (mode in ('transaction', 'unwrapped')),
  status text not null default 'pending'
    constraint push_steps_status check (status in ('pending', 'running', 'succeeded', 'failed', 'skipped')),
  statements_total integer not null,
  statements_run integer,
  started_at timestamptz,
  finished_at timestamptz,
  duration_ms integer,
  statement_index integer,
  error_line integer,
  error_column integer,
  sqlstate text,
  error_message text,
  error_detail text,
  error_hint text,
  -- An unwrapped file that failed after some statements committed.
  partial boolean not null default false,
  primary key (run_id, ordinal)
);

alter table console.push_requests enable row level security;
alter table console.push_request_files enable row level security;
alter table console.push_approvals enable row level security;
alter table console.push_runs enable row level security;
alter table console.push_steps enable row level security;
revoke all on console.push_requests, console.push_request_files, console.push_approvals, console.push_runs, console.push_steps
  from anon, authenticated, service_role;

-- ---- Helpers (not exposed) ----

-- The push engine's session-level advisory lock key ('consPush' as a bigint); push-engine.ts uses the same.
create or replace function console_private.push_lock_key()
returns bigint
language sql
immutable
set search_path = ''
as $$ select 7165066974256788328::bigint $$;

-- True while some session holds the push lock on that database (pg_locks covers the whole cluster).
create or replace function console_private.push_lock_held(p_database text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from pg_catalog.pg_locks l
    join pg_catalog.pg_database d on d.oid = l.database
    where l.locktype = 'advisory' and l.granted and l.objsubid = 1
      and l.classid = (console_private.push_lock_key() >> 32)::oid
      and l.objid = (console_private.push_lock_key() & 4294967295)::oid
      and d.datname = p_database
  );
$$;

create or replace function console_private.user_email(p_user uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$ select u.email::text from auth.users u where u.id = p_user $$;

create or replace function console_private.require_active_session()
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
end;
$$;

-- Audits a refusal (committed with the function's transaction) and returns it to the caller.
create or replace function console_private.push_refusal(p_action text, p_request uuid, p_code text, p_message text, p_details jsonb default '{}')
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform console_private.write_audit(
    (select auth.uid()), p_action, 'push:' || coalesce(p_request::text, 'unknown'), 'refused',
    jsonb_build_object('code', p_code, 'reason', p_message) || coalesce(p_details, '{}'));
  return jsonb_build_object('ok', false, 'code', p_code, 'message', p_message);
end;
$$;

-- The canonical text whose SHA-256 is the snapshot hash; push-snapshot.ts builds the same text.
-- File names are hex-encoded so that no character of a name can change the layout.
create or replace function console_private.push_snapshot_text(p_request uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select concat_ws(E'\n',
    'migration-console push snapshot v1',
    'last_applied_version ' || coalesce(r.last_applied_version, '-'),
    'history_fingerprint ' || r.history_fingerprint,
    'include_all ' || r.include_all::text,
    'acknowledge_non_transactional ' || r.acknowledge_non_transactional::text,
    (select string_agg(
              format('file %s %s %s %s %s %s %s', f.ordinal, f.version, f.sha256, f.statement_count,
                     f.out_of_order::text, f.non_transactional::text, encode(convert_to(f.file_name, 'UTF8'), 'hex')),
              E'\n' order by f.ordinal)
     from console.push_request_files f where f.request_id = r.id)) || E'\n'
  from console.push_requests r
  where r.id = p_request;
$$;

create or replace function console_private.push_snapshot_hash(p_request uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$ select encode(sha256(convert_to(console_private.push_snapshot_text(p_request), 'UTF8')), 'hex') $$;

-- An approval counts while it matches the request's snapshot, comes from someone other than the
-- requester, and its approver is still an admin.
create or replace function console_private.push_has_valid_approval(p_request uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from console.push_approvals a
    join console.push_requests r on r.id = a.request_id
    where a.request_id = p_request
      and a.snapshot_hash = r.snapshot_hash
      and a.approved_by <> r.requested_by
      and exists (select 1 from console.member_roles m where m.user_id = a.approved_by and m.role = 'admin')
  );
$$;

-- ---- Acts of people (called with their own session) ----

-- Records a request for the snapshot the console's server built from the status report. The
-- engine re-derives every fact from the files and the database before it runs, so a snapshot sent
-- directly through the API can only make a request that the run will refuse as stale.
create or replace function console.request_push(
  p_snapshot jsonb,
  p_include_all boolean default false,
  p_acknowledge_non_transactional boolean default false,
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
      end if;
      exit when problem is not null;
      previous_version := file ->> 'version';
      if (file -> 'out_of_order')::boolean then out_of_order_count := out_of_order_count + 1; end if;
      if (file -> 'non_transactional')::boolean then non_transactional_count := non_transactional_count + 1; end if;
    end loop;
  end if;

  if problem is not null then
    return console_private.push_refusal('push.request', null, 'invalid_snapshot', 'the snapshot is not valid: ' || problem);
  end if;
  if out_of_order_count > 0 and not coalesce(p_include_all, false) then
    return console_private.push_refusal('push.request', null, 'acknowledgement_required',
      format('%s file(s) are older than the last applied version %s; acknowledge that they run out of order (the CLI''s --include-all)', out_of_order_count, last_applied));
  end if;
  if non_transactional_count > 0 and not coalesce(p_acknowledge_non_transactional, false) then
    return console_private.push_refusal('push.request', null, 'acknowledgement_required',
      format('%s file(s) contain statements that cannot run in a transaction block; acknowledge that they run statement by statement and can be left partly applied', non_transactional_count));
  end if;

  insert into console.push_requests (requested_by, requested_by_email, note, include_all, acknowledge_non_transactional,
                                     last_applied_version, history_fingerprint, snapshot_hash, findings, file_count)
  values (caller, console_private.user_email(caller), nullif(trim(p_note), ''), coalesce(p_include_all, false),
          coalesce(p_acknowledge_non_transactional, false), last_applied, fingerprint, repeat('0', 64),
          coalesce(p_snapshot -> 'findings', '[]'), jsonb_array_length(files))
  returning id into new_id;

  insert into console.push_request_files (request_id, ordinal, version, name, file_name, module, sha256, size_bytes,
                                          statement_count, out_of_order, non_transactional, transaction_issues, findings)
  select new_id, (e.ordinality - 1)::integer, e.value ->> 'version', e.value ->> 'name', e.value ->> 'file_name', e.value ->> 'module',
         e.value ->> 'sha256', (e.value ->> 'size_bytes')::bigint, (e.value ->> 'statement_count')::integer,
         (e.value -> 'out_of_order')::boolean, (e.value -> 'non_transactional')::boolean,
         coalesce(e.value -> 'transaction_issues', '[]'), coalesce(e.value -> 'findings', '[]')
  from jsonb_array_elements(files) with ordinality as e(value, ordinality);

  new_hash := console_private.push_snapshot_hash(new_id);
  update console.push_requests set snapshot_hash = new_hash where id = new_id;

  perform console_private.write_audit(caller, 'push.request', 'push:' || new_id, 'ok', jsonb_build_object(
    'files', jsonb_array_length(files), 'snapshot_hash', new_hash,
    'first_version', files -> 0 ->> 'version', 'last_version', files -> -1 ->> 'version',
    'include_all', coalesce(p_include_all, false), 'acknowledge_non_transactional', coalesce(p_acknowledge_non_transactional, false)));
  return jsonb_build_object('ok', true, 'id', new_id, 'snapshot_hash', new_hash);
end;
$$;

-- Approval by an admin who did not request the push, bound to the snapshot hash they reviewed.
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
  if request.state <> 'requested' then
    return console_private.push_refusal('push.approve', p_id, 'invalid_state', format('the request is %s; only a requested push can be approved', request.state));
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

create or replace function console.reject_push(p_id uuid, p_reason text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  request console.push_requests;
  reason text := nullif(trim(coalesce(p_reason, '')), '');
begin
  perform console_private.require_active_session();
  if caller is null or not console.has_role('admin') then
    return console_private.push_refusal('push.reject', p_id, 'forbidden', 'only an admin may reject a push');
  end if;
  select * into request from console.push_requests where id = p_id for update;
  if not found then
    return console_private.push_refusal('push.reject', p_id, 'not_found', 'there is no such push request');
  end if;
  if request.state <> 'requested' then
    return console_private.push_refusal('push.reject', p_id, 'invalid_state', format('the request is %s; only a requested push can be rejected', request.state));
  end if;
  if reason is null or char_length(reason) > 2000 then
    return console_private.push_refusal('push.reject', p_id, 'reason_required', 'say why the push is rejected (up to 2,000 characters)');
  end if;

  update console.push_requests
  set state = 'rejected', closed_by = caller, closed_by_email = console_private.user_email(caller), closed_at = now(),
      close_reason = reason, updated_at = now()
  where id = p_id;
  perform console_private.write_audit(caller, 'push.reject', 'push:' || p_id, 'ok', jsonb_build_object('reason', reason));
  return jsonb_build_object('ok', true, 'id', p_id, 'state', 'rejected');
end;
$$;

-- The requester or any admin may cancel a request that has not started running.
create or replace function console.cancel_push(p_id uuid, p_reason text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  request console.push_requests;
  reason text := nullif(trim(coalesce(p_reason, '')), '');
begin
  perform console_private.require_active_session();
  if caller is null or not console.has_role('operator') then
    return console_private.push_refusal('push.cancel', p_id, 'forbidden', 'the operator or admin role is required to cancel a push');
  end if;
  select * into request from console.push_requests where id = p_id for update;
  if not found then
    return console_private.push_refusal('push.cancel', p_id, 'not_found', 'there is no such push request');
  end if;
  if request.requested_by <> caller and not console.has_role('admin') then
    return console_private.push_refusal('push.cancel', p_id, 'forbidden', 'only the requester or an admin may cancel this push');
  end if;
  if request.state not in ('requested', 'approved') then
    return console_private.push_refusal('push.cancel', p_id, 'invalid_state', format('the request is %s; only a requested or approved push can be cancelled', request.state));
  end if;
  if char_length(coalesce(reason, '')) > 2000 then
    return console_private.push_refusal('push.cancel', p_id, 'invalid_reason', 'the reason is longer than 2,000 characters');
  end if;

  update console.push_requests
  set state = 'cancelled', closed_by = caller, closed_by_email = console_private.user_email(caller), closed_at = now(),
      close_reason = reason, updated_at = now()
  where id = p_id;
  perform console_private.write_audit(caller, 'push.cancel', 'push:' || p_id, 'ok', jsonb_build_object('reason', reason));
  return jsonb_build_object('ok', true, 'id', p_id, 'state', 'cancelled');
end;
$$;

-- Called by the push engine with the admin's own session once it holds the push lock on the
-- target database: the database decides whether this person may run this request now. Creates the
-- run and its pending steps and moves the request to running.
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
  if request.state in ('succeeded', 'failed') then
    return console_private.push_refusal('push.run', p_id, 'already_ran', format('this request already ran (%s); request a new push', request.state));
  end if;
  if request.state <> 'approved' or not console_private.push_has_valid_approval(p_id) then
    return console_private.push_refusal('push.run', p_id, 'not_approved',
      format('the request is %s; it needs the approval of an admin other than the requester before it can run', request.state));
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

-- ---- Reads (operators and admins) ----

create or replace function console.list_pushes(
  p_state text default null,
  p_before timestamptz default null,
  p_limit integer default 50
)
returns table (
  id uuid, state text, requested_by uuid, requested_by_email text, requested_at timestamptz, note text,
  file_count integer, first_version text, last_version text, approved_by_email text, approved_at timestamptz,
  closed_by_email text, closed_at timestamptz, run_status text, run_started_at timestamptz,
  run_finished_at timestamptz, files_applied integer, error_message text
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform console_private.require_role('operator');
  return query
    select r.id, r.state, r.requested_by, r.requested_by_email, r.requested_at, r.note, r.file_count,
           (select f.version from console.push_request_files f where f.request_id = r.id order by f.ordinal limit 1),
           (select f.version from console.push_request_files f where f.request_id = r.id order by f.ordinal desc limit 1),
           a.approved_by_email, a.approved_at, r.closed_by_email, r.closed_at,
           run.status, run.started_at, run.finished_at, run.files_applied, run.error ->> 'message'
    from console.push_requests r
    left join lateral (
      select pa.approved_by_email, pa.approved_at from console.push_approvals pa
      where pa.request_id = r.id order by pa.approved_at desc limit 1
    ) a on true
    left join lateral (
      select pr.status, pr.started_at, pr.finished_at, pr.files_applied, pr.error from console.push_runs pr
      where pr.request_id = r.id order by pr.started_at desc limit 1
    ) run on true
    where (p_state is null or r.state = p_state)
      and (p_before is null or r.requested_at < p_before)
    order by r.requested_at desc, r.id desc
    limit least(greatest(coalesce(p_limit, 50), 1), 200);
end;
$$;

-- One request with its files, approvals, runs (newest first) and their steps, plus what the caller
-- may do with it (the same rules as the act functions). Null when there is no such request.
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
    'last_applied_version', r.last_applied_version, 'history_fingerprint', r.history_fingerprint,
    'snapshot_hash', r.snapshot_hash, 'findings', r.findings, 'file_count', r.file_count,
    'closed_by', r.closed_by, 'closed_by_email', r.closed_by_email, 'closed_at', r.closed_at, 'close_reason', r.close_reason,
    'updated_at', r.updated_at,
    'files', coalesce((
      select jsonb_agg(jsonb_build_object(
               'ordinal', f.ordinal, 'version', f.version, 'name', f.name, 'file_name', f.file_name, 'module', f.module,
               'sha256', f.sha256, 'size_bytes', f.size_bytes, 'statement_count', f.statement_count,
               'out_of_order', f.out_of_order, 'non_transactional', f.non_transactional,
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
               'files_total', run.files_total, 'files_applied', run.files_applied, 'error', run.error,
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

-- ---- The engine's bookkeeping (over the database URL; never exposed through the API) ----

create or replace function console_private.begin_push_step(p_run uuid, p_ordinal integer)
returns void
language sql
security definer
set search_path = ''
as $$
  update console.push_steps
  set status = 'running', started_at = clock_timestamp()
  where run_id = p_run and ordinal = p_ordinal and status = 'pending';
$$;

-- p_result: statements_run, statement_index, error_line, error_column, sqlstate, error_message,
-- error_detail, error_hint, partial (all optional).
create or replace function console_private.finish_push_step(p_run uuid, p_ordinal integer, p_status text, p_result jsonb default '{}')
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  run console.push_runs;
  step console.push_steps;
begin
  if p_status not in ('succeeded', 'failed') then
    raise exception 'invalid step status %', p_status using errcode = '22023';
  end if;
  select * into run from console.push_runs where id = p_run;
  update console.push_steps s
  set status = p_status,
      finished_at = clock_timestamp(),
      duration_ms = greatest(0, (extract(epoch from clock_timestamp() - coalesce(s.started_at, clock_timestamp())) * 1000)::integer),
      statements_run = (p_result ->> 'statements_run')::integer,
      statement_index = (p_result ->> 'statement_index')::integer,
      error_line = (p_result ->> 'error_line')::integer,
      error_column = (p_result ->> 'error_column')::integer,
      sqlstate = p_result ->> 'sqlstate',
      error_message = p_result ->> 'error_message',
      error_detail = p_result ->> 'error_detail',
      error_hint = p_result ->> 'error_hint',
      partial = coalesce((p_result ->> 'partial')::boolean, false)
  where s.run_id = p_run and s.ordinal = p_ordinal and s.status in ('pending', 'running')
  returning * into step;
  if not found then
    return;
  end if;
  if p_status = 'succeeded' then
    update console.push_runs set files_applied = files_applied + 1 where id = p_run;
  end if;
  perform console_private.write_audit(run.started_by, 'push.file', 'push:' || run.request_id,
    case when p_status = 'succeeded' then 'ok' else 'failed' end,
    jsonb_build_object('run_id', p_run, 'version', step.version, 'file_name', step.file_name, 'mode', step.mode,
                       'duration_ms', step.duration_ms) || jsonb_strip_nulls(coalesce(p_result, '{}')),
    run.audit_request_id);
end;
$$;

-- Ends a run (idempotent: only a running run changes). succeeded/failed end the request the same
-- way; refused (the pre-flight check found the snapshot stale, nothing ran) returns it to approved.
-- p_applied_versions: versions the target's history shows as applied, for steps whose outcome the
-- engine could not see (connection lost or process gone while the file ran).
create or replace function console_private.finish_push_run(p_run uuid, p_status text, p_error jsonb default null, p_applied_versions text[] default '{}')
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  run console.push_runs;
  applied_now integer;
begin
  if p_status not in ('succeeded', 'failed', 'refused') then
    raise exception 'invalid run status %', p_status using errcode = '22023';
  end if;
  select * into run from console.push_runs where id = p_run for update;
  if not found or run.status <> 'running' then
    return false;
  end if;
  if p_status = 'refused' and exists (select 1 from console.push_steps s where s.run_id = p_run and s.status <> 'pending') then
    raise exception 'a run that applied files cannot be refused' using errcode = '22023';
  end if;

  update console.push_steps s
  set status = 'succeeded', finished_at = clock_timestamp()
  where s.run_id = p_run and s.status = 'running' and s.version = any(coalesce(p_applied_versions, '{}'));
  get diagnostics applied_now = row_count;
  update console.push_steps s
  set status = 'failed', finished_at = clock_timestamp(),
      error_message = coalesce(s.error_message, p_error ->> 'message'), sqlstate = coalesce(s.sqlstate, p_error ->> 'sqlstate')
  where s.run_id = p_run and s.status = 'running';
  update console.push_steps s set status = 'skipped' where s.run_id = p_run and s.status = 'pending';

  update console.push_runs
  set status = p_status, finished_at = clock_timestamp(), error = p_error, files_applied = files_applied + applied_now
  where id = p_run;
  update console.push_requests
  set state = case p_status when 'refused' then 'approved' else p_status end, updated_at = now()
  where id = run.request_id and state = 'running';
  perform console_private.write_audit(run.started_by, 'push.run_end', 'push:' || run.request_id,
    case p_status when 'succeeded' then 'ok' when 'failed' then 'failed' else 'refused' end,
    jsonb_build_object('run_id', p_run, 'status', p_status, 'files_applied', run.files_applied + applied_now, 'files_total', run.files_total)
      || case when p_error is null then '{}'::jsonb else jsonb_build_object('error', p_error) end,
    run.audit_request_id);
  return true;
end;
$$;

-- Runs on this database still marked running: the caller holds the push lock, so nobody is running
-- them; with the versions they were applying, to check against the history before ending them.
create or replace function console_private.orphaned_push_runs(p_target_database text)
returns table (run_id uuid, running_versions text[])
language sql
stable
security definer
set search_path = ''
as $$
  select r.id, coalesce(array_agg(s.version) filter (where s.status = 'running'), '{}')
  from console.push_runs r
  left join console.push_steps s on s.run_id = r.id
  where r.status = 'running' and r.target_database = p_target_database
  group by r.id;
$$;

revoke execute on all functions in schema console_private from public, anon, authenticated, service_role;

revoke execute on function console.request_push(jsonb, boolean, boolean, text) from public, anon;
grant execute on function console.request_push(jsonb, boolean, boolean, text) to authenticated;
revoke execute on function console.approve_push(uuid, text) from public, anon;
grant execute on function console.approve_push(uuid, text) to authenticated;
revoke execute on function console.reject_push(uuid, text) from public, anon;
grant execute on function console.reject_push(uuid, text) to authenticated;
revoke execute on function console.cancel_push(uuid, text) from public, anon;
grant execute on function console.cancel_push(uuid, text) to authenticated;
revoke execute on function console.start_push_run(uuid, text, integer, text, text) from public, anon;
grant execute on function console.start_push_run(uuid, text, integer, text, text) to authenticated;
revoke execute on function console.list_pushes(text, timestamptz, integer) from public, anon;
grant execute on function console.list_pushes(text, timestamptz, integer) to authenticated;
revoke execute on function console.get_push(uuid) from public, anon;
grant execute on function console.get_push(uuid) to authenticated;
