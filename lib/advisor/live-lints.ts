/**
 * Live lints, in the spirit of Supabase's splinter, computed from the catalog rather than by SQL of
 * their own: the same code lints the live project, the drift check's shadow database and the
 * shadow after a push's pending files (the push request's advisor delta).
 */
import type { Catalog, CatalogExtension, CatalogFunction, CatalogPolicy, CatalogTable, CatalogView, Grants, PolicyCommand } from '@/lib/catalog/types';
import { isAlwaysTrue, perRowAuthCalls, readsUserMetadata } from './policy-expressions';
import { sortFindings, type AdvisorFinding, type LintInfo, type FindingObject, type LiveLint } from './types';

export type LiveLintContext = {
  /** Schemas the Data API serves (PostgREST's db_schemas). */
  exposedSchemas: readonly string[];
};

export const LIVE_LINT_INFO: Record<LiveLint, LintInfo> = {
  rls_disabled_in_public: {
    level: 'error',
    title: 'RLS disabled on a table the API exposes',
    why: 'Anyone holding the public anon key can read and change every row through the Data API: without row level security, the grants to anon and authenticated are the only check.',
    fix: "Enable row level security in a new migration and add policies for what each role may do; or revoke the API roles' grants if the table is not meant for the API.",
  },
  policy_exists_rls_disabled: {
    level: 'error',
    title: 'Policies exist but RLS is disabled',
    why: 'Policies do nothing until row level security is enabled on the table, so the table is open to every role that holds a grant even though it looks protected.',
    fix: 'Enable row level security on the table in a new migration (the policies then take effect).',
  },
  rls_enabled_no_policy: {
    level: 'info',
    title: 'RLS enabled with no policy',
    why: 'With RLS on and no policy, the API roles can see and change nothing. That is right for a table only server code reads, and a bug if people should reach it.',
    fix: 'Add policies for the access people need, or leave it as is on purpose (and say so in a comment on the table).',
  },
  function_search_path_mutable: {
    level: 'warning',
    title: 'Function with a mutable search_path',
    why: "The function resolves unqualified names through the caller's search_path. A caller who can create objects in a schema early in that path can make it call their code — with the owner's rights when it is SECURITY DEFINER.",
    fix: "Pin the path on the function (`set search_path = ''`) and schema-qualify every name inside it.",
  },
  security_definer_view: {
    level: 'error',
    title: 'View bypasses RLS (security definer view)',
    why: "A view runs with its owner's rights unless it is created with security_invoker, so the API roles read the underlying tables without their row level security policies.",
    fix: "Recreate the view `with (security_invoker = on)`, or revoke the API roles' access to it.",
  },
  auth_users_exposed: {
    level: 'error',
    title: 'View exposes auth.users to the API',
    why: 'The view reads auth.users (emails, phone numbers, metadata of every user) and the API roles may select from it.',
    fix: "Revoke select on the view from anon and authenticated, move it to a schema the API does not expose, or select only the caller's own row with security_invoker.",
  },
  rls_references_user_metadata: {
    level: 'error',
    title: 'Policy trusts user_metadata',
    why: 'user_metadata in the JWT is editable by the signed-in user themselves (supabase.auth.updateUser), so a policy that decides access from it can be talked into anything.',
    fix: 'Decide access from app_metadata (only the server can change it) or from a table the user cannot write.',
  },
  rls_policy_always_true: {
    level: 'warning',
    title: 'Write policy that allows every row',
    why: 'A permissive INSERT, UPDATE or DELETE policy whose condition is always true lets every role it names change every row: row level security is effectively off for those writes.',
    fix: "Give the policy a real condition, such as the row's owner being the caller: `(select auth.uid()) = user_id`.",
  },
  multiple_permissive_policies: {
    level: 'warning',
    title: 'Several permissive policies for the same role and action',
    why: 'PostgreSQL evaluates every permissive policy for each row and ORs them, so each extra one slows every query of that role; they are also easy to misread.',
    fix: 'Merge them into one policy per role and action with the conditions joined by OR.',
  },
  auth_rls_initplan: {
    level: 'warning',
    title: 'Policy calls auth functions once per row',
    why: 'A bare `auth.uid()` (or `auth.jwt()`, `current_setting()`) in a policy is evaluated for every row scanned; on a large table that makes queries many times slower.',
    fix: 'Wrap the call in a sub-select so it runs once per query: `(select auth.uid())`.',
  },
  unindexed_foreign_keys: {
    level: 'info',
    title: 'Foreign key without an index',
    why: "Deleting or updating a referenced row, and joins on the key, scan the whole table without an index on the foreign key's columns.",
    fix: 'Create an index on the foreign key columns (concurrently, in a migration of its own, when the table is large).',
  },
  no_primary_key: {
    level: 'info',
    title: 'Table without a primary key',
    why: 'Rows cannot be addressed one by one: the API cannot update a single row safely, logical replication cannot replicate updates and deletes, and duplicates go unnoticed.',
    fix: 'Add a primary key (for example an identity column) in a new migration.',
  },
  duplicate_index: {
    level: 'warning',
    title: 'Duplicate indexes',
    why: 'Identical indexes double the cost of every write and the disk space, and help no query.',
    fix: 'Drop all but one of them in a new migration.',
  },
  foreign_table_in_api: {
    level: 'warning',
    title: 'Foreign table readable through the API',
    why: 'A foreign table cannot have row level security: every row the remote server returns is readable by the API roles that hold SELECT on it, in an exposed schema.',
    fix: 'Move the foreign table to a schema the API does not expose, or revoke SELECT from anon and authenticated and reach it through a function that checks the caller.',
  },
  materialized_view_in_api: {
    level: 'warning',
    title: 'Materialized view readable through the API',
    why: 'A materialized view has no row level security: it holds a copy of the rows it selected, and every API role with SELECT on it reads all of them, whatever the policies of the tables it came from.',
    fix: 'Revoke SELECT from anon and authenticated (or move it out of the exposed schemas) and serve it through a view or function that filters by the caller.',
  },
  security_definer_function_executable: {
    level: 'error',
    title: 'SECURITY DEFINER function callable without signing in',
    why: "It runs with its owner's rights, past every row level security policy, and anyone with the anon key may call it over the API (/rest/v1/rpc): whatever it returns or changes, any visitor gets or does (another user's email, for one).",
    fix: 'Revoke EXECUTE from public and anon (grant it to authenticated if signed-in people need it, and check the caller inside), make it SECURITY INVOKER, or move it to a schema the API does not expose.',
  },
  extension_in_public: {
    level: 'warning',
    title: 'Extension installed in public',
    why: "Its functions, types and operators land in the schema the API exposes and every role searches first: they show up as RPC endpoints, can clash with the project's own names, and a later version may add objects nobody reviewed. Supabase installs extensions in the extensions schema.",
    fix: 'Move it with `alter extension … set schema extensions` when it is relocatable; otherwise drop it and create it again `with schema extensions` in a new migration (objects that depend on it must be recreated).',
  },
};

