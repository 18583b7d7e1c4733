-- module: console
-- The migration history for the console's status pages: the rows of the Supabase CLI's
-- supabase_migrations.schema_migrations, read by the console's server with the service-role key.
-- Idempotent like the files before it.
--
-- SECURITY DEFINER because the history schema belongs to the role that pushes migrations and is
-- not granted to the API roles; the function hands out only what `supabase migration list` shows.
-- A project where nothing was pushed yet has no history table: that is "nothing pushed yet"
-- (table_exists false), not an error. The table is therefore read with dynamic SQL, and missing
-- columns (tables made by very old CLIs had only `version`) read as null through to_jsonb.

create or replace function console.migration_history()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  history_rows jsonb;
begin
  if (select auth.role()) is distinct from 'service_role' then
    raise exception 'only the console server may read the migration history' using errcode = '42501';
  end if;
  if to_regclass('supabase_migrations.schema_migrations') is null then
    return jsonb_build_object('table_exists', false, 'rows', '[]'::jsonb);
  end if;
  -- Byte order of the versions, as the CLI compares them, whatever the database's collation.
  execute $sql$
    select coalesce(jsonb_agg(jsonb_build_object(
             'version', m.version,
             'name', to_jsonb(m) -> 'name',
             'statements', to_jsonb(m) -> 'statements')
           order by m.version collate "C"), '[]'::jsonb)
    from supabase_migrations.schema_migrations m
  $sql$ into history_rows;
  return jsonb_build_object('table_exists', true, 'rows', history_rows);
end;
$$;

revoke execute on function console.migration_history() from public, anon, authenticated;
grant execute on function console.migration_history() to service_role;
