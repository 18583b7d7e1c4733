import { Suspense } from 'react';
import { AdvisorFindings } from '@/components/schema/advisor-findings';
import { Alert } from '@/components/ui/alert';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import type { AdvisorDeltaOutcome } from '@/lib/advisor/load-advisor-delta';

/**
 * What the push would change in the advisor's findings: the pending files applied to a throwaway
 * shadow database, linted before and after. It takes a few seconds (the shadow boots), so the page
 * starts it (`loadAdvisorDelta`) and passes the promise: this part streams in after the rest.
 */
export function AdvisorDeltaSection({ outcome }: { outcome: Promise<AdvisorDeltaOutcome> }) {
  return (
    <Card data-test="advisor-delta">
      <CardHeader>
        <CardTitle>Advisor: what this push would change</CardTitle>
        <CardDescription>
          The files are applied to a throwaway shadow database with the platform bootstrap, and the advisor runs before and after.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <Suspense
          fallback={
            <p className="animate-pulse text-sm text-zinc-500" data-test="advisor-delta-loading">
              Applying the files to a shadow database…
            </p>
          }
        >
          <AdvisorDeltaResult outcome={outcome} />
        </Suspense>
      </CardContent>
    </Card>
  );
}

async function AdvisorDeltaResult({ outcome }: { outcome: Promise<AdvisorDeltaOutcome> }) {
  const result = await outcome;
  if (!result.ok) {
    return (
      <Alert tone="warn" data-test="advisor-delta-error">
        The shadow database could not be prepared, so the advisor delta is missing. The push itself is not affected; review the files by hand.
      </Alert>
    );
  }
  const { delta } = result;
  return (
    <div className="space-y-5" data-test="advisor-delta-result">
      {delta.failures.length ? (
        <Alert tone="warn" data-test="advisor-delta-failures">
          The shadow could not run {delta.failures.length} file{delta.failures.length === 1 ? '' : 's'}:{' '}
          {delta.failures.map((failure) => `${failure.fileName}${failure.pending ? ' (in this push)' : ''}: ${failure.message}`).join('; ')}
        </Alert>
      ) : null}
      <section>
        <h3 className="mb-2 text-sm font-semibold">New findings after the push ({delta.added.length})</h3>
        <AdvisorFindings findings={delta.added} empty="The push adds no advisor finding." />
      </section>
      <section>
        <h3 className="mb-2 text-sm font-semibold">Findings the push resolves ({delta.removed.length})</h3>
        <AdvisorFindings findings={delta.removed} empty="The push resolves no existing finding." />
      </section>
      <section>
        <h3 className="mb-2 text-sm font-semibold">About the files’ statements ({delta.pending.length})</h3>
        <AdvisorFindings findings={delta.pending} empty="No risky statement found in these files." />
      </section>
      <p className="text-xs text-zinc-400">Checked in {(delta.durationMs / 1000).toFixed(1)} s.</p>
    </div>
  );
}
