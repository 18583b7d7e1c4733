/**
 * Default privileges (pg_default_acl) as the drift check compares and adopts them: one entry per
 * role, schema (null: every schema) and kind of object, with its ACL as PostgreSQL prints it.
 */
import type { DefaultAclObject } from '@/lib/sql/recognise-ddl';

export type DefaultPrivileges = { role: string; schema: string | null; objectType: DefaultAclObject; acl: string[] };

type Query = (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

export async function readDefaultPrivileges(query: Query): Promise<DefaultPrivileges[]> {
  const rows = await query(`
    select pg_catalog.pg_get_userbyid(d.defaclrole) as role, n.nspname as schema, d.defaclobjtype::text as object_type,
           d.defaclacl::text[] as acl
    from pg_catalog.pg_default_acl d
    left join pg_catalog.pg_namespace n on n.oid = d.defaclnamespace
    order by 1, 2, 3`);
  return rows.map((row) => ({
    role: String(row.role),
    schema: typeof row.schema === 'string' ? row.schema : null,
    objectType: String(row.object_type) as DefaultAclObject,
    acl: Array.isArray(row.acl) ? row.acl.map(String).sort() : [],
  }));
}

export function defaultPrivilegesKey(entry: Pick<DefaultPrivileges, 'role' | 'schema' | 'objectType'>): string {
  return `${entry.role}\u0000${entry.schema ?? ''}\u0000${entry.objectType}`;
}

const OBJECT_WORD: Record<DefaultAclObject, string> = { r: 'tables', S: 'sequences', f: 'functions', T: 'types', n: 'schemas' };

export function describeDefaultPrivileges(entry: Pick<DefaultPrivileges, 'role' | 'schema' | 'objectType'>): string {
  return `${entry.role}${entry.schema ? ` in ${entry.schema}` : ''} on ${OBJECT_WORD[entry.objectType]}`;
}
