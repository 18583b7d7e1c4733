import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { SqlBlock } from '@/components/migrations/sql-block';
import { AdvisorFindings } from '@/components/schema/advisor-findings';
import { PolicyCard } from '@/components/schema/policy-card';
import { ProvenanceLinks } from '@/components/schema/provenance-links';
import { RlsBadge } from '@/components/schema/rls-badge';
import { LastKnownNote } from '@/components/shell/last-known-note';
import { PageHeader } from '@/components/shell/page-header';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { requireRole } from '@/lib/auth/require-role';
import { loadTableDetail } from '@/lib/catalog/load-schema';
import { columnKey, indexKey, noProvenanceText, originOf, policyKey } from '@/lib/catalog/provenance';
import { formatBytesShort } from '@/lib/catalog/schema-overview';
import { API_ROLES, type Privilege } from '@/lib/catalog/types';

type Params = Promise<{ schema: string; table: string }>;

/** Route segments arrive encoded or not depending on the characters; a stray `%` must not throw. */
function segment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { schema, table } = await params;
  return { title: `${segment(schema)}.${segment(table)}` };
}

const SHOWN_PRIVILEGES: Privilege[] = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'];
const CONSTRAINT_LABEL = {
  primary_key: 'primary key',
  foreign_key: 'foreign key',
  unique: 'unique',
  check: 'check',
  exclusion: 'exclusion',
  trigger: 'trigger',
  not_null: 'not null',
} as const;

