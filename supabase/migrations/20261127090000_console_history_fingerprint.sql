-- module: console
-- A cheap change marker for the migration history, so that the console's server can keep the
-- history it last read (700 kB of statements for 2,000 migrations) and fetch it again only when
-- it changed. The marker covers every row version: an insert, an update (a new row version has a
-- new xmin) or a delete changes it, and so does dropping and re-creating the table. It reads no
-- statements, which is what makes it cheap (a few milliseconds for 2,000 rows).
--
-- Service role only and SECURITY DEFINER, like console.migration_history().

create or replace function console.migration_history_fingerprint()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  history_table oid := to_regclass('supabase_migrations.schema_migrations');
  marker text;
begin
  if (select auth.role()) is distinct from 'service_role' then
    raise exception 'only the console server may read the migration history' using errcode = '42501';
  end if;
  if history_table is null then
    return jsonb_build_object('table_exists', false, 'fingerprint', null);
  end if;
  execute $sql$
    select pg_catalog.md5(coalesce(pg_catalog.string_agg(m.version || ':' || m.xmin::text, ',' order by m.version collate "C"), ''))
    from supabase_migrations.schema_migrations m
  $sql$ into marker;
  return jsonb_build_object('table_exists', true, 'fingerprint', history_table::text || ':' || marker);
end;
$$;

revoke execute on function console.migration_history_fingerprint() from public, anon, authenticated;
grant execute on function console.migration_history_fingerprint() to service_role;
