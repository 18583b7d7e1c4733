-- module: console
-- The catalog also lists each table's triggers (their definition, whether they fire, the function
-- they call) and the project's own types (enums with their labels, domains with their base type,
-- composite types with their fields, ranges), so that the table page and /schema can show which
-- migration created each of them, and the installed extensions with their schema (the advisor
-- warns of extensions installed in public), and each function's return type (a trigger function
-- cannot be called over the API, so the advisor does not count it as callable). Same query otherwise; lib/catalog/catalog-sql.ts holds its text
-- and a unit test keeps the two identical. Documents without the two new keys (an older function)
-- still decode: they read as no triggers and no types.
--
-- The change marker covers the rows the new keys read (pg_trigger, pg_type, pg_enum), so a new
-- trigger or enum label is seen at the next page load.

create or replace function console.catalog(
  p_schema text default null,
  p_table text default null,
  p_detail boolean default false
)
returns json
language plpgsql
stable
security definer
set search_path = ''
as $catalog$
begin
  if (select auth.role()) is distinct from 'service_role' then
    raise exception 'only the console server may read the catalog' using errcode = '42501';
  end if;
  return (
    with
    project_schemas as (
      select n.oid, n.nspname
      from pg_catalog.pg_namespace n
      where n.nspname not in (
          'pg_catalog', 'information_schema', 'pg_toast', 'auth', 'extensions', 'storage', 'realtime',
          '_realtime', 'graphql', 'graphql_public', 'vault', 'pgsodium', 'pgsodium_masks',
          'supabase_functions', 'supabase_migrations', '_analytics', 'net', 'cron', 'pgbouncer', 'pgtle',
          'pgmq', 'pgroonga', 'repack', 'tiger', 'tiger_data', 'topology', '_timescaledb_cache',
          '_timescaledb_catalog', '_timescaledb_config', '_timescaledb_internal')
        and n.nspname !~ '^pg_(temp|toast_temp)_'
        and ($1::text is null or n.nspname = $1::text)
        and not exists (
          select 1 from pg_catalog.pg_depend d
          where d.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass and d.objid = n.oid and d.deptype = 'e')
    ),
    rels as materialized (
      select c.oid, s.nspname, c.relname, c.relkind, c.relispartition, c.relrowsecurity, c.relforcerowsecurity,
             c.reltuples, c.relpages, c.reltoastrelid, c.relacl, c.reloptions
      from pg_catalog.pg_class c
      join project_schemas s on s.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'f', 'v', 'm')
        and ($2::text is null or c.relname = $2::text)
        and not exists (
          select 1 from pg_catalog.pg_depend d
          where d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.objid = c.oid and d.deptype = 'e')
    )
    select json_build_object(
      'format', 1,
      'server_version', pg_catalog.current_setting('server_version_num')::int,
      'block_size', pg_catalog.current_setting('block_size')::int,
      'exposed_schemas', nullif(pg_catalog.current_setting('pgrst.db_schemas', true), ''),
      'detail', coalesce($3::boolean, false),
      'schemas', (select coalesce(json_agg(s.nspname), '[]') from project_schemas s),
      'relations', (
        select coalesce(json_agg(json_build_array(
                 r.oid, r.nspname, r.relname, r.relkind, r.relispartition, r.relrowsecurity, r.relforcerowsecurity,
                 r.reltuples, r.relpages + coalesce(t.relpages, 0), r.relacl::text[], r.reloptions, d.description)), '[]')
        from rels r
        left join pg_catalog.pg_class t on t.oid = r.reltoastrelid
        left join pg_catalog.pg_description d
          on d.objoid = r.oid and d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.objsubid = 0),
      'columns', (
        select coalesce(json_agg(json_build_array(
                 a.attrelid, a.attnum, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,
                 case when $3::boolean then pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) end, ad.oid is not null,
                 a.attidentity, a.attgenerated)), '[]')
        from rels r
        join pg_catalog.pg_attribute a on a.attrelid = r.oid and a.attnum > 0 and not a.attisdropped
        left join pg_catalog.pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum),
      'constraints', (
        select coalesce(json_agg(json_build_array(
                 k.conrelid, k.conname, k.contype, case when $3::boolean then pg_catalog.pg_get_constraintdef(k.oid) end,
                 k.conkey, fn.nspname, fc.relname)), '[]')
        from rels r
        join pg_catalog.pg_constraint k on k.conrelid = r.oid
        left join pg_catalog.pg_class fc on fc.oid = k.confrelid
        left join pg_catalog.pg_namespace fn on fn.oid = fc.relnamespace),
      'indexes', (
        select coalesce(json_agg(json_build_array(
                 i.indrelid, ic.relname, case when $3::boolean then pg_catalog.pg_get_indexdef(i.indexrelid) end,
                 i.indisunique, i.indisprimary, i.indisvalid, i.indnkeyatts, i.indkey::int2[], am.amname,
                 i.indclass::oid[], pg_catalog.pg_get_expr(i.indexprs, i.indrelid),
                 pg_catalog.pg_get_expr(i.indpred, i.indrelid), ic.relpages)), '[]')
        from rels r
        join pg_catalog.pg_index i on i.indrelid = r.oid
        join pg_catalog.pg_class ic on ic.oid = i.indexrelid
        join pg_catalog.pg_am am on am.oid = ic.relam),
      'policies', (
        select coalesce(json_agg(json_build_array(
                 p.polrelid, p.polname, p.polcmd, p.polpermissive, p.polroles::pg_catalog.regrole[]::text[],
                 pg_catalog.pg_get_expr(p.polqual, p.polrelid), pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid))), '[]')
        from rels r
        join pg_catalog.pg_policy p on p.polrelid = r.oid),
      'views_reading_auth_users', (
        select coalesce(json_agg(distinct rw.ev_class), '[]')
        from rels r
        join pg_catalog.pg_rewrite rw on rw.ev_class = r.oid
        join pg_catalog.pg_depend dep
          on dep.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass and dep.objid = rw.oid
        where r.relkind in ('v', 'm') and dep.refobjid = pg_catalog.to_regclass('auth.users')),
      'functions', (
        select coalesce(json_agg(json_build_array(
                 s.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid), p.prokind, l.lanname,
                 p.prosecdef, p.proconfig, p.proacl::text[], pg_catalog.md5(p.prosrc), p.prorettype::pg_catalog.regtype::text)), '[]')
        from pg_catalog.pg_proc p
        join project_schemas s on s.oid = p.pronamespace
        join pg_catalog.pg_language l on l.oid = p.prolang
        where $2::text is null
          and not exists (
            select 1 from pg_catalog.pg_depend d
            where d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass and d.objid = p.oid and d.deptype = 'e')),
      'triggers', (
        select coalesce(json_agg(json_build_array(
                 tg.tgrelid, tg.tgname, pg_catalog.pg_get_triggerdef(tg.oid), tg.tgenabled, fs.nspname, fp.proname)), '[]')
        from rels r
        join pg_catalog.pg_trigger tg on tg.tgrelid = r.oid and not tg.tgisinternal
        join pg_catalog.pg_proc fp on fp.oid = tg.tgfoid
        join pg_catalog.pg_namespace fs on fs.oid = fp.pronamespace),
      'types', (
        select coalesce(json_agg(json_build_array(
                 s.nspname, t.typname, t.typtype,
                 case t.typtype
                   when 'e' then (select pg_catalog.array_agg(e.enumlabel order by e.enumsortorder) from pg_catalog.pg_enum e where e.enumtypid = t.oid)
                   when 'd' then array[pg_catalog.format_type(t.typbasetype, t.typtypmod)]
                   when 'c' then (select pg_catalog.array_agg(a.attname || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod) order by a.attnum)
                                  from pg_catalog.pg_attribute a where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped)
                 end,
                 t.typacl::text[])), '[]')
        from pg_catalog.pg_type t
        join project_schemas s on s.oid = t.typnamespace
        left join pg_catalog.pg_class tc on tc.oid = t.typrelid
        where $2::text is null
          and t.typtype in ('e', 'd', 'r', 'c')
          and (t.typtype <> 'c' or tc.relkind = 'c')
          and not exists (
            select 1 from pg_catalog.pg_depend d
            where d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass and d.objid = t.oid and d.deptype = 'e')),
      'extensions', (
        select coalesce(json_agg(json_build_array(e.extname, en.nspname, e.extversion, e.extrelocatable)), '[]')
        from pg_catalog.pg_extension e
        join pg_catalog.pg_namespace en on en.oid = e.extnamespace
        where $2::text is null)
    )
  );
