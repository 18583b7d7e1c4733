import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/shell/page-header';
import { Badge } from '@/components/ui/badge';
import { buttonVariants } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { Input, Label, Select } from '@/components/ui/input';
import { Table, Td, Th } from '@/components/ui/table';
import { auditFilterSchema, listAudit } from '@/lib/audit/list';
import { requireRole } from '@/lib/auth/require-role';
import { queryHref } from '@/lib/ui/query-href';

export const metadata: Metadata = { title: 'Audit log' };

const OUTCOME_TONE = { ok: 'good', refused: 'warn', failed: 'bad' } as const;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireRole('admin', '/audit');
  const raw = await searchParams;
  const filter = auditFilterSchema.parse(
    Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value || undefined])),
  );
  const { entries, nextBefore } = await listAudit(filter);
  const { before: _before, ...filterWithoutPage } = filter;

  return (
    <>
      <PageHeader
        outage={viewer.outage}
        title="Audit log"
        description="Every sign-in to the console, membership change, push step, reveal and refused attempt. Entries cannot be changed or deleted, by anyone."
      />
      <Card className="mb-4">
        <CardContent>
          <form method="get" className="flex flex-wrap items-end gap-3" data-test="audit-filters">
            <div className="flex flex-col gap-1">
              <Label htmlFor="actor">Actor</Label>
              <Input id="actor" name="actor" defaultValue={filter.actor} placeholder="email or user id" className="w-56" />
            </div>
            <div className="flex flex-col gap-1">
              <Label htmlFor="action">Action</Label>
              <Input id="action" name="action" defaultValue={filter.action} placeholder="e.g. members." className="w-44" data-test="filter-action" />
            </div>
            <div className="flex flex-col gap-1">
              <Label htmlFor="outcome">Outcome</Label>
              <Select id="outcome" name="outcome" defaultValue={filter.outcome ?? ''}>
                <option value="">any</option>
                <option value="ok">ok</option>
                <option value="refused">refused</option>
                <option value="failed">failed</option>
              </Select>
            </div>
            <div className="flex flex-col gap-1">
              <Label htmlFor="from">From (UTC)</Label>
              <Input id="from" name="from" type="date" defaultValue={filter.from} className="w-40" />
            </div>
            <div className="flex flex-col gap-1">
              <Label htmlFor="to">To (UTC)</Label>
              <Input id="to" name="to" type="date" defaultValue={filter.to} className="w-40" />
            </div>
            <button type="submit" className={buttonVariants({ variant: 'default' })} data-test="apply-filters">
              Filter
            </button>
            <Link href="/audit" className={buttonVariants({ variant: 'ghost' })}>
              Clear
            </Link>
          </form>
        </CardContent>
      </Card>
      <Card>
        {entries.length === 0 ? (
          <CardContent className="py-10 text-center text-sm text-zinc-500" data-test="audit-empty">
            No entries match these filters. Widen the dates or clear the filters.
          </CardContent>
        ) : (
          <Table data-test="audit-table">
            <thead>
              <tr>
                <Th>When (UTC)</Th>
                <Th>Actor</Th>
                <Th>Action</Th>
                <Th>Target</Th>
                <Th>Outcome</Th>
                <Th>Details</Th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} data-test="audit-row" data-action={entry.action}>
                  <Td className="whitespace-nowrap font-mono text-xs">{entry.occurred_at.replace('T', ' ').slice(0, 19)}</Td>
                  <Td>
                    <p>{entry.actor_email ?? (entry.actor_id ? entry.actor_id : <span className="text-zinc-400">anonymous</span>)}</p>
                    {entry.actor_roles.length ? <p className="text-xs text-zinc-500">{entry.actor_roles.join(', ')}</p> : null}
                  </Td>
                  <Td className="font-mono text-xs">{entry.action}</Td>
                  <Td className="max-w-56 break-words">{entry.target ?? '—'}</Td>
                  <Td>
                    <Badge tone={OUTCOME_TONE[entry.outcome]}>{entry.outcome}</Badge>
                  </Td>
                  <Td className="max-w-96">
                    {Object.keys(entry.details).length ? (
                      <code className="block break-words text-xs text-zinc-600">{JSON.stringify(entry.details)}</code>
                    ) : null}
                    {entry.request_id ? <p className="mt-0.5 font-mono text-[10px] text-zinc-400">request {entry.request_id}</p> : null}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <div className="mt-4 flex gap-3">
        {filter.before ? (
          <Link className={buttonVariants({ variant: 'outline', size: 'sm' })} href={queryHref('/audit', filterWithoutPage)}>
            Newest
          </Link>
        ) : null}
        {nextBefore ? (
          <Link
            className={buttonVariants({ variant: 'outline', size: 'sm' })}
            href={queryHref('/audit', { ...filterWithoutPage, before: nextBefore })}
            data-test="older"
          >
            Older entries
          </Link>
        ) : null}
      </div>
    </>
  );
}
