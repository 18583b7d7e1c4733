/**
 * The catalog query: every table, view and function of the project's schemas in one round trip.
 *
 * This text is the only definition of the catalog. It runs two ways:
 * - inside `console.catalog()` (the newest migration named `…_console_catalog….sql`), which the pages call
 *   with the service-role client; `catalog-sql.test.ts` proves the function's body is this text;
 * - directly over a database connection (the PGlite shadow of the drift check, `--db-url`), through
 *   `readCatalogDirect`, with `search_path` set to '' as the function sets it, so that deparsed
 *   expressions and type names come out schema-qualified and identical on both paths.
 *
 * Parameters: $1 schema (null = all), $2 table (null = all; views, functions and types are then left out),
 * $3 detail: column defaults and index/constraint definitions, which cost most of the time
 * (PostgreSQL deparses each one) and which only the table page and the drift check need.
 *
 * "The project's schemas" are every schema except PostgreSQL's own, the ones the Supabase platform
 * manages (auth, storage, realtime, extensions, the migration history, vault, graphql…), schemas
 * created by extensions, and temporary ones. Objects that belong to an extension are left out too.
 *
 * Rows are JSON arrays rather than objects (see decode-catalog.ts for the positions): with 300
 * tables, 1,800 columns and 900 policies the key names alone would be most of the payload.
 */
export const CATALOG_SQL = `with
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
)`;

/** Schemas the catalog never lists (besides temporary schemas and schemas created by extensions). */
export const PLATFORM_SCHEMAS: readonly string[] = [
  'pg_catalog',
  'information_schema',
  'pg_toast',
  'auth',
  'extensions',
  'storage',
  'realtime',
  '_realtime',
  'graphql',
  'graphql_public',
  'vault',
  'pgsodium',
  'pgsodium_masks',
  'supabase_functions',
  'supabase_migrations',
  '_analytics',
  'net',
  'cron',
  'pgbouncer',
  'pgtle',
  'pgmq',
  'pgroonga',
  'repack',
  'tiger',
  'tiger_data',
  'topology',
  '_timescaledb_cache',
  '_timescaledb_catalog',
  '_timescaledb_config',
  '_timescaledb_internal',
];
