import type { Metadata } from 'next';
import Link from 'next/link';
import { RiskBadges } from '@/components/migrations/risk-badges';
import { StatusBadge, STATUS_LABEL } from '@/components/migrations/status-badge';
import { versionTime } from '@/components/migrations/version-time';
import { LastKnownNote } from '@/components/shell/last-known-note';
import { PageHeader } from '@/components/shell/page-header';
import { Alert } from '@/components/ui/alert';
import { buttonVariants } from '@/components/ui/button';
import { Pagination } from '@/components/ui/pagination';
import { Card, CardContent } from '@/components/ui/card';
import { Input, Label, Select } from '@/components/ui/input';
import { SortLink } from '@/components/ui/sort-link';
import { Table, Td, Th } from '@/components/ui/table';
import { requireRole } from '@/lib/auth/require-role';
import { applyListQuery, listQuerySchema, type ListQuery } from '@/lib/migrations/list-query';
import { loadStatusReportOrLastKnown } from '@/lib/migrations/load-status';
import { heavyLocksOf } from '@/lib/migrations/pushes';
import { MIGRATION_STATUSES } from '@/lib/migrations/types';
import { cn } from '@/lib/ui/cn';
import { queryHref } from '@/lib/ui/query-href';

export const metadata: Metadata = { title: 'Migrations' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function hrefWith(query: ListQuery, change: Partial<ListQuery>): string {
  return queryHref('/migrations', { ...query, ...change }, { sort: 'version', dir: 'desc', page: 1 });
}

export default async function MigrationsPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await requireRole('operator', '/migrations');
  const raw = await searchParams;
  const query = listQuerySchema.parse(
    Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, (Array.isArray(value) ? value[0] : value) || undefined])),
  );
  const report = await loadStatusReportOrLastKnown();
  const { rows, total, pages } = applyListQuery(report.rows, query);
  // Heavy locks need the live catalog: judged for the pending rows of this page only.
  const heavyLocks = report.lastKnown ? null : await heavyLocksOf(rows);

  const sortLink = (column: ListQuery['sort'], label: string) => {
    const active = query.sort === column;
    const dir = active && query.dir === 'desc' ? 'asc' : 'desc';
    return <SortLink href={hrefWith(query, { sort: column, dir, page: 1 })} label={label} active={active} dir={query.dir} column={column} />;
  };

  return (
    <>
      <PageHeader
        outage={viewer.outage}
        title="Migrations"
        description="Every version of the shared project: the file in the migrations folder, the row in the remote history, and what the two mean together — as the Supabase CLI sees them."
      />
      <LastKnownNote lastKnown={report.lastKnown} className="mb-4" />
      {report.folderProblem ? (
        <Alert tone="bad" className="mb-4" data-test="folder-problem">
          {report.folderProblem}
        </Alert>
      ) : null}
      {!report.historyTableExists ? (
        <Alert tone="info" className="mb-4" data-test="nothing-pushed">
          Nothing has been pushed to this project yet: it has no migration history table. The first push (from the console or with <code>supabase db push</code>
          ) creates it.
        </Alert>
      ) : null}

      <div className="mb-4 flex flex-wrap gap-2" data-test="status-filters">
        <Link
          href={hrefWith(query, { status: undefined, page: 1 })}
          className={cn(buttonVariants({ variant: query.status ? 'outline' : 'default', size: 'sm' }))}
        >
          All {report.rows.length}
        </Link>
        {MIGRATION_STATUSES.filter((status) => report.counts[status] > 0).map((status) => (
          <Link
            key={status}
            href={hrefWith(query, { status, page: 1 })}
            className={cn(buttonVariants({ variant: query.status === status ? 'default' : 'outline', size: 'sm' }))}
            data-test={`filter-${status}`}
          >
            {STATUS_LABEL[status]} {report.counts[status]}
          </Link>
        ))}
      </div>

      <Card className="mb-4">
        <CardContent>
          <form method="get" className="flex flex-wrap items-end gap-3" data-test="migration-filters">
            <div className="flex flex-col gap-1">
              <Label htmlFor="q">Version or name</Label>
              <Input id="q" name="q" defaultValue={query.q} placeholder="e.g. 2026 or phone" className="w-64" data-test="filter-q" />
            </div>
            <div className="flex flex-col gap-1">
              <Label htmlFor="module">Module</Label>
              <Select id="module" name="module" defaultValue={query.module ?? ''} data-test="filter-module">
                <option value="">all modules</option>
                {report.modules.map((module) => (
                  <option key={module} value={module}>
                    {module}
                  </option>
                ))}
              </Select>
            </div>
            <div className="flex flex-col gap-1">
              <Label htmlFor="status">Status</Label>
              <Select id="status" name="status" defaultValue={query.status ?? ''}>
                <option value="">any</option>
                <option value="attention">needs attention</option>
                {MIGRATION_STATUSES.map((status) => (
                  <option key={status} value={status}>
                    {STATUS_LABEL[status]}
                  </option>
                ))}
              </Select>
            </div>
            <button type="submit" className={buttonVariants()} data-test="apply-filters">
              Filter
            </button>
            <Link href="/migrations" className={buttonVariants({ variant: 'ghost' })}>
              Clear
            </Link>
          </form>
        </CardContent>
      </Card>

      <Card>
        {rows.length === 0 ? (
          <CardContent className="py-10 text-center text-sm text-zinc-500" data-test="migrations-empty">
            {report.rows.length === 0 ? (
              <>
                No migrations yet. Create one with <code className="font-mono">supabase migration new &lt;name&gt;</code> in the shared{' '}
                <code className="font-mono">supabase/migrations</code> folder.
              </>
            ) : (
              'No version matches these filters. Clear them to see every version.'
            )}
          </CardContent>
        ) : (
          <Table data-test="migrations-table">
            <thead>
              <tr>
                <Th>{sortLink('version', 'Version')}</Th>
                <Th>{sortLink('name', 'Name')}</Th>
                <Th>{sortLink('module', 'Module')}</Th>
                <Th>{sortLink('status', 'Status')}</Th>
                <Th>Risk</Th>
                <Th>Local file</Th>
                <Th>Remote history</Th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr
                  key={`${row.key}-${row.local?.fileName ?? 'remote'}`}
                  data-test="migration-row"
                  data-key={row.key}
                  data-status={row.status}
                  className="hover:bg-zinc-50"
                >
                  <Td className="whitespace-nowrap font-mono text-xs">
                    <Link href={`/migrations/${encodeURIComponent(row.key)}`} className="text-brand-700 hover:underline">
                      {row.version ?? '—'}
                    </Link>
                    {versionTime(row.version) ? <p className="text-[11px] text-zinc-400">{versionTime(row.version)} UTC</p> : null}
                  </Td>
                  <Td className="max-w-80 break-words">{row.name || <span className="text-zinc-400">(no name)</span>}</Td>
                  <Td>{row.module}</Td>
                  <Td>
                    <StatusBadge status={row.status} />
                  </Td>
                  <Td>
                    <RiskBadges
                      findings={row.findings}
                      heavyLocks={(row.version ? heavyLocks?.get(row.version) : undefined)?.map((impact) => impact.message)}
                    />
                  </Td>
                  <Td className="whitespace-nowrap text-xs text-zinc-500">
                    {row.local ? (
                      <span title={`${row.local.fileName}\nSHA-256 ${row.local.sha256 ?? 'unknown'}`}>
                        {row.local.statements ? `${row.local.statements.length} statements` : 'unreadable'} ·{' '}
                        <span className="font-mono">{row.local.sha256?.slice(0, 8) ?? '—'}</span>
                      </span>
                    ) : (
                      'missing'
                    )}
                  </Td>
                  <Td className="whitespace-nowrap text-xs text-zinc-500">
                    {row.remote ? `recorded, ${row.remote.statements?.length ?? 0} statements` : 'not recorded'}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <Pagination total={total} noun="version" page={query.page} pages={pages} hrefFor={(page) => hrefWith(query, { page })} />
    </>
  );
}
