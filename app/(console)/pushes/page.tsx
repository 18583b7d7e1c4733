import type { Metadata } from 'next';
import Link from 'next/link';
import { PushStateBadge } from '@/components/pushes/push-state-badge';
import { PageHeader } from '@/components/shell/page-header';
import { buttonVariants } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { requireRole } from '@/lib/auth/require-role';
import { PUSH_STATES, type PushState } from '@/lib/migrations/push-records';
import { listPushes } from '@/lib/migrations/pushes';
import { cn } from '@/lib/ui/cn';

export const metadata: Metadata = { title: 'Pushes' };

function when(value: string | null): string {
  return value ? `${value.slice(0, 16).replace('T', ' ')} UTC` : '—';
}

export default async function PushesPage({ searchParams }: { searchParams: Promise<{ state?: string }> }) {
  const viewer = await requireRole('operator', '/pushes');
  const { state: rawState } = await searchParams;
  const state: PushState | undefined = PUSH_STATES.find((candidate) => candidate === rawState);
  const pushes = await listPushes(state ? { state } : {});
  return (
    <>
      <PageHeader
        outage={viewer.outage}
        title="Pushes"
        description="Requests to apply pending migrations. A different admin approves exactly the reviewed files; an admin runs the approved request and watches each file apply."
        actions={
          <Link href="/pushes/new" className={buttonVariants({ variant: 'brand' })} data-test="new-push">
            Request a push
          </Link>
        }
      />
      <div className="mb-4 flex flex-wrap gap-2" data-test="push-state-filters">
        <Link href="/pushes" className={buttonVariants({ variant: state ? 'outline' : 'default', size: 'sm' })}>
          All
        </Link>
        {PUSH_STATES.map((candidate) => (
          <Link
            key={candidate}
            href={`/pushes?state=${candidate}`}
            className={cn(buttonVariants({ variant: state === candidate ? 'default' : 'outline', size: 'sm' }))}
          >
            {candidate}
          </Link>
        ))}
      </div>
      <Card>
        {pushes.length === 0 ? (
          <CardContent className="py-10 text-center text-sm text-zinc-500" data-test="pushes-empty">
            {state ? `No ${state} requests.` : 'No push has been requested yet.'} When migrations are pending,{' '}
            <Link href="/pushes/new" className="text-brand-700 hover:underline">
              request a push
            </Link>{' '}
            and ask another admin to approve it.
          </CardContent>
        ) : (
          <Table data-test="pushes-table">
            <thead>
              <tr>
                <Th>Requested</Th>
                <Th>Files</Th>
                <Th>State</Th>
                <Th>Run</Th>
              </tr>
            </thead>
            <tbody>
              {pushes.map((push) => (
                <tr key={push.id} data-test="push-row" data-id={push.id} className="hover:bg-zinc-50">
                  <Td>
                    <Link href={`/pushes/${push.id}`} className="font-mono text-xs text-brand-700 hover:underline">
                      {when(push.requestedAt)}
                    </Link>
                    <p>{push.requestedByEmail ?? push.requestedBy}</p>
                    {push.note ? <p className="max-w-96 truncate text-xs text-zinc-500">{push.note}</p> : null}
                  </Td>
                  <Td className="whitespace-nowrap text-xs">
                    {push.fileCount} file{push.fileCount === 1 ? '' : 's'}
                    {push.firstVersion ? (
                      <p className="font-mono text-zinc-500">
                        {push.firstVersion}
                        {push.lastVersion && push.lastVersion !== push.firstVersion ? ` … ${push.lastVersion}` : ''}
                      </p>
                    ) : null}
                  </Td>
                  <Td>
                    <PushStateBadge state={push.state} />
                    {push.approvedByEmail ? <p className="mt-1 text-xs text-zinc-500">approved by {push.approvedByEmail}</p> : null}
                    {push.closedByEmail ? <p className="mt-1 text-xs text-zinc-500">closed by {push.closedByEmail}</p> : null}
                  </Td>
                  <Td className="max-w-80 text-xs">
                    {push.runStatus ? (
                      <>
                        {push.runStatus}
                        {push.filesApplied !== null ? `, ${push.filesApplied}/${push.fileCount} applied` : ''}
                      </>
                    ) : (
                      '—'
                    )}
                    {push.errorMessage ? (
                      <p className="truncate text-red-700" title={push.errorMessage}>
                        {push.errorMessage}
                      </p>
                    ) : null}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
