import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requestRepairAction } from '@/app/(console)/repairs/actions';
import { DownloadButton } from '@/components/migrations/download-button';
import { FindingsList } from '@/components/migrations/findings-list';
import { ActForm } from '@/components/pushes/act-form';
import { SqlBlock } from '@/components/migrations/sql-block';
import { StatementDiffView } from '@/components/migrations/statement-diff-view';
import { StatementsList } from '@/components/migrations/statements-list';
import { StatusBadge } from '@/components/migrations/status-badge';
import { LockImpactCard } from '@/components/pushes/lock-impact-card';
import { versionTime } from '@/components/migrations/version-time';
import { LastKnownNote } from '@/components/shell/last-known-note';
import { PageHeader } from '@/components/shell/page-header';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { requireRole } from '@/lib/auth/require-role';
import { holdsAnyRole } from '@/lib/auth/roles';
import { recordedStatementsFile } from '@/lib/migrations/fetch-file';
import { loadMigrationDetail } from '@/lib/migrations/load-status';
import { repairOptions } from '@/lib/migrations/repairs';
import { readPushSettings } from '@/lib/migrations/push-settings';
import { lockImpactOf } from '@/lib/migrations/pushes';

type Params = Promise<{ version: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { version } = await params;
  return { title: `Migration ${decodeURIComponent(version)}` };
}

function sameStatements(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((statement, index) => statement === b[index]);
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500">{label}</dt>
      <dd className="mt-0.5 break-all text-sm">{children}</dd>
    </div>
  );
}

