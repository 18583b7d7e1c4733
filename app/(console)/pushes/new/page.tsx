import type { Metadata } from 'next';
import Link from 'next/link';
import { FindingsList } from '@/components/migrations/findings-list';
import { AdvisorDeltaSection } from '@/components/pushes/advisor-delta-section';
import { loadAdvisorDelta } from '@/lib/advisor/load-advisor-delta';
import { PushFilesTable } from '@/components/pushes/push-files-table';
import { LockImpactCard } from '@/components/pushes/lock-impact-card';
import { RequestPushForm } from '@/components/pushes/request-form';
import { requestPushAction } from '../actions';
import { PageHeader } from '@/components/shell/page-header';
import { Alert } from '@/components/ui/alert';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { requireRole } from '@/lib/auth/require-role';
import { readPushSettings } from '@/lib/migrations/push-settings';
import { previewPush } from '@/lib/migrations/pushes';

export const metadata: Metadata = { title: 'Request a push' };

export default async function NewPushPage() {
  const viewer = await requireRole('operator', '/pushes/new');
  const { plan, planToken, pushesEnabled, pushesDisabledReason, locks, needsHeavyLockAck } = await previewPush();
  const fileFindings = plan.files.flatMap((file) => file.findings);
  return (
    <>
      <div className="mb-2 text-sm">
        <Link href="/pushes" className="text-brand-700 hover:underline">
          ← All pushes
        </Link>
      </div>
      <PageHeader
        outage={viewer.outage}
        title="Request a push"
        description="What a push would apply now, in the order it would apply it. The request records these exact files and their SHA-256; if any of them changes before the run, the run refuses."
      />
      <div className="space-y-6">
        {!pushesEnabled && pushesDisabledReason ? (
          <Alert tone="warn" data-test="read-only">
            {pushesDisabledReason}
          </Alert>
        ) : null}
        {plan.blockers.length ? (
          <Alert tone={plan.blockers.every((blocker) => blocker.code === 'nothing_pending') ? 'info' : 'bad'} data-test="push-blockers">
            <p className="font-medium">
              {plan.blockers.every((blocker) => blocker.code === 'nothing_pending') ? 'Nothing to push' : 'A push cannot be requested now'}
            </p>
            <ul className="mt-1 list-disc pl-5">
              {plan.blockers.map((blocker, index) => (
                <li key={index}>{blocker.message}</li>
              ))}
            </ul>
          </Alert>
        ) : null}
        {plan.files.length ? (
          <Card>
            <CardHeader>
              <CardTitle>
                {plan.files.length} file{plan.files.length === 1 ? '' : 's'} to apply
              </CardTitle>
              <CardDescription>
                After {plan.lastAppliedVersion ? <span className="font-mono">{plan.lastAppliedVersion}</span> : 'an empty history'}. Each file runs in its own
                transaction with lock and statement timeouts, unless flagged.
              </CardDescription>
            </CardHeader>
            <PushFilesTable files={plan.files} />
          </Card>
        ) : null}
        {plan.files.length ? <LockImpactCard impacts={locks} lockTimeout={readPushSettings().lockTimeout} /> : null}
        {plan.files.length ? <AdvisorDeltaSection outcome={loadAdvisorDelta(plan.files.map((file) => file.version))} /> : null}
        {fileFindings.length || plan.findings.length ? (
          <Card>
            <CardHeader>
              <CardTitle>Findings</CardTitle>
              <CardDescription>Recorded with the request so the approver sees them too.</CardDescription>
            </CardHeader>
            <CardContent>
              <FindingsList findings={[...fileFindings, ...plan.findings]} />
            </CardContent>
          </Card>
        ) : null}
        {plan.blockers.length === 0 ? (
          <Card>
            <CardHeader>
              <CardTitle>Request</CardTitle>
              <CardDescription>Another admin must approve this request before anyone can run it.</CardDescription>
            </CardHeader>
            <CardContent>
              <RequestPushForm
                requestPush={requestPushAction}
                planToken={planToken}
                needsIncludeAll={plan.needsIncludeAll}
                needsNonTransactionalAck={plan.needsNonTransactionalAck}
                needsDestructiveAck={plan.needsDestructiveAck}
                needsHeavyLockAck={needsHeavyLockAck}
              />
            </CardContent>
          </Card>
        ) : null}
      </div>
    </>
  );
}
