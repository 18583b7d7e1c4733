import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { approvePushAction, cancelPushAction, rejectPushAction, runPushAction } from '../actions';
import { FindingsList } from '@/components/migrations/findings-list';
import { AdvisorDeltaSection } from '@/components/pushes/advisor-delta-section';
import { loadAdvisorDelta } from '@/lib/advisor/load-advisor-delta';
import { SqlBlock } from '@/components/migrations/sql-block';
import { ActForm } from '@/components/pushes/act-form';
import { LiveRefresh } from '@/components/pushes/live-refresh';
import { LockImpactCard } from '@/components/pushes/lock-impact-card';
import { PushFilesTable } from '@/components/pushes/push-files-table';
import { PushStateBadge } from '@/components/pushes/push-state-badge';
import { RunSteps } from '@/components/pushes/run-steps';
import { PageHeader } from '@/components/shell/page-header';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { requireRole } from '@/lib/auth/require-role';
import { readPushSettings } from '@/lib/migrations/push-settings';
import { getPush, lockImpactOf, markStaleIfMoved, pushesDisabledReason, readPushFiles } from '@/lib/migrations/pushes';

export const metadata: Metadata = { title: 'Push request' };

function when(value: string): string {
  return `${value.slice(0, 19).replace('T', ' ')} UTC`;
}