export default async function MigrationDetailPage({ params }: { params: Params }) {
  const { version } = await params;
  const key = decodeURIComponent(version);
  const viewer = await requireRole('operator', `/migrations/${version}`);
  const detail = await loadMigrationDetail(key);
  if (!detail) notFound();
  const { row, text } = detail;
  const localStatements = row.local?.statements ?? null;
  const recorded = row.remote?.statements ?? null;
  const fetched = recorded ? recordedStatementsFile(recorded) : null;
  const repairs = repairOptions(row);

  return (
    <>
      <div className="mb-2 text-sm">
        <Link href="/migrations" className="text-brand-700 hover:underline">
          ← All migrations
        </Link>
      </div>
      <PageHeader
        outage={viewer.outage}
        title={row.version ? `${row.version}${row.name ? ` · ${row.name}` : ''}` : row.key}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <StatusBadge status={row.status} /> <span>module {row.module}</span>
          </span>
        }
      />
      <div className="space-y-6">
        <LastKnownNote lastKnown={detail.lastKnown} />
        <FindingsList findings={row.findings} linkLines={text !== null} />

        <Card>
          <CardContent>
            <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4" data-test="migration-facts">
              <Fact label="Local file">{row.local ? <span className="font-mono text-xs">{row.local.fileName}</span> : 'none in this folder'}</Fact>
              <Fact label="SHA-256 of the file">
                {row.local?.sha256 ? (
                  <span className="font-mono text-xs" data-test="sha256">
                    {row.local.sha256}
                  </span>
                ) : (
                  '—'
                )}
              </Fact>
              <Fact label="Remote history">{row.remote ? `recorded as “${row.remote.name ?? ''}”` : 'not recorded'}</Fact>
              <Fact label="Version time (UTC)">{versionTime(row.version) ?? 'not a timestamp'}</Fact>
            </dl>
            {row.duplicates?.length ? (
              <p className="mt-4 text-sm text-zinc-600">
                Other files with this version:{' '}
                {row.duplicates.map((file) => (
                  <code key={file.fileName} className="mr-2 font-mono text-xs">
                    {file.fileName}
                  </code>
                ))}
              </p>
            ) : null}
          </CardContent>
        </Card>

        {(row.status === 'pending' || row.status === 'pending_out_of_order') && row.version ? (
          <LockImpactCard impacts={await lockImpactOf([row.version])} lockTimeout={readPushSettings().lockTimeout} />
        ) : null}

        {recorded && row.version ? (
          <Card data-test="recorded-file">
            <CardHeader>
              <CardTitle>Recorded statements as a file</CardTitle>
              <CardDescription>
                What <code>supabase migration fetch</code> gives back: the statements the database recorded when the version was applied, one after another.
                {row.status === 'remote_only' ? ' Put it in the migrations folder under this name to bring the file back.' : ''}
                {fetched && !fetched.exact ? ' These statements cannot be written back byte for byte; check the file before committing it.' : ''}
              </CardDescription>
            </CardHeader>
            <CardContent>
              <DownloadButton
                text={fetched?.text ?? ''}
                fileName={`${row.version}_${row.remote?.name ?? row.name}.sql`}
                label={`Download ${row.version}_${row.remote?.name ?? row.name}.sql`}
              />
            </CardContent>
          </Card>
        ) : null}

        {holdsAnyRole(viewer.roles, ['admin']) && row.version && (repairs.applied || repairs.reverted) ? (
          <Card data-test="repair">
            <CardHeader>
              <CardTitle>Repair the history</CardTitle>
              <CardDescription>
                What <code>supabase migration repair</code> does, with a second admin: your request waits on{' '}
                <Link href="/repairs" className="text-brand-700 hover:underline">
                  History repairs
                </Link>{' '}
                until another admin approves it.
              </CardDescription>
            </CardHeader>
            <CardContent className="grid gap-4 md:grid-cols-2">
              {repairs.applied ? (
                <div className="space-y-2">
                  <p className="text-sm text-zinc-600">{repairs.applied}</p>
                  <ActForm
                    action={requestRepairAction}
                    fields={{ kind: 'applied', version: row.version }}
                    label="Request: record as applied"
                    pendingLabel="Requesting…"
                    variant="outline"
                    testId="repair-applied"
                    reason={{ name: 'reason', label: 'Why (who ran it, where, ticket)', required: true }}
                  />
                </div>
              ) : null}
              {repairs.reverted ? (
                <div className="space-y-2">
                  <p className="text-sm text-zinc-600">{repairs.reverted}</p>
                  <ActForm
                    action={requestRepairAction}
                    fields={{ kind: 'reverted', version: row.version }}
                    label="Request: record as reverted"
                    pendingLabel="Requesting…"
                    variant="outline"
                    testId="repair-reverted"
                    reason={{ name: 'reason', label: 'Why (ticket, what happened)', required: true }}
                  />
                </div>
              ) : null}
            </CardContent>
          </Card>
        ) : null}

        {row.status === 'edited_after_apply' && localStatements && recorded ? (
          <Card>
            <CardHeader>
              <CardTitle>What changed since it was applied</CardTitle>
              <CardDescription>
                The database ran the statements on the left. Edits to an applied migration never run again; put the change in a new migration.
              </CardDescription>
            </CardHeader>
            <CardContent>
              <StatementDiffView recorded={recorded} current={localStatements} />
            </CardContent>
          </Card>
        ) : null}

        {text !== null ? (
          <Card>
            <CardHeader>
              <CardTitle>File</CardTitle>
              <CardDescription>
                {row.local?.fileName} · {row.local?.sizeBytes.toLocaleString('en')} bytes
              </CardDescription>
            </CardHeader>
            <CardContent>
              <SqlBlock sql={text} markedLines={row.findings.flatMap((finding) => (finding.risk?.line ? [finding.risk.line] : []))} />
            </CardContent>
          </Card>
        ) : null}

        {localStatements || recorded ? (
          <Card>
            <CardHeader>
              <CardTitle>Statements</CardTitle>
              <CardDescription>
                Split exactly as the Supabase CLI splits and records them; numbered from 0 like its errors.
                {localStatements && recorded && sameStatements(localStatements, recorded) ? ' The file’s statements are identical to the recorded ones.' : ''}
              </CardDescription>
            </CardHeader>
            <CardContent className="space-y-3">
              {localStatements ? (
                <details open={!recorded} data-test="local-statements-section">
                  <summary className="cursor-pointer text-sm font-medium">In the file ({localStatements.length})</summary>
                  <div className="mt-3">
                    <StatementsList statements={localStatements} testId="local-statements" />
                  </div>
                </details>
              ) : null}
              {recorded ? (
                <details open={!localStatements} data-test="recorded-statements-section">
                  <summary className="cursor-pointer text-sm font-medium">Recorded in supabase_migrations.schema_migrations ({recorded.length})</summary>
                  <div className="mt-3">
                    <StatementsList statements={recorded} testId="recorded-statements" />
                  </div>
                </details>
              ) : null}
            </CardContent>
          </Card>
        ) : null}
      </div>
    </>
  );
}
