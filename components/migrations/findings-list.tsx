import { Alert } from '@/components/ui/alert';
import type { Finding } from '@/lib/migrations/types';

const TONE = { blocking: 'bad', warning: 'warn', info: 'info' } as const;

/** Any finding with the shared shape: migration status, push snapshots and lints alike. */
type FindingLike = Omit<Finding, 'code'> & { code: string };

const ORDER = { blocking: 0, warning: 1, info: 2 } as const;

/** Blocking findings first, then warnings, then notes; each keeps its place within its kind. */
export function FindingsList({ findings, linkLines = false }: { findings: FindingLike[]; linkLines?: boolean }) {
  if (findings.length === 0) return null;
  const sorted = findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => ORDER[a.finding.severity] - ORDER[b.finding.severity] || a.index - b.index);
  return (
    <div className="space-y-3" data-test="findings">
      {sorted.map(({ finding, index }) => (
        <Alert key={`${finding.code}-${index}`} tone={TONE[finding.severity]} data-test="finding" data-code={finding.code} data-severity={finding.severity}>
          <p className="font-medium">
            {finding.title}
            {linkLines && finding.risk?.line ? (
              <a href={`#L${finding.risk.line}`} className="ml-2 font-mono text-xs font-normal underline" data-test="finding-line">
                line {finding.risk.line}
              </a>
            ) : null}
          </p>
          <p className="mt-1">{finding.explanation}</p>
          <p className="mt-2">
            <span className="font-medium">Next step: </span>
            {finding.nextStep}
          </p>
          {finding.command ? (
            <pre className="mt-2 overflow-x-auto rounded bg-white/70 px-3 py-2 font-mono text-xs" data-test="finding-command">
              {finding.command}
            </pre>
          ) : null}
        </Alert>
      ))}
    </div>
  );
}
