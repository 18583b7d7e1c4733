import type { Metadata } from 'next';
import Link from 'next/link';
import { approveRepairAction, closeRepairAction } from './actions';
import { ActForm } from '@/components/pushes/act-form';
import { PageHeader } from '@/components/shell/page-header';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { requireRole } from '@/lib/auth/require-role';
import { listRepairs } from '@/lib/migrations/repairs';

export const metadata: Metadata = { title: 'History repairs' };

const TONE = { requested: 'info', done: 'good', rejected: 'neutral', cancelled: 'neutral' } as const;

function when(value: string): string {
  return `${value.slice(0, 19).replace('T', ' ')} UTC`;
}

export default async function RepairsPage() {
  const viewer = await requireRole('operator', '/repairs');
  const repairs = await listRepairs();
  return (
    <>
      <PageHeader
        outage={viewer.outage}
        title="History repairs"
        description="What supabase migration repair does, with a second admin: record a version as applied (its SQL already ran by other means) or as reverted (its history row is deleted). Request one from a migration's page."
      />
      <Card>
        {repairs.length === 0 ? (
          <CardContent>
            <p className="text-sm text-zinc-600" data-test="repairs-empty">
              No repairs yet. Open a migration that needs one (remote only, edited after apply, applied by hand) to request it.
            </p>
          </CardContent>
        ) : (
          <div className="overflow-x-auto">
            <Table data-test="repairs">
              <thead>
                <tr>
                  <Th>Version</Th>
                  <Th>Record as</Th>
                  <Th>Reason</Th>
                  <Th>Requested</Th>
                  <Th>State</Th>
                  <Th>Decision</Th>
                </tr>
              </thead>
              <tbody>
                {repairs.map((repair) => (
                  <tr key={repair.id} data-test="repair-row" data-id={repair.id} data-state={repair.state}>
                    <Td className="font-mono text-xs">
                      <Link href={`/migrations/${repair.version}`} className="text-brand-700 hover:underline">
                        {repair.version}
                      </Link>
                      <p className="text-zinc-500">{repair.fileName ?? repair.name ?? ''}</p>
                    </Td>
                    <Td>
                      {repair.kind}
                      {repair.kind === 'applied' ? (
                        <p className="text-xs text-zinc-500">
                          {repair.statementCount} statements, SHA-256 {repair.fileSha256?.slice(0, 12)}…
                        </p>
                      ) : null}
                    </Td>
                    <Td className="max-w-80 text-sm">{repair.reason}</Td>
                    <Td className="text-xs text-zinc-600">
                      {repair.requestedByEmail}
                      <p>{when(repair.requestedAt)}</p>
                    </Td>
                    <Td>
                      <Badge tone={TONE[repair.state]} data-test="repair-state">
                        {repair.state}
                      </Badge>
                    </Td>
                    <Td className="space-y-2">
                      {repair.decidedAt ? (
                        <p className="text-xs text-zinc-600">
                          {repair.decidedByEmail} at {when(repair.decidedAt)}
                          {repair.decisionNote ? `: ${repair.decisionNote}` : ''}
                        </p>
                      ) : null}
                      {repair.canApprove ? (
                        <ActForm
                          action={approveRepairAction}
                          fields={{ id: repair.id }}
                          label="Approve and repair"
                          pendingLabel="Repairing…"
                          variant="brand"
                          testId="approve-repair"
                          confirm={`Record version ${repair.version} as ${repair.kind} in the migration history now?`}
                        />
                      ) : null}
                      {repair.canClose ? (
                        <ActForm
                          action={closeRepairAction}
                          fields={{ id: repair.id }}
                          label={repair.canApprove ? 'Reject' : 'Withdraw'}
                          pendingLabel="Closing…"
                          variant="outline"
                          testId="close-repair"
                          reason={{ name: 'note', label: 'Note (optional)', required: false }}
                        />
                      ) : null}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        )}
      </Card>
    </>
  );
}
