-- module: console
-- Push progress in batches. The engine records each file's start and end as events and sends
-- whatever has queued in one call as soon as the previous call has returned (group commit): the
-- bookkeeping never holds up the files, and progress stays within one round trip of real time.
-- Because the rows may trail the files by that one call, a vanished engine's steps are settled
-- against the target's migration history: pending or running steps whose version is recorded
-- there did apply. Files applied are counted from the steps, not kept in a counter.

drop function if exists console_private.begin_push_step(uuid, integer);
drop function if exists console_private.finish_push_step(uuid, integer, text, jsonb);

-- p_events, in order: {ordinal, status: running, at} when a file starts; {ordinal, status:
-- succeeded|failed, at, duration_ms, result: {statements_run, statement_index, error_line,
-- error_column, sqlstate, error_message, error_detail, error_hint, partial}} when it ends.
-- Each end is audited as push.file under the admin who started the run.
create or replace function console_private.record_push_progress(p_run uuid, p_events jsonb)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  run console.push_runs;
  event jsonb;
  result jsonb;
  step console.push_steps;
begin
  select * into run from console.push_runs where id = p_run;
  if not found then
    raise exception 'no push run %', p_run using errcode = '22023';
  end if;
  for event in select e.value from jsonb_array_elements(coalesce(p_events, '[]')) as e(value) loop
    if event ->> 'status' = 'running' then
      update console.push_steps s
      set status = 'running', started_at = (event ->> 'at')::timestamptz
      where s.run_id = p_run and s.ordinal = (event ->> 'ordinal')::integer and s.status = 'pending';
      continue;
    end if;
    if coalesce(event ->> 'status', '') not in ('succeeded', 'failed') then
      raise exception 'invalid push progress event %', event using errcode = '22023';
    end if;
    result := coalesce(event -> 'result', '{}');
    update console.push_steps s
    set status = event ->> 'status',
        finished_at = (event ->> 'at')::timestamptz,
        duration_ms = (event ->> 'duration_ms')::integer,
        statements_run = (result ->> 'statements_run')::integer,
        statement_index = (result ->> 'statement_index')::integer,
        error_line = (result ->> 'error_line')::integer,
        error_column = (result ->> 'error_column')::integer,
        sqlstate = result ->> 'sqlstate',
        error_message = result ->> 'error_message',
        error_detail = result ->> 'error_detail',
        error_hint = result ->> 'error_hint',
        partial = coalesce((result ->> 'partial')::boolean, false)
    where s.run_id = p_run and s.ordinal = (event ->> 'ordinal')::integer and s.status in ('pending', 'running')
    returning * into step;
    if found then
      perform console_private.write_audit(run.started_by, 'push.file', 'push:' || run.request_id,
        case when step.status = 'succeeded' then 'ok' else 'failed' end,
        jsonb_build_object('run_id', p_run, 'version', step.version, 'file_name', step.file_name, 'mode', step.mode,
                           'duration_ms', step.duration_ms) || jsonb_strip_nulls(result),
        run.audit_request_id);
    end if;
  end loop;
end;
$$;

-- Ends a run (idempotent: only a running run changes). succeeded/failed end the request the same
-- way; refused (the pre-flight check found the snapshot stale, nothing ran) returns it to approved.
-- p_applied_versions: versions the target's history records, for steps whose end the engine could
-- not record (connection lost, process gone): those applied.
create or replace function console_private.finish_push_run(p_run uuid, p_status text, p_error jsonb default null, p_applied_versions text[] default '{}')
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  run console.push_runs;
  applied integer;
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
  set status = 'succeeded', finished_at = coalesce(s.finished_at, clock_timestamp())
  where s.run_id = p_run and s.status in ('pending', 'running') and s.version = any(coalesce(p_applied_versions, '{}'));
  update console.push_steps s
  set status = 'failed', finished_at = clock_timestamp(),
      error_message = coalesce(s.error_message, p_error ->> 'message'), sqlstate = coalesce(s.sqlstate, p_error ->> 'sqlstate')
  where s.run_id = p_run and s.status = 'running';
  update console.push_steps s set status = 'skipped' where s.run_id = p_run and s.status = 'pending';
  select count(*) into applied from console.push_steps s where s.run_id = p_run and s.status = 'succeeded';

  update console.push_runs
  set status = p_status, finished_at = clock_timestamp(), error = p_error, files_applied = applied
  where id = p_run;
  update console.push_requests
  set state = case p_status when 'refused' then 'approved' else p_status end, updated_at = now()
  where id = run.request_id and state = 'running';
  perform console_private.write_audit(run.started_by, 'push.run_end', 'push:' || run.request_id,
    case p_status when 'succeeded' then 'ok' when 'failed' then 'failed' else 'refused' end,
    jsonb_build_object('run_id', p_run, 'status', p_status, 'files_applied', applied, 'files_total', run.files_total)
      || case when p_error is null then '{}'::jsonb else jsonb_build_object('error', p_error) end,
    run.audit_request_id);
  return true;
end;
$$;

-- Runs on this database still marked running although the caller holds the push lock (so their
-- engine is gone), with the versions of their unfinished steps to look up in the history.
-- Its result columns changed, which create or replace cannot do.
drop function if exists console_private.orphaned_push_runs(text);
create or replace function console_private.orphaned_push_runs(p_target_database text)
returns table (run_id uuid, unfinished_versions text[])
language sql
stable
security definer
set search_path = ''
as $$
  select r.id, coalesce(array_agg(s.version) filter (where s.status in ('pending', 'running')), '{}')
  from console.push_runs r
  left join console.push_steps s on s.run_id = r.id
  where r.status = 'running' and r.target_database = p_target_database
  group by r.id;
$$;

-- Files applied, counted from the steps (live while a run is in progress).
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
           run.status, run.started_at, run.finished_at,
           case when run.id is null then null
                else (select count(*)::integer from console.push_steps s where s.run_id = run.id and s.status = 'succeeded') end,
           run.error ->> 'message'
    from console.push_requests r
    left join lateral (
      select pa.approved_by_email, pa.approved_at from console.push_approvals pa
      where pa.request_id = r.id order by pa.approved_at desc limit 1
    ) a on true
    left join lateral (
      select pr.id, pr.status, pr.started_at, pr.finished_at, pr.error from console.push_runs pr
      where pr.request_id = r.id order by pr.started_at desc limit 1
    ) run on true
    where (p_state is null or r.state = p_state)
      and (p_before is null or r.requested_at < p_before)
    order by r.requested_at desc, r.id desc
    limit least(greatest(coalesce(p_limit, 50), 1), 200);
end;
$$;

-- One request with its files, approvals, runs (newest first) and their steps; files applied
-- are counted from the steps. Null when there is no such request.
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


revoke execute on all functions in schema console_private from public, anon, authenticated, service_role;
revoke execute on function console.list_pushes(text, timestamptz, integer) from public, anon;
grant execute on function console.list_pushes(text, timestamptz, integer) to authenticated;
revoke execute on function console.get_push(uuid) from public, anon;
grant execute on function console.get_push(uuid) to authenticated;