const READS = ['SELECT'] as const;

function apiCanRead(grants: Grants): boolean {
  return ['anon', 'authenticated', 'PUBLIC'].some((role) => (grants[role] ?? []).some((privilege) => READS.includes(privilege as 'SELECT')));
}

function apiHasAnyGrant(grants: Grants): boolean {
  return ['anon', 'authenticated', 'PUBLIC'].some((role) => (grants[role] ?? []).length > 0);
}

function quote(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

export function qualified(schema: string, name: string): string {
  return `${quote(schema)}.${quote(name)}`;
}

function finding(
  lint: LiveLint,
  object: FindingObject,
  objectLabel: string,
  detail: string,
  extra: { fixSql?: string; keySuffix?: string } = {},
): AdvisorFinding {
  const info = LIVE_LINT_INFO[lint];
  const id = [object.schema, object.table, object.name].filter((part) => part !== null).join('.');
  return {
    lint,
    level: info.level,
    title: info.title,
    object,
    objectLabel,
    detail,
    why: info.why,
    fix: info.fix,
    ...(extra.fixSql ? { fixSql: extra.fixSql } : {}),
    key: `${lint}:${object.type}:${id}${extra.keySuffix ? `:${extra.keySuffix}` : ''}`,
  };
}

function tableObject(table: CatalogTable): FindingObject {
  return { type: 'table', schema: table.schema, table: table.name, name: table.name };
}

function policyObject(table: CatalogTable, policy: CatalogPolicy): FindingObject {
  return { type: 'policy', schema: table.schema, table: table.name, name: policy.name };
}

function policyLabel(table: CatalogTable, policy: CatalogPolicy): string {
  return `policy "${policy.name}" on ${qualified(table.schema, table.name)}`;
}

/** Every live finding for the catalog, errors first. */
export function lintCatalog(catalog: Catalog, context: LiveLintContext): AdvisorFinding[] {
  const exposed = new Set(context.exposedSchemas);
  const findings: AdvisorFinding[] = [];
  for (const table of catalog.tables) findings.push(...lintTable(table, exposed));
  for (const view of catalog.views) findings.push(...lintView(view, exposed));
  for (const fn of catalog.functions) findings.push(...lintFunction(fn), ...lintFunctionExposure(fn, exposed));
  for (const extension of catalog.extensions ?? []) findings.push(...lintExtension(extension));
  return sortFindings(findings);
}

/** splinter's extension_in_public: an extension whose objects live in public. */
export function lintExtension(extension: CatalogExtension): AdvisorFinding[] {
  if (extension.schema !== 'public') return [];
  const object: FindingObject = { type: 'extension', schema: 'public', table: null, name: extension.name };
  return [
    finding(
      'extension_in_public',
      object,
      `extension ${extension.name}`,
      `Extension ${extension.name} ${extension.version} is installed in public${extension.relocatable ? '' : ' (it is not relocatable: it must be dropped and created again in extensions)'}.`,
      extension.relocatable ? { fixSql: `alter extension ${quote(extension.name)} set schema extensions;` } : {},
    ),
  ];
}

export function lintTable(table: CatalogTable, exposed: ReadonlySet<string>): AdvisorFinding[] {
  const findings: AdvisorFinding[] = [];
  const name = qualified(table.schema, table.name);
  const object = tableObject(table);
  const label = `table ${name}`;
  const isTable = table.kind !== 'foreign';

  if (isTable && !table.rlsEnabled && exposed.has(table.schema) && apiCanRead(table.grants)) {
    const roles = ['anon', 'authenticated', 'PUBLIC'].filter((role) => (table.grants[role] ?? []).length > 0);
    findings.push(
      finding(
        'rls_disabled_in_public',
        object,
        label,
        `${name} is in the exposed schema "${table.schema}" and ${roles.join(', ')} ${roles.length === 1 ? 'holds' : 'hold'} grants on it, but row level security is disabled.`,
        { fixSql: `alter table ${name} enable row level security;` },
      ),
    );
  }
  if (isTable && !table.rlsEnabled && table.policies.length > 0) {
    findings.push(
      finding(
        'policy_exists_rls_disabled',
        object,
        label,
        `${name} has ${table.policies.length} polic${table.policies.length === 1 ? 'y' : 'ies'} (${table.policies.map((policy) => `"${policy.name}"`).join(', ')}) but row level security is disabled, so none of them applies.`,
        { fixSql: `alter table ${name} enable row level security;` },
      ),
    );
  }
  if (isTable && table.rlsEnabled && table.policies.length === 0) {
    findings.push(
      finding(
        'rls_enabled_no_policy',
        object,
        label,
        `${name} has row level security enabled and no policy: the API roles ${apiHasAnyGrant(table.grants) ? 'hold grants but ' : ''}can read and change no row of it.`,
      ),
    );
  }
  if (table.kind === 'foreign' && exposed.has(table.schema) && apiCanRead(table.grants)) {
    findings.push(
      finding(
        'foreign_table_in_api',
        object,
        `foreign table ${name}`,
        `Foreign table ${name} is in the exposed schema "${table.schema}" and the API roles may select from it; foreign tables have no row level security.`,
        { fixSql: `revoke select on ${name} from anon, authenticated;` },
      ),
    );
  }
  if (table.kind === 'table' || table.kind === 'partitioned') {
    if (!table.constraints.some((constraint) => constraint.type === 'primary_key')) {
      findings.push(
        finding('no_primary_key', object, label, `${name} has no primary key.`, {
          fixSql: `alter table ${name} add column id bigint generated always as identity primary key;`,
        }),
      );
    }
  }

  for (const policy of table.policies) {
    const pLabel = policyLabel(table, policy);
    const pObject = policyObject(table, policy);
    if (readsUserMetadata(policy.using) || readsUserMetadata(policy.withCheck)) {
      findings.push(
        finding(
          'rls_references_user_metadata',
          pObject,
          pLabel,
          `Policy "${policy.name}" on ${name} reads user_metadata, which each user can change for themselves.`,
        ),
      );
    }
    if (table.rlsEnabled) {
      const calls = [...new Set([...perRowAuthCalls(policy.using), ...perRowAuthCalls(policy.withCheck)])];
      if (calls.length) {
        findings.push(
          finding('auth_rls_initplan', pObject, pLabel, `Policy "${policy.name}" on ${name} calls ${calls.join(', ')} for every row.`, {
            fixSql: initplanFix(policy, name),
          }),
        );
      }
      const alwaysTrue = alwaysTrueWrite(policy);
      if (alwaysTrue) {
        findings.push(
          finding('rls_policy_always_true', pObject, pLabel, `Policy "${policy.name}" on ${name} lets ${describeRoles(policy.roles)} ${alwaysTrue} any row.`),
        );
      }
    }
  }

  if (table.rlsEnabled) findings.push(...multiplePermissive(table));
  findings.push(...unindexedForeignKeys(table));
  findings.push(...duplicateIndexes(table));
  return findings;
}

/**
 * The ALTER POLICY that wraps the auth calls in sub-selects. Only the clauses the policy has are
 * rewritten: an INSERT policy has no USING (PostgreSQL rejects one), a SELECT or DELETE policy no
 * WITH CHECK.
 */
function initplanFix(policy: CatalogPolicy, name: string): string {
  const clauses = [
    policy.using !== null ? `using (${rewriteInitplan(policy.using)})` : null,
    policy.withCheck !== null ? `with check (${rewriteInitplan(policy.withCheck)})` : null,
  ].filter(Boolean);
  return `-- in a new migration\nalter policy ${quote(policy.name)} on ${name}\n  ${clauses.join('\n  ')};`;
}

/** What an always-true permissive write policy allows (`insert`, `update`, `delete`, `write`), or null. */
function alwaysTrueWrite(policy: CatalogPolicy): string | null {
  if (!policy.permissive) return null;
  if (!policy.roles.some((role) => role === 'public' || role === 'anon' || role === 'authenticated')) return null;
  const writes: Partial<Record<PolicyCommand, string>> = { insert: 'insert', update: 'update', delete: 'delete', all: 'read and write' };
  const verb = writes[policy.command];
  if (!verb) return null;
  // A policy without a condition lets nothing through: PostgreSQL adds only the permissive
  // policies that have a qual (rowsecurity.c), so no USING shows no row and no WITH CHECK (and no
  // USING to fall back on) refuses every insert. Only a missing WITH CHECK of UPDATE or ALL falls
  // back to the policy's USING.
  const usingTrue = isAlwaysTrue(policy.using);
  const checkTrue = isAlwaysTrue(policy.withCheck) || (policy.withCheck === null && policy.command !== 'insert' && usingTrue);
  if (policy.command === 'insert') return checkTrue ? verb : null;
  if (policy.command === 'delete') return usingTrue ? verb : null;
  return usingTrue || checkTrue ? verb : null;
}

function describeRoles(roles: readonly string[]): string {
  if (roles.includes('public')) return 'every role';
  return roles.join(' and ');
}

function rewriteInitplan(expression: string): string {
  return expression.replace(/(?<!select\s)\b(auth\.(uid|jwt|role|email)\(\))/gi, '(select $1)');
}

const COMMANDS: PolicyCommand[] = ['select', 'insert', 'update', 'delete'];

function multiplePermissive(table: CatalogTable): AdvisorFinding[] {
  // `public` policies apply to every role: count them for the API roles and every role named on this table.
  const named = new Set(table.policies.flatMap((policy) => policy.roles).filter((role) => role !== 'public' && role !== 'service_role'));
  const roles = [...new Set(['anon', 'authenticated', ...named])];
  const findings: AdvisorFinding[] = [];
  for (const role of roles) {
    for (const command of COMMANDS) {
      const matching = table.policies.filter(
        (policy) =>
          policy.permissive && (policy.roles.includes(role) || policy.roles.includes('public')) && (policy.command === command || policy.command === 'all'),
      );
      if (matching.length < 2) continue;
      findings.push(
        finding(
          'multiple_permissive_policies',
          tableObject(table),
          `table ${qualified(table.schema, table.name)}`,
          `${qualified(table.schema, table.name)} has ${matching.length} permissive policies for role ${role} on ${command.toUpperCase()}: ${matching.map((policy) => `"${policy.name}"`).join(', ')}.`,
          { keySuffix: `${role}:${command}` },
        ),
      );
    }
  }
  return findings;
}

function unindexedForeignKeys(table: CatalogTable): AdvisorFinding[] {
  const findings: AdvisorFinding[] = [];
  for (const constraint of table.constraints) {
    if (constraint.type !== 'foreign_key' || constraint.columns.length === 0) continue;
    const needed = new Set(constraint.columns);
    const covered = table.indexes.some((index) => {
      if (index.predicate !== null) return false;
      const leading = index.columns.slice(0, needed.size);
      return leading.length === needed.size && leading.every((column) => column !== null && needed.has(column));
    });
    if (covered) continue;
    const name = qualified(table.schema, table.name);
    findings.push(
      finding(
        'unindexed_foreign_keys',
        { type: 'table', schema: table.schema, table: table.name, name: constraint.name },
        `foreign key ${constraint.name} on ${name}`,
        `Foreign key ${constraint.name} on ${name} (${constraint.columns.join(', ')}${constraint.references ? ` → ${qualified(constraint.references.schema, constraint.references.table)}` : ''}) has no index that starts with its columns.`,
        {
          fixSql: `create index concurrently ${quote(`${table.name}_${constraint.columns.join('_')}_idx`.slice(0, 63))} on ${name} (${constraint.columns.map(quote).join(', ')});`,
        },
      ),
    );
  }
  return findings;
}

function duplicateIndexes(table: CatalogTable): AdvisorFinding[] {
  const groups = new Map<string, string[]>();
  for (const index of table.indexes) {
    const signature = JSON.stringify([index.method, index.columns, index.include, index.opclasses, index.expressions, index.predicate]);
    groups.set(signature, [...(groups.get(signature) ?? []), index.name]);
  }
  const findings: AdvisorFinding[] = [];
  for (const names of groups.values()) {
    if (names.length < 2) continue;
    const sorted = [...names].sort();
    const name = qualified(table.schema, table.name);
    findings.push(
      finding(
        'duplicate_index',
        { type: 'index', schema: table.schema, table: table.name, name: sorted.join(',') },
        `indexes ${sorted.join(', ')} on ${name}`,
        `Indexes ${sorted.join(', ')} on ${name} index the same columns the same way.`,
      ),
    );
  }
  return findings;
}

export function lintView(view: CatalogView, exposed: ReadonlySet<string>): AdvisorFinding[] {
  const findings: AdvisorFinding[] = [];
  if (!exposed.has(view.schema) || !apiCanRead(view.grants)) return findings;
  const name = qualified(view.schema, view.name);
  const object: FindingObject = { type: 'view', schema: view.schema, table: null, name: view.name };
  const label = `${view.materialized ? 'materialized view' : 'view'} ${name}`;
  if (!view.materialized && !view.securityInvoker) {
    findings.push(
      finding('security_definer_view', object, label, `View ${name} runs with its owner's rights (no security_invoker) and the API roles may select from it.`, {
        fixSql: `alter view ${name} set (security_invoker = on);`,
      }),
    );
  }
  if (view.materialized) {
    findings.push(
      finding(
        'materialized_view_in_api',
        object,
        label,
        `Materialized view ${name} is in the exposed schema "${view.schema}" and the API roles may select every row it holds.`,
        { fixSql: `revoke select on ${name} from anon, authenticated;` },
      ),
    );
  }
  if (view.readsAuthUsers) {
    findings.push(
      finding(
        'auth_users_exposed',
        object,
        label,
        `${view.materialized ? 'Materialized view' : 'View'} ${name} reads auth.users and anon or authenticated may select from it.`,
        { fixSql: `revoke select on ${name} from anon, authenticated;` },
      ),
    );
  }
  return findings;
}

/**
 * A SECURITY DEFINER function in an exposed schema that anyone may execute without signing in
 * (PUBLIC or anon). Those callable by `authenticated` only are left out: RPC functions meant for
 * signed-in people (the console's own among them) run as definer on purpose and check the caller.
 */
export function lintFunctionExposure(fn: CatalogFunction, exposed: ReadonlySet<string>): AdvisorFinding[] {
  if (!fn.securityDefiner || !exposed.has(fn.schema) || (fn.kind !== 'function' && fn.kind !== 'procedure')) return [];
  // Trigger functions cannot be called directly (PostgreSQL refuses, and the API does not offer them).
  if (fn.returns === 'trigger' || fn.returns === 'event_trigger') return [];
  const callers = ['PUBLIC', 'anon'].filter((role) => fn.executableBy.includes(role));
  if (callers.length === 0) return [];
  const name = `${qualified(fn.schema, fn.name)}(${fn.arguments})`;
  return [
    finding(
      'security_definer_function_executable',
      { type: 'function', schema: fn.schema, table: null, name: `${fn.name}(${fn.arguments})` },
      `function ${name}`,
      `SECURITY DEFINER function ${name} in the exposed schema "${fn.schema}" may be executed without signing in (${callers.map((role) => (role === 'PUBLIC' ? 'PUBLIC' : role)).join(', ')}).`,
      { fixSql: `revoke execute on function ${name} from public, anon;` },
    ),
  ];
}

export function lintFunction(fn: CatalogFunction): AdvisorFinding[] {
  if (fn.kind !== 'function' && fn.kind !== 'procedure') return [];
  if (fn.searchPath !== null) return [];
  // C and internal functions resolve no names through the search path.
  if (fn.language === 'c' || fn.language === 'internal') return [];
  const name = `${qualified(fn.schema, fn.name)}(${fn.arguments})`;
  const base = finding(
    'function_search_path_mutable',
    { type: 'function', schema: fn.schema, table: null, name: `${fn.name}(${fn.arguments})` },
    `function ${name}`,
    `${fn.securityDefiner ? 'SECURITY DEFINER function' : 'Function'} ${name} does not set search_path.`,
    { fixSql: `alter function ${name} set search_path = '';` },
  );
  // The dangerous case: it runs with its owner's rights.
  return [fn.securityDefiner ? { ...base, level: 'error' } : base];
}
