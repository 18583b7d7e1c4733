import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { compareByAttention, needsAttention } from '@/lib/migrations/list-query';
import { MIGRATION_STATUSES, type StatusReport } from '@/lib/migrations/types';
import { RiskBadges, firstProblem } from './risk-badges';
import { StatusBadge, STATUS_LABEL } from './status-badge';
import { versionTime } from './version-time';

const ATTENTION_SHOWN = 8;

/** The overview's migration part: counts, modules, the last applied version and what to fix first. */
export function StatusOverview({ report }: { report: StatusReport }) {
  const attention = report.rows.filter((row) => needsAttention(row)).sort(compareByAttention);
  const statuses = MIGRATION_STATUSES.filter((status) => report.counts[status] > 0);
  const moduleNames = Object.keys(report.byModule).sort();
  return (
    <div className="space-y-6">
      {report.folderProblem ? (
        <Alert tone="bad" data-test="folder-problem">
          {report.folderProblem}
        </Alert>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4" data-test="status-counts">
        <Card>
          <CardContent>
            <p className="text-xs font-medium uppercase tracking-wide text-zinc-500">Last applied</p>
            {report.lastApplied ? (
              <>
                <p className="mt-1 font-mono text-sm font-semibold" data-test="last-applied">
                  {report.lastApplied.version}
                </p>
                <p className="text-xs text-zinc-500">
                  {report.lastApplied.name || '(no name)'}
                  {versionTime(report.lastApplied.version) ? ` · ${versionTime(report.lastApplied.version)} UTC` : ''}
                </p>
              </>
            ) : (
              <p className="mt-1 text-sm text-zinc-600" data-test="last-applied">
                {report.historyTableExists ? 'History is empty' : 'Nothing pushed yet'}
              </p>
            )}
          </CardContent>
        </Card>
        {(['applied', 'pending'] as const).map((status) => (
          <Card key={status}>
            <CardContent>
              <p className="text-xs font-medium uppercase tracking-wide text-zinc-500">{STATUS_LABEL[status]}</p>
              <p className="mt-1 text-2xl font-semibold" data-test={`count-${status}`}>
                {report.counts[status]}
              </p>
            </CardContent>
          </Card>
        ))}
        <Card>
          <CardContent>
            <p className="text-xs font-medium uppercase tracking-wide text-zinc-500">Need attention</p>
            <p className={`mt-1 text-2xl font-semibold ${attention.length ? 'text-red-700' : 'text-emerald-700'}`} data-test="count-attention">
              {attention.length}
            </p>
          </CardContent>
        </Card>
      </div>

      <Card data-test="attention">
        <CardHeader>
          <CardTitle>What needs attention first</CardTitle>
          <CardDescription>
            {report.blocking ? 'Blocking findings stop `supabase db push` and the console’s pushes until they are fixed.' : 'Nothing blocks a push.'}
          </CardDescription>
        </CardHeader>
        <CardContent>
          {attention.length === 0 ? (
            <p className="text-sm text-zinc-600">
              Every version is applied or cleanly pending.{' '}
              {report.counts.pending ? `${report.counts.pending} pending migration${report.counts.pending === 1 ? '' : 's'} can be pushed.` : ''}
            </p>
          ) : (
            <ul className="divide-y divide-zinc-100">
              {attention.slice(0, ATTENTION_SHOWN).map((row) => (
                <li key={`${row.key}-${row.local?.fileName ?? ''}`} className="flex items-start gap-3 py-2" data-test="attention-item">
                  <StatusBadge status={row.status} />
                  <div className="min-w-0">
                    <Link href={`/migrations/${encodeURIComponent(row.key)}`} className="font-mono text-sm text-brand-700 hover:underline">
                      {row.key}
                    </Link>
                    <span className="ml-2 text-sm text-zinc-600">{row.name}</span>
                    <RiskBadges findings={row.findings} />
                    {firstProblem(row.findings) ? <p className="text-sm text-zinc-500">{firstProblem(row.findings)?.nextStep}</p> : null}
                  </div>
                </li>
              ))}
            </ul>
          )}
          {attention.length > ATTENTION_SHOWN ? (
            <Link href="/migrations?status=attention&sort=status&dir=asc" className="mt-2 inline-block text-sm text-brand-700 hover:underline">
              All {attention.length} that need attention
            </Link>
          ) : null}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>By module</CardTitle>
        </CardHeader>
        <Table data-test="by-module">
          <thead>
            <tr>
              <Th>Module</Th>
              {statuses.map((status) => (
                <Th key={status}>{STATUS_LABEL[status]}</Th>
              ))}
            </tr>
          </thead>
          <tbody>
            {moduleNames.map((module) => (
              <tr key={module} data-test="module-row" data-module={module}>
                <Td>
                  <Link href={`/migrations?module=${encodeURIComponent(module)}`} className="font-medium text-brand-700 hover:underline">
                    {module}
                  </Link>
                </Td>
                {statuses.map((status) => (
                  <Td key={status} className="tabular-nums">
                    {report.byModule[module]?.[status] || <span className="text-zinc-300">0</span>}
                  </Td>
                ))}
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </div>
  );
}