export default async function TablePage({ params }: { params: Params }) {
  const { schema: rawSchema, table: rawTable } = await params;
  const schema = segment(rawSchema);
  const name = segment(rawTable);
  const viewer = await requireRole('operator', `/schema/${rawSchema}/${rawTable}`);
  const detail = await loadTableDetail(schema, name);
  if (!detail) notFound();
  const { table, provenance, findings, exposed, lastKnown } = detail;
  // Policies show their own history below; the table's keeps its creation and structural changes.
  const tableEvents = provenance.tables.get(`${schema}.${name}`)?.filter((event) => !event.summary.startsWith('create policy'));
  const origin = originOf(tableEvents);
  const isExposed = exposed.schemas.includes(schema);
  const grantees = [...API_ROLES, 'PUBLIC'];

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/schema" className="text-brand-700 hover:underline">
          ← All tables
        </Link>
      </p>
      <PageHeader
        outage={viewer.outage}
        title={`${schema}.${name}`}
        description={table.comment ?? undefined}
        actions={
          <div className="flex flex-wrap items-center gap-2" data-test="table-badges">
            <RlsBadge enabled={table.rlsEnabled} forced={table.rlsForced} exposed={isExposed} />
            <Badge tone={isExposed ? 'info' : 'neutral'}>{isExposed ? 'exposed through the API' : 'not exposed through the API'}</Badge>
            {origin ? <Badge>module {origin.module}</Badge> : <Badge tone="warn">outside migrations</Badge>}
          </div>
        }
      />
      <LastKnownNote lastKnown={lastKnown} className="mb-4" />

      <Card className="mb-4">
        <CardContent className="flex flex-wrap gap-x-10 gap-y-3 text-sm">
          <div>
            <p className="text-xs uppercase tracking-wide text-zinc-500">Rows (estimate)</p>
            <p className="font-medium tabular-nums">{table.estimatedRows === null ? 'not analyzed yet' : table.estimatedRows.toLocaleString('en-US')}</p>
          </div>
          <div>
            <p className="text-xs uppercase tracking-wide text-zinc-500">Size (estimate)</p>
            <p className="font-medium tabular-nums">{table.estimatedRows === null ? 'not analyzed yet' : formatBytesShort(table.sizeBytes)}</p>
          </div>
          <div className="min-w-0 flex-1">
            <p className="text-xs uppercase tracking-wide text-zinc-500">Where it came from</p>
            <ProvenanceLinks events={tableEvents} className="mt-0.5" none={noProvenanceText(provenance)} />
          </div>
        </CardContent>
      </Card>

      {!table.rlsEnabled ? (
        <Alert tone={isExposed ? 'bad' : 'warn'} className="mb-4" data-test="rls-off">
          Row level security is off:{' '}
          {isExposed ? 'every role that holds a grant (see Grants) can read and change every row through the API' : 'the policies below do not apply'}.
        </Alert>
      ) : null}

      <section className="mb-6" data-test="policies">
        <h2 className="mb-1 text-lg font-semibold">Policies</h2>
        <p className="mb-3 text-sm text-zinc-500">
          {table.policies.length === 0
            ? table.rlsEnabled
              ? 'No policy: with row level security on, the API roles can read and change nothing here (the service role always can).'
              : 'No policy.'
            : 'Who can do what, in one sentence each, with the SQL that defines it and the migration it came from. Permissive policies add access; restrictive ones limit it.'}
        </p>
        <div className="grid gap-3 xl:grid-cols-2">
          {table.policies.map((policy) => (
            <PolicyCard key={policy.name} schema={schema} table={name} policy={policy} events={provenance.policies.get(policyKey(schema, name, policy.name))} />
          ))}
        </div>
      </section>

      <Card className="mb-4" data-test="columns">
        <CardHeader>
          <CardTitle>Columns</CardTitle>
        </CardHeader>
        <Table>
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Type</Th>
              <Th>Null</Th>
              <Th>Default</Th>
              <Th>From</Th>
            </tr>
          </thead>
          <tbody>
            {table.columns.map((column) => (
              <tr key={column.name} data-test="column" data-column={column.name}>
                <Td className="font-mono text-xs">{column.name}</Td>
                <Td className="font-mono text-xs">{column.type}</Td>
                <Td className="text-xs">{column.nullable ? 'yes' : <span className="font-medium">not null</span>}</Td>
                <Td className="max-w-72 break-words font-mono text-xs text-zinc-600">
                  {column.identity
                    ? `identity (${column.identity === 'always' ? 'always' : 'by default'})`
                    : column.generated
                      ? `generated: ${column.default ?? ''}`
                      : (column.default ?? '')}
                </Td>
                <Td>
                  {origin ? (
                    <ProvenanceLinks compact events={provenance.columns.get(columnKey(schema, name, column.name))} />
                  ) : (
                    <span className="text-xs text-zinc-400">—</span>
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>

      <div className="mb-4 grid gap-4 xl:grid-cols-2">
        <Card data-test="indexes">
          <CardHeader>
            <CardTitle>Indexes</CardTitle>
          </CardHeader>
          <CardContent className="space-y-4">
            {table.indexes.length === 0 ? (
              <p className="text-sm text-zinc-500">No index.</p>
            ) : (
              table.indexes.map((index) => (
                <div key={index.name} data-test="index" data-index={index.name}>
                  <div className="mb-1 flex flex-wrap items-center gap-2 text-sm">
                    <span className="font-mono font-medium">{index.name}</span>
                    {index.primary ? <Badge tone="info">primary key</Badge> : index.unique ? <Badge>unique</Badge> : null}
                    {!index.valid ? <Badge tone="bad">invalid</Badge> : null}
                    <span className="text-xs text-zinc-400">{formatBytesShort(index.sizeBytes)}</span>
                  </div>
                  {index.definition ? (
                    <SqlBlock sql={`${index.definition.replace(/ ON (ONLY )?/, '\n  ON $1').replace(/ WHERE /, '\n  WHERE ')};`} lineNumbers={false} />
                  ) : null}
                  <ProvenanceLinks compact className="mt-1" events={provenance.indexes.get(indexKey(schema, index.name))} />
                </div>
              ))
            )}
          </CardContent>
        </Card>
        <Card data-test="constraints">
          <CardHeader>
            <CardTitle>Constraints</CardTitle>
          </CardHeader>
          <Table>
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Kind</Th>
                <Th>Definition</Th>
              </tr>
            </thead>
            <tbody>
              {table.constraints.map((constraint) => (
                <tr key={constraint.name} data-test="constraint">
                  <Td className="font-mono text-xs">{constraint.name}</Td>
                  <Td className="whitespace-nowrap text-xs">{CONSTRAINT_LABEL[constraint.type]}</Td>
                  <Td className="break-words font-mono text-xs text-zinc-600">{constraint.definition}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
          {table.constraints.length === 0 ? <CardContent className="text-sm text-zinc-500">No constraint.</CardContent> : null}
        </Card>
      </div>

      <Card className="mb-4" data-test="triggers">
        <CardHeader>
          <CardTitle>Triggers</CardTitle>
          <CardDescription>
            What runs on its own when rows change: each trigger&apos;s definition, the function it calls, and the migration it came from.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          {table.triggers.length === 0 ? (
            <p className="text-sm text-zinc-500">No trigger.</p>
          ) : (
            table.triggers.map((trigger) => (
              <div key={trigger.name} data-test="trigger" data-trigger={trigger.name}>
                <div className="mb-1 flex flex-wrap items-center gap-2 text-sm">
                  <span className="font-mono font-medium">{trigger.name}</span>
                  {trigger.enabled === 'disabled' ? (
                    <Badge tone="warn">disabled</Badge>
                  ) : trigger.enabled === 'replica' ? (
                    <Badge>replica only</Badge>
                  ) : trigger.enabled === 'always' ? (
                    <Badge>always</Badge>
                  ) : null}
                  <span className="text-xs text-zinc-500">
                    calls{' '}
                    <span className="font-mono">
                      {trigger.function.schema}.{trigger.function.name}()
                    </span>
                  </span>
                </div>
                <SqlBlock sql={`${trigger.definition};`} lineNumbers={false} />
                <ProvenanceLinks
                  compact
                  className="mt-1"
                  events={provenance.triggers.get(policyKey(schema, name, trigger.name))}
                  none={noProvenanceText(provenance)}
                />
              </div>
            ))
          )}
        </CardContent>
      </Card>

      <Card className="mb-6" data-test="grants">
        <CardHeader>
          <CardTitle>Grants</CardTitle>
          <CardDescription>What the API roles may do before row level security decides which rows. The service role bypasses RLS.</CardDescription>
        </CardHeader>
        <Table>
          <thead>
            <tr>
              <Th>Role</Th>
              {SHOWN_PRIVILEGES.map((privilege) => (
                <Th key={privilege} className="text-center">
                  {privilege.toLowerCase()}
                </Th>
              ))}
            </tr>
          </thead>
          <tbody>
            {grantees.map((grantee) => (
              <tr key={grantee} data-test="grant-row" data-role={grantee}>
                <Td className="font-mono text-xs">{grantee === 'PUBLIC' ? 'PUBLIC (every role)' : grantee}</Td>
                {SHOWN_PRIVILEGES.map((privilege) => (
                  <Td key={privilege} className="text-center">
                    {(table.grants[grantee] ?? []).includes(privilege) ? (
                      <span aria-label="granted" className="text-emerald-700">
                        ✓
                      </span>
                    ) : (
                      <span aria-label="not granted" className="text-zinc-300">
                        ·
                      </span>
                    )}
                  </Td>
                ))}
              </tr>
            ))}
          </tbody>
        </Table>
        <CardContent className="border-t border-zinc-100 pt-3" data-test="grant-provenance">
          <p className="mb-1 text-xs uppercase tracking-wide text-zinc-500">Granted and revoked in</p>
          <ProvenanceLinks
            events={provenance.grants.get(`table ${schema}.${name}`)}
            none="No migration statement the console reads grants or revokes on this table: its grants come from the default privileges, a grant on all tables of its schema, or a change made outside the migrations."
          />
        </CardContent>
      </Card>

      <section data-test="table-findings">
        <h2 className="mb-3 text-lg font-semibold">Advisor</h2>
        <AdvisorFindings findings={findings} linkTables={false} empty="No advisor finding for this table." />
      </section>
    </>
  );
}
