/**
 * The live project's catalog as the console uses it: declared once here, filled by
 * decode-catalog.ts from `console.catalog()` or from the same query run directly.
 */

/** The API roles whose grants the console shows, and PUBLIC (every role). */
export const API_ROLES = ['anon', 'authenticated', 'service_role'] as const;
export type ApiRole = (typeof API_ROLES)[number];

export type Privilege =
  'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE' | 'REFERENCES' | 'TRIGGER' | 'MAINTAIN' | 'EXECUTE' | 'USAGE' | 'CREATE' | 'CONNECT' | 'TEMPORARY';

/** Privileges by grantee (`PUBLIC` for grants to every role), from the object's ACL. */
export type Grants = Record<string, Privilege[]>;

export type PolicyCommand = 'select' | 'insert' | 'update' | 'delete' | 'all';

export type CatalogPolicy = {
  name: string;
  command: PolicyCommand;
  permissive: boolean;
  /** Role names; `public` means every role. */
  roles: string[];
  /** USING expression as PostgreSQL deparses it (schema-qualified), or null. */
  using: string | null;
  withCheck: string | null;
};

export type CatalogColumn = {
  name: string;
  position: number;
  /** As `format_type` prints it, e.g. `timestamp with time zone`, `character varying(255)`. */
  type: string;
  nullable: boolean;
  /** The default expression; only in detail mode (null otherwise, see `hasDefault`). */
  default: string | null;
  hasDefault: boolean;
  identity: 'always' | 'by_default' | null;
  generated: boolean;
};

export type ConstraintType = 'primary_key' | 'foreign_key' | 'unique' | 'check' | 'exclusion' | 'trigger' | 'not_null';

export type CatalogConstraint = {
  name: string;
  type: ConstraintType;
  /** `pg_get_constraintdef`; only in detail mode. */
  definition: string | null;
  columns: string[];
  references: { schema: string; table: string } | null;
};

export type CatalogIndex = {
  name: string;
  /** `pg_get_indexdef`; only in detail mode. */
  definition: string | null;
  unique: boolean;
  primary: boolean;
  valid: boolean;
  method: string;
  /** Key columns in order; null for an expression key. */
  columns: (string | null)[];
  /** INCLUDE columns. */
  include: string[];
  /** Operator classes of the key columns (oids): two indexes are duplicates only if these match too. */
  opclasses: number[];
  expressions: string | null;
  predicate: string | null;
  sizeBytes: number;
};

export type TableKind = 'table' | 'partitioned' | 'foreign';

export type CatalogTable = {
  schema: string;
  name: string;
  kind: TableKind;
  isPartition: boolean;
  rlsEnabled: boolean;
  rlsForced: boolean;
  /** From planner statistics; null when the table was never analyzed. */
  estimatedRows: number | null;
  /** Table, TOAST and indexes from planner statistics (pages × block size). */
  sizeBytes: number;
  comment: string | null;
  columns: CatalogColumn[];
  constraints: CatalogConstraint[];
  indexes: CatalogIndex[];
  grants: Grants;
  policies: CatalogPolicy[];
  /** User triggers (not the internal ones behind foreign keys). */
  triggers: CatalogTrigger[];
};

export type CatalogTrigger = {
  name: string;
  /** `CREATE TRIGGER …` as PostgreSQL prints it. */
  definition: string;
  /** `O` fires (origin and local), `D` disabled, `R` replica only, `A` always. */
  enabled: 'origin' | 'disabled' | 'replica' | 'always';
  function: { schema: string; name: string };
};

export type TypeKind = 'enum' | 'domain' | 'composite' | 'range' | 'multirange';

export type CatalogType = {
  schema: string;
  name: string;
  kind: TypeKind;
  /** Enum labels in order, a domain's base type, a composite's `field type` list; empty for ranges. */
  details: string[];
  grants: Grants;
};

export type CatalogView = {
  schema: string;
  name: string;
  materialized: boolean;
  /** Views run with the caller's rights (and RLS) only with `security_invoker`. */
  securityInvoker: boolean;
  grants: Grants;
  readsAuthUsers: boolean;
  columns: CatalogColumn[];
  comment: string | null;
};

export type FunctionKind = 'function' | 'procedure' | 'aggregate' | 'window';

export type CatalogFunction = {
  schema: string;
  name: string;
  /** Identity arguments, e.g. `required console.member_role`. */
  arguments: string;
  kind: FunctionKind;
  language: string;
  securityDefiner: boolean;
  /** `search_path` pinned with SET on the function; null when it runs with the caller's. */
  searchPath: string | null;
  config: string[];
  /** Roles that may execute it; `PUBLIC` when everyone may (the default for new functions). */
  executableBy: string[];
  bodyMd5: string;
  /** The return type as PostgreSQL prints it (`trigger`, `void`, `setof …` shows as the element type). */
  returns: string;
};

export type Catalog = {
  serverVersion: number;
  /** `pgrst.db_schemas` when the database carries it (hosted projects); null otherwise. */
  exposedSchemasSetting: string[] | null;
  /** True when defaults and definitions were read (detail mode). */
  detail: boolean;
  schemas: string[];
  tables: CatalogTable[];
  views: CatalogView[];
  functions: CatalogFunction[];
  /** The project's enums, domains, composite and range types (whole-project reads only; the multirange PostgreSQL makes with each range is not listed). */
  types: CatalogType[];
  /** Installed extensions, platform ones included (whole-project reads only). */
  extensions: CatalogExtension[];
};

export type CatalogExtension = { name: string; schema: string; version: string; relocatable: boolean };

export function tableKey(table: { schema: string; name: string }): string {
  return `${table.schema}.${table.name}`;
}