end;
$catalog$;

revoke execute on function console.catalog(text, text, boolean) from public, anon, authenticated;
grant execute on function console.catalog(text, text, boolean) to service_role;

create or replace function console.catalog_fingerprint()
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if (select auth.role()) is distinct from 'service_role' then
    raise exception 'only the console server may read the catalog' using errcode = '42501';
  end if;
  return pg_catalog.md5(pg_catalog.concat_ws('|',
    pg_catalog.current_setting('server_version_num'),
    pg_catalog.current_setting('pgrst.db_schemas', true),
    (select pg_catalog.string_agg(c.oid::text || ':' || c.xmin::text || ':' || c.relpages || ':' || c.reltuples, ',' order by c.oid)
       from pg_catalog.pg_class c where c.oid >= 16384),
    (select count(*) || ':' || sum(a.xmin::text::bigint) from pg_catalog.pg_attribute a where a.attrelid >= 16384 and a.attnum > 0),
    (select count(*) || ':' || sum(d.xmin::text::bigint) from pg_catalog.pg_attrdef d),
    (select count(*) || ':' || sum(k.xmin::text::bigint) from pg_catalog.pg_constraint k where k.oid >= 16384),
    (select count(*) || ':' || sum(i.xmin::text::bigint) || ':' || count(*) filter (where i.indisvalid and i.indisready and i.indislive)
       from pg_catalog.pg_index i where i.indexrelid >= 16384),
    (select count(*) || ':' || sum(p.xmin::text::bigint) from pg_catalog.pg_policy p),
    (select count(*) || ':' || sum(p.xmin::text::bigint) from pg_catalog.pg_proc p where p.oid >= 16384),
    (select count(*) || ':' || sum(r.xmin::text::bigint) from pg_catalog.pg_rewrite r where r.oid >= 16384),
    (select count(*) || ':' || sum(d.xmin::text::bigint) from pg_catalog.pg_description d where d.objoid >= 16384),
    (select count(*) || ':' || sum(n.xmin::text::bigint) from pg_catalog.pg_namespace n),
    (select count(*) || ':' || sum(e.xmin::text::bigint) from pg_catalog.pg_extension e),
    (select count(*) || ':' || sum(t.xmin::text::bigint) from pg_catalog.pg_trigger t where t.oid >= 16384),
    (select count(*) || ':' || sum(t.xmin::text::bigint) from pg_catalog.pg_type t where t.oid >= 16384),
    (select count(*) || ':' || sum(e.xmin::text::bigint) from pg_catalog.pg_enum e where e.oid >= 16384),
    (select pg_catalog.string_agg(r.oid::text || ':' || r.rolname, ',' order by r.oid) from pg_catalog.pg_roles r)
  ));
end;
$$;

revoke execute on function console.catalog_fingerprint() from public, anon, authenticated;
grant execute on function console.catalog_fingerprint() to service_role;