export default async function PushPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireRole('operator', `/pushes/${id}`);
  const found = await getPush(id);
  if (!found) notFound();
  // A request whose files or history moved since it was made becomes stale, in the database, the
  // first time anyone looks: then nobody is offered an approval or a run that would be refused.
  const push = (await markStaleIfMoved(found)).length ? ((await getPush(id)) ?? found) : found;
  const texts = readPushFiles(push);
  const changedFiles = texts.filter((file) => !file.matchesSnapshot);
  const running = push.state === 'running' || push.runs.some((run) => run.status === 'running' && run.engineActive);
  const disabled = pushesDisabledReason();
  const isRequester = push.requestedBy === viewer.userId;
  const fileFindings = push.files.flatMap((file) => file.findings);
  const acts = push.viewer;

  return (
    <>
      <div className="mb-2 text-sm">
        <Link href="/pushes" className="text-brand-700 hover:underline">
          ← All pushes
        </Link>
      </div>
      <PageHeader
        outage={viewer.outage}
        title={`Push of ${push.fileCount} file${push.fileCount === 1 ? '' : 's'}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <PushStateBadge state={push.state} />
            <span>
              requested by {push.requestedByEmail ?? push.requestedBy} at {when(push.requestedAt)}
            </span>
            <LiveRefresh active={running} />
          </span>
        }
      />
      <div className="space-y-6">
        {push.note ? (
          <Card>
            <CardContent>
              <p className="whitespace-pre-wrap text-sm" data-test="push-note">
                {push.note}
              </p>
            </CardContent>
          </Card>
        ) : null}
        {push.state === 'stale' ? (
          <Alert tone="bad" data-test="push-stale">
            <p className="font-medium">This request is stale: it can no longer be approved or run.</p>
            <ul className="mt-1 list-disc pl-5">
              {(push.staleReasons ?? []).map((reason, index) => (
                <li key={index}>{reason.message}</li>
              ))}
            </ul>
            <p className="mt-2">
              Request a new push for the files as they are now:{' '}
              <Link href="/pushes/new" className="font-medium underline">
                new request
              </Link>
              .
            </p>
          </Alert>
        ) : null}
        {changedFiles.length && (push.state === 'requested' || push.state === 'approved') ? (
          <Alert tone="bad" data-test="files-changed">
            {changedFiles.length} file{changedFiles.length === 1 ? ' has' : 's have'} changed since the request (
            {changedFiles.map((file) => file.fileName).join(', ')}). A run will refuse this request as stale; request a new push.
          </Alert>
        ) : null}

        <Card>
          <CardHeader>
            <CardTitle>Decision</CardTitle>
            <CardDescription>
              Snapshot{' '}
              <span className="font-mono" data-test="snapshot-hash">
                {push.snapshotHash.slice(0, 16)}…
              </span>
              {push.includeAll ? ' · out-of-order files acknowledged' : ''}
              {push.acknowledgeNonTransactional ? ' · files outside a transaction acknowledged' : ''}
              {push.acknowledgeDestructive ? ' · destructive statements acknowledged' : ''}
              {push.acknowledgeHeavyLock ? ' · heavy locks on large tables acknowledged' : ''}
            </CardDescription>
          </CardHeader>
          <CardContent className="space-y-4">
            {push.approvals.map((approval) => (
              <p key={approval.approvedAt} className="text-sm" data-test="approval">
                <Badge tone="good">approved</Badge> by {approval.approvedByEmail ?? approval.approvedBy} at {when(approval.approvedAt)}
              </p>
            ))}
            {push.closedAt ? (
              <p className="text-sm text-zinc-600">
                Closed by {push.closedByEmail ?? push.closedBy} at {when(push.closedAt)}
                {push.closeReason ? `: ${push.closeReason}` : ''}
              </p>
            ) : null}
            {push.state === 'requested' && isRequester && !acts.canApprove ? (
              <p className="text-sm text-zinc-600" data-test="awaiting-other-admin">
                You requested this push: another admin must review and approve it.
              </p>
            ) : null}
            <div className="grid gap-4 md:grid-cols-2">
              {acts.canApprove ? (
                <ActForm
                  action={approvePushAction}
                  fields={{ id: push.id, snapshotHash: push.snapshotHash }}
                  label="Approve these files"
                  pendingLabel="Approving…"
                  variant="brand"
                  testId="approve"
                  confirm="Approve exactly these files and hashes?"
                />
              ) : null}
              {acts.canRun ? (
                disabled ? (
                  <Alert tone="warn" data-test="read-only">
                    {disabled}
                  </Alert>
                ) : (
                  <ActForm
                    action={runPushAction}
                    fields={{ id: push.id }}
                    label="Run this push"
                    pendingLabel="Starting…"
                    variant="brand"
                    testId="run"
                    confirm="Apply these migrations to the project's database now?"
                  />
                )
              ) : null}
              {acts.canReject ? (
                <ActForm
                  action={rejectPushAction}
                  fields={{ id: push.id }}
                  label="Reject"
                  pendingLabel="Rejecting…"
                  variant="outline"
                  testId="reject"
                  reason={{ name: 'reason', label: 'Why is it rejected?', required: true }}
                />
              ) : null}
              {acts.canCancel ? (
                <ActForm
                  action={cancelPushAction}
                  fields={{ id: push.id }}
                  label="Cancel request"
                  pendingLabel="Cancelling…"
                  variant="outline"
                  testId="cancel"
                />
              ) : null}
            </div>
          </CardContent>
        </Card>

        {push.runs.length ? (
          <Card>
            <CardHeader>
              <CardTitle>{push.runs.length === 1 ? 'Run' : `Runs (${push.runs.length})`}</CardTitle>
            </CardHeader>
            <CardContent className="space-y-6">
              {push.runs.map((run) => (
                <RunSteps key={run.id} run={run} />
              ))}
            </CardContent>
          </Card>
        ) : null}

        <Card>
          <CardHeader>
            <CardTitle>Files</CardTitle>
            <CardDescription>
              In push order, after {push.lastAppliedVersion ? <span className="font-mono">{push.lastAppliedVersion}</span> : 'an empty history'}.
            </CardDescription>
          </CardHeader>
          <PushFilesTable files={push.files} />
          <CardContent className="space-y-3">
            {texts.map((file) => (
              <details key={file.fileName} className="rounded-md border border-zinc-200" data-test="push-file-sql">
                <summary className="flex cursor-pointer items-center gap-2 px-3 py-2 text-sm">
                  <span className="font-mono text-xs">{file.fileName}</span>
                  {file.matchesSnapshot ? (
                    <Badge tone="good">matches the snapshot</Badge>
                  ) : (
                    <Badge tone="bad">{file.text === null ? 'missing or unreadable' : 'changed since the request'}</Badge>
                  )}
                </summary>
                <div className="px-3 pb-3">
                  {file.text !== null ? <SqlBlock sql={file.text} /> : <p className="text-sm text-zinc-500">The file cannot be read now.</p>}
                </div>
              </details>
            ))}
          </CardContent>
        </Card>

        {push.state === 'requested' || push.state === 'approved' ? (
          <>
            <LockImpactCard impacts={await lockImpactOf(push.files.map((file) => file.version))} lockTimeout={readPushSettings().lockTimeout} />
            <AdvisorDeltaSection outcome={loadAdvisorDelta(push.files.map((file) => file.version))} />
          </>
        ) : null}
        {fileFindings.length || push.findings.length ? (
          <Card>
            <CardHeader>
              <CardTitle>Findings at request time</CardTitle>
            </CardHeader>
            <CardContent>
              <FindingsList findings={[...fileFindings, ...push.findings]} />
            </CardContent>
          </Card>
        ) : null}
      </div>
    </>
  );
}
