import type { ReactNode } from 'react';
import Link from 'next/link';
import { SqlBlock } from '@/components/migrations/sql-block';
import { Badge } from '@/components/ui/badge';
import type { AdvisorFinding, AdvisorLevel } from '@/lib/advisor/types';
import { cn } from '@/lib/ui/cn';

const TONE = { error: 'bad', warning: 'warn', info: 'info' } as const;
const BORDER: Record<AdvisorLevel, string> = { error: 'border-l-red-500', warning: 'border-l-amber-400', info: 'border-l-sky-400' };

/** Advisor findings: what is wrong, why it matters, the fix (with SQL for a new migration). */
export function AdvisorFindings({ findings, empty, linkTables = true }: { findings: readonly AdvisorFinding[]; empty: ReactNode; linkTables?: boolean }) {
  if (findings.length === 0)
    return (
      <div className="rounded-lg border border-dashed border-zinc-300 px-5 py-8 text-center text-sm text-zinc-500" data-test="findings-empty">
        {empty}
      </div>
    );
  return (
    <ul className="space-y-3" data-test="advisor-findings">
      {findings.map((finding) => (
        <li
          key={finding.key}
          className={cn('rounded-lg border border-l-4 border-zinc-200 bg-white px-5 py-4', BORDER[finding.level])}
          data-test="advisor-finding"
          data-lint={finding.lint}
          data-level={finding.level}
        >
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={TONE[finding.level]}>{finding.level}</Badge>
            <span className="font-medium">{finding.title}</span>
            <span className="font-mono text-xs text-zinc-400">{finding.lint}</span>
          </div>
          <p className="mt-1 text-sm">
            {linkTables && finding.object.schema && finding.object.table && finding.object.type !== 'statement' ? (
              <Link
                className="text-brand-700 hover:underline"
                href={`/schema/${encodeURIComponent(finding.object.schema)}/${encodeURIComponent(finding.object.table)}`}
              >
                {finding.objectLabel}
              </Link>
            ) : (
              <span className="font-medium">{finding.objectLabel}</span>
            )}
            {finding.source ? (
              <span className="text-zinc-500">
                {' '}
                ·{' '}
                <Link className="font-mono text-brand-700 hover:underline" href={`/migrations/${encodeURIComponent(finding.source.version)}`}>
                  {finding.source.fileName}
                </Link>
                , statement {finding.source.statementIndex}
              </span>
            ) : null}
          </p>
          <p className="mt-2 text-sm text-zinc-800" data-test="finding-detail">
            {finding.detail}
          </p>
          <p className="mt-2 text-sm text-zinc-600">
            <span className="font-medium text-zinc-700">Why it matters: </span>
            {finding.why}
          </p>
          <p className="mt-1 text-sm text-zinc-600">
            <span className="font-medium text-zinc-700">Fix: </span>
            {finding.fix}
          </p>
          {finding.fixSql ? <SqlBlock sql={finding.fixSql} lineNumbers={false} className="mt-2" /> : null}
        </li>
      ))}
    </ul>
  );
}
