import type { Metadata } from 'next';
import Form from 'next/form';
import Link from 'next/link';
import { DriftItems } from '@/components/schema/drift-items';
import { SchemaTabs } from '@/components/schema/schema-tabs';
import { PageHeader } from '@/components/shell/page-header';
import { Alert } from '@/components/ui/alert';
import { buttonVariants } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { requireRole } from '@/lib/auth/require-role';
import { runDriftCheck, type DriftOutcome } from '@/lib/drift/load-drift';

export const metadata: Metadata = { title: 'Drift' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function DriftPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await requireRole('operator', '/schema/drift');
  const run = (await searchParams).run === '1';
  // The check takes seconds (it builds a database); it runs when asked, and its result is not kept.
  const outcome: DriftOutcome | null = run ? await runDriftCheck() : null;

  return (
    <>
      <PageHeader
        outage={viewer.outage}
        title="Drift"
        description="Applies every migration the live history records to a throwaway shadow database (PostgreSQL 17, in the console's server) and compares its tables, columns, indexes, policies, RLS flags, grants, views and functions with the live project. It catches what IF NOT EXISTS silently skipped, applied files edited afterwards, and objects created by hand."
      />
      <SchemaTabs active="drift" />
      <Form action="/schema/drift" className="mb-5 flex items-center gap-3" data-test="drift-run-form">
        <input type="hidden" name="run" value="1" />
        <button type="submit" className={buttonVariants({ variant: 'brand' })} data-test="run-drift">
          {outcome ? 'Run the check again' : 'Run the drift check'}
        </button>
        <span className="text-sm text-zinc-500">Takes a few seconds; it only reads the live project.</span>
      </Form>
      {outcome ? (
        <DriftResult outcome={outcome} />
      ) : (
        <Card>
          <CardContent className="py-8 text-center text-sm text-zinc-500" data-test="drift-not-run">
            Nothing is checked until you run it: every run starts from an empty shadow database, so the result is always current.
          </CardContent>
        </Card>
      )}
    </>
  );
}

function DriftResult({ outcome }: { outcome: DriftOutcome }) {
  if (outcome.status !== 'done') {
    return (
      <Alert tone={outcome.status === 'unavailable' ? 'info' : 'bad'} data-test="drift-unavailable">
        {outcome.reason}
      </Alert>
    );
  }
  const { report } = outcome;
  const notVerifiable = report.items.filter((item) => !item.counts);
  return (
    <div className="space-y-4" data-test="drift-result" data-drift-count={report.driftCount}>
      {report.driftCount === 0 ? (
        <Alert tone="good" data-test="no-drift">
          No drift: the live project is exactly what its {report.shadow.appliedVersions.length} applied migrations declare.
        </Alert>
      ) : (
        <Alert tone="warn" data-test="drift-found">
          {report.driftCount} difference{report.driftCount === 1 ? '' : 's'} between the migrations and the live project. Each one below says why, when the
          files and the history can tell, and what to do.
        </Alert>
      )}
      <p className="text-xs text-zinc-500" data-test="drift-meta">
        Checked {report.checkedAt.replace('T', ' ').slice(0, 19)} UTC in {(report.shadow.durationMs / 1000).toFixed(1)} s ·{' '}
        <span data-test="drift-coverage">{report.shadow.coverage.summary}</span>
        {report.history.pendingVersions.length
          ? ` · ${report.history.pendingVersions.length} pending file${report.history.pendingVersions.length === 1 ? '' : 's'} left out (not pushed yet; see the Advisor for what they would change)`
          : ''}
        {report.history.remoteOnlyVersions.length
          ? ` · ${report.history.remoteOnlyVersions.length} version${report.history.remoteOnlyVersions.length === 1 ? '' : 's'} in the history without a file: ${report.history.remoteOnlyVersions.join(', ')}`
          : ''}
        {report.shadow.adoptedDefaultPrivileges?.length ? (
          <span data-test="drift-adopted-defaults">
            {' '}
            · replayed with the project&apos;s own default privileges (no migration sets them): {report.shadow.adoptedDefaultPrivileges.join('; ')}
          </span>
        ) : null}
      </p>
      {report.shadow.failures.length ? (
        <Alert tone="warn" data-test="shadow-failures">
          <p className="font-medium">Statements the shadow database could not run</p>
          <p className="mt-1">
            Each was left out under its own savepoint and the rest of its file, and every later file, still replayed. What they create cannot be compared, and
            is marked &ldquo;not verifiable&rdquo; below.
          </p>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            {report.shadow.failures.map((failure) => (
              <li key={`${failure.version}-${failure.statementIndex ?? 'file'}`} data-test="shadow-failure">
                <Link className="font-mono text-brand-700 hover:underline" href={`/migrations/${encodeURIComponent(failure.version)}`}>
                  {failure.fileName}
                </Link>
                {failure.statementIndex !== null ? `, statement ${failure.statementIndex}` : ''}:{' '}
                {failure.missingExtension ? `the extension ${failure.missingExtension} is not available in the shadow database` : failure.message}
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {report.driftCount > 0 ? <DriftItems items={report.items.filter((item) => item.counts)} /> : null}
      {notVerifiable.length ? (
        <details className="rounded-lg border border-zinc-200 bg-white px-5 py-3">
          <summary className="cursor-pointer text-sm font-medium">
            {notVerifiable.length} difference{notVerifiable.length === 1 ? '' : 's'} the check cannot vouch for
          </summary>
          <div className="mt-3">
            <DriftItems items={notVerifiable} />
          </div>
        </details>
      ) : null}
      {report.shadow.bootstrapIssues.length ? (
        <p className="text-xs text-zinc-500" data-test="bootstrap-issues">
          The shadow&apos;s platform bootstrap skipped {report.shadow.bootstrapIssues.length} statement{report.shadow.bootstrapIssues.length === 1 ? '' : 's'}{' '}
          it cannot run: {report.shadow.bootstrapIssues.map((issue) => issue.message).join('; ')}.
        </p>
      ) : null}
    </div>
  );
}
