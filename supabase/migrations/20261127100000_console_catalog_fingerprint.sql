-- module: console
-- A change marker for everything console.catalog() reads, so that the console's server can keep
-- the catalog it last read (about 90 ms of deparsing for 300 tables and 900 policies, then half a
-- megabyte of JSON) and read it again only when the marker moves. It deparses nothing.
--
-- How it sees a change: every transactional change of a catalog row (CREATE, ALTER, DROP,
-- COMMENT, GRANT/REVOKE, CREATE OR REPLACE, ENABLE RLS, policies, defaults, constraints, views)
-- removes row versions and writes new ones stamped with the changing transaction's id, which is
-- newer than the xmin of every row it replaces. So per catalog, the row count and the sum of the
-- xmins cannot both stay the same across a change (until transaction ids wrap around, which a
-- project meets once in four billion transactions; the next change moves the marker again).
-- The fields PostgreSQL updates in place, without a new row version, and that the catalog shows
-- are added as values: relpages and reltuples (VACUUM, ANALYZE) and the index state flags. Role
-- names (policies show them) come from pg_roles. Objects are those with the OID of a user object
-- (>= 16384): more than the catalog lists, so a change elsewhere costs an extra read, never a
-- stale page.
--
-- Service role only and SECURITY DEFINER, like console.catalog().

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
    (select pg_catalog.string_agg(r.oid::text || ':' || r.rolname, ',' order by r.oid) from pg_catalog.pg_roles r)
  ));
end;
$$;

revoke execute on function console.catalog_fingerprint() from public, anon, authenticated;
grant execute on function console.catalog_fingerprint() to service_role;
