import type { Metadata } from 'next';
import Link from 'next/link';
import { AdvisorFindings } from '@/components/schema/advisor-findings';
import { FindingCounts } from '@/components/schema/finding-counts';
import { SchemaTabs } from '@/components/schema/schema-tabs';
import { LastKnownNote } from '@/components/shell/last-known-note';
import { PageHeader } from '@/components/shell/page-header';
import { countByLevel } from '@/lib/advisor/types';
import { requireRole } from '@/lib/auth/require-role';
import { loadSchemaOverview, pendingFindings } from '@/lib/catalog/load-schema';

export const metadata: Metadata = { title: 'Advisor' };

export default async function AdvisorPage() {
  const viewer = await requireRole('operator', '/schema/advisor');
  const overview = await loadSchemaOverview();
  const pending = pendingFindings(overview);
  const sourceWords = {
    database: "the database's PostgREST setting",
    environment: 'CONSOLE_EXPOSED_SCHEMAS',
    config: 'supabase/config.toml',
    default: "the API's default",
  }[overview.exposed.source];

  return (
    <>
      <PageHeader
        outage={viewer.outage}
        title="Advisor"
        description={
          <>
            Checks of the live project in the spirit of Supabase&apos;s Security and Performance Advisor, and checks of the migration files not pushed yet.
            Exposed schemas: {overview.exposed.schemas.join(', ')} (from {sourceWords}).
          </>
        }
      />
      <SchemaTabs active="advisor" />
      <LastKnownNote lastKnown={overview.lastKnown} className="mb-4" />

      <section className="mb-8" data-test="live-findings">
        <div className="mb-3 flex flex-wrap items-center gap-3">
          <h2 className="text-lg font-semibold">Live project</h2>
          <FindingCounts counts={countByLevel(overview.findings)} />
        </div>
        <AdvisorFindings findings={overview.findings} empty="No finding: row level security, policies, functions, views and indexes pass every check." />
      </section>

      <section data-test="pending-findings">
        <div className="mb-1 flex flex-wrap items-center gap-3">
          <h2 className="text-lg font-semibold">Pending migrations</h2>
          <FindingCounts counts={countByLevel(pending.findings)} />
        </div>
        <p className="mb-3 text-sm text-zinc-500">
          {pending.files.length === 0 ? (
            'No file is waiting to be pushed.'
          ) : (
            <>
              {pending.files.length} file{pending.files.length === 1 ? '' : 's'} not pushed yet:{' '}
              {pending.files.map((file, index) => (
                <span key={file.version}>
                  {index ? ', ' : ''}
                  <Link className="font-mono text-brand-700 hover:underline" href={`/migrations/${encodeURIComponent(file.version)}`}>
                    {file.fileName}
                  </Link>
                </span>
              ))}
              .
            </>
          )}
        </p>
        {pending.files.length ? <AdvisorFindings findings={pending.findings} empty="The pending files pass every check." /> : null}
      </section>
    </>
  );
}
