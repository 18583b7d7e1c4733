import type { Metadata } from 'next';
import Link from 'next/link';
import { DefinerObjects } from '@/components/schema/definer-objects';
import { FindingCounts } from '@/components/schema/finding-counts';
import { RlsBadge } from '@/components/schema/rls-badge';
import { SchemaTabs } from '@/components/schema/schema-tabs';
import { LastKnownNote } from '@/components/shell/last-known-note';
import { PageHeader } from '@/components/shell/page-header';
import { buttonVariants } from '@/components/ui/button';
import { Pagination } from '@/components/ui/pagination';
import { Card, CardContent } from '@/components/ui/card';
import { Input, Label, Select } from '@/components/ui/input';
import { Table, Td, Th } from '@/components/ui/table';
import { countByLevel } from '@/lib/advisor/types';
import { requireRole } from '@/lib/auth/require-role';
import { loadSchemaOverview } from '@/lib/catalog/load-schema';
import { applySchemaQuery, formatBytesShort, NO_MODULE, parseSchemaQuery, type SchemaQuery } from '@/lib/catalog/schema-overview';
import { SortLink } from '@/components/ui/sort-link';
import { queryHref } from '@/lib/ui/query-href';

export const metadata: Metadata = { title: 'Schema' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function hrefWith(query: SchemaQuery, change: Partial<SchemaQuery>): string {
  return queryHref('/schema', { ...query, ...change }, { sort: 'name', dir: 'asc', page: 1 });
}

const RLS_LABEL = { enabled: 'RLS on', disabled: 'RLS off', forced: 'RLS forced', no_policies: 'no policies' } as const;

export default async function SchemaPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await requireRole('operator', '/schema');
  const query = parseSchemaQuery(await searchParams);
  const overview = await loadSchemaOverview();
  const { rows, total, pages } = applySchemaQuery(overview.tables, query);
  const counts = countByLevel(overview.findings);
  const rlsOff = overview.tables.filter((table) => !table.rlsEnabled).length;

  const sortLink = (column: SchemaQuery['sort'], label: string, firstDir: SchemaQuery['dir'] = 'asc') => {
    const active = query.sort === column;
    const dir = active ? (query.dir === 'asc' ? 'desc' : 'asc') : firstDir;
    return <SortLink href={hrefWith(query, { sort: column, dir, page: 1 })} label={label} active={active} dir={query.dir} column={column} />;
  };

  return (
    <>
      <PageHeader
        outage={viewer.outage}
        title="Schema"
        description="Every table of the project's schemas as it is live: row level security, policies, and the migration that created it. Postgres' own schemas and the ones Supabase manages (auth, storage, extensions, the migration history…) are left out."
      />
      <SchemaTabs active="tables" />
      <LastKnownNote lastKnown={overview.lastKnown} className="mb-4" />

      <div className="mb-4 grid gap-3 sm:grid-cols-3" data-test="schema-summary">
        <Card>
          <CardContent>
            <p className="text-xs font-medium uppercase tracking-wide text-zinc-500">Tables</p>
            <p className="mt-1 text-2xl font-semibold" data-test="table-count">
              {overview.tables.length}
            </p>
            <p className="text-xs text-zinc-500">
              in {overview.catalog.schemas.length} schema{overview.catalog.schemas.length === 1 ? '' : 's'}; the API exposes{' '}
              {overview.exposed.schemas.join(', ')}
            </p>
          </CardContent>
        </Card>
        <Card>
          <CardContent>
            <p className="text-xs font-medium uppercase tracking-wide text-zinc-500">Row level security</p>
            <p className="mt-1 text-2xl font-semibold">
              {overview.tables.length - rlsOff} <span className="text-sm font-normal text-zinc-500">of {overview.tables.length} on</span>
            </p>
            {rlsOff ? (
              <Link href={hrefWith(query, { rls: 'disabled', page: 1 })} className="text-xs text-brand-700 hover:underline">
                {rlsOff} without RLS
              </Link>
            ) : (
              <p className="text-xs text-zinc-500">every table has it on</p>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardContent>
            <p className="text-xs font-medium uppercase tracking-wide text-zinc-500">Advisor</p>
            <div className="mt-2">
              <FindingCounts counts={counts} empty={<span className="text-sm text-emerald-700">No findings</span>} />
            </div>
            <Link href="/schema/advisor" className="mt-1 inline-block text-xs text-brand-700 hover:underline">
              All findings, with fixes
            </Link>
          </CardContent>
        </Card>
      </div>

      <Card className="mb-4">
        <CardContent>
          <form method="get" className="flex flex-wrap items-end gap-3" data-test="schema-filters">
            <div className="flex flex-col gap-1">
              <Label htmlFor="q">Table</Label>
              <Input id="q" name="q" defaultValue={query.q} placeholder="e.g. phone" className="w-56" data-test="filter-q" />
            </div>
            <div className="flex flex-col gap-1">
              <Label htmlFor="schema">Schema</Label>
              <Select id="schema" name="schema" defaultValue={query.schema ?? ''} data-test="filter-schema">
                <option value="">all schemas</option>
                {overview.catalog.schemas.map((schema) => (
                  <option key={schema} value={schema}>
                    {schema}
                  </option>
                ))}
              </Select>
            </div>
            <div className="flex flex-col gap-1">
              <Label htmlFor="module">Module</Label>
              <Select id="module" name="module" defaultValue={query.module ?? ''} data-test="filter-module">
                <option value="">all modules</option>
                {overview.modules.map((module) => (
                  <option key={module} value={module}>
                    {module}
                  </option>
                ))}
                <option value={NO_MODULE}>none (outside migrations)</option>
              </Select>
            </div>
            <div className="flex flex-col gap-1">
              <Label htmlFor="rls">RLS</Label>
              <Select id="rls" name="rls" defaultValue={query.rls ?? ''} data-test="filter-rls">
                <option value="">any</option>
                {Object.entries(RLS_LABEL).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </Select>
            </div>
            {query.sort !== 'name' ? <input type="hidden" name="sort" value={query.sort} /> : null}
            {query.dir !== 'asc' ? <input type="hidden" name="dir" value={query.dir} /> : null}
            <button type="submit" className={buttonVariants()} data-test="apply-filters">
              Filter
            </button>
            <Link href="/schema" className={buttonVariants({ variant: 'ghost' })}>
              Clear
            </Link>
          </form>
        </CardContent>
      </Card>

      <Card>
        {rows.length === 0 ? (
          <CardContent className="py-10 text-center text-sm text-zinc-500" data-test="schema-empty">
            {overview.tables.length === 0 ? (
              <>
                The project has no tables in its own schemas yet. Create one in a new migration (
                <code className="font-mono">supabase migration new &lt;name&gt;</code>) and push it.
              </>
            ) : (
              'No table matches these filters. Clear them to see every table.'
            )}
          </CardContent>
        ) : (
          <Table data-test="schema-table">
            <thead>
              <tr>
                <Th>{sortLink('name', 'Table')}</Th>
                <Th>{sortLink('module', 'Module')}</Th>
                <Th>{sortLink('rls', 'RLS')}</Th>
                <Th className="text-right">{sortLink('policies', 'Policies', 'desc')}</Th>
                <Th className="text-right">Columns</Th>
                <Th className="text-right">{sortLink('rows', 'Rows (est.)', 'desc')}</Th>
                <Th className="text-right">{sortLink('size', 'Size (est.)', 'desc')}</Th>
                <Th>{sortLink('findings', 'Advisor')}</Th>
              </tr>
            </thead>
            <tbody>
              {rows.map((table) => (
                <tr key={`${table.schema}.${table.name}`} className="hover:bg-zinc-50" data-test="schema-row" data-table={`${table.schema}.${table.name}`}>
                  <Td className="font-mono text-xs">
                    <Link href={`/schema/${encodeURIComponent(table.schema)}/${encodeURIComponent(table.name)}`} className="text-brand-700 hover:underline">
                      <span className="text-zinc-400">{table.schema}.</span>
                      {table.name}
                    </Link>
                    {table.kind !== 'table' ? <span className="ml-1 text-[11px] text-zinc-400">({table.kind})</span> : null}
                  </Td>
                  <Td>
                    {table.module ?? (
                      <span className="text-xs text-zinc-400" title="No migration file creates this table">
                        none
                      </span>
                    )}
                  </Td>
                  <Td>
                    <RlsBadge enabled={table.rlsEnabled} forced={table.rlsForced} exposed={table.exposed} />
                  </Td>
                  <Td className="text-right tabular-nums">{table.policyCount}</Td>
                  <Td className="text-right tabular-nums">{table.columnCount}</Td>
                  <Td className="text-right tabular-nums text-zinc-600">{table.estimatedRows === null ? '—' : table.estimatedRows.toLocaleString('en-US')}</Td>
                  <Td className="text-right tabular-nums text-zinc-600">{table.estimatedRows === null ? '—' : formatBytesShort(table.sizeBytes)}</Td>
                  <Td>
                    <FindingCounts counts={table.findings} empty={<span className="text-xs text-zinc-400">—</span>} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <Pagination total={total} noun="table" page={query.page} pages={pages} hrefFor={(page) => hrefWith(query, { page })} />
      <DefinerObjects views={overview.catalog.views} functions={overview.catalog.functions} types={overview.catalog.types} provenance={overview.provenance} />
    </>
  );
}
