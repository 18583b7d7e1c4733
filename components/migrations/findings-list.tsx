import { Alert } from '@/components/ui/alert';
import type { Finding } from '@/lib/migrations/types';

const TONE = { blocking: 'bad', warning: 'warn', info: 'info' } as const;

/** Any finding with the shared shape: migration status, push snapshots and lints alike. */
type FindingLike = Omit<Finding, 'code'> & { code: string };

export function FindingsList({ findings }: { findings: FindingLike[] }) {
  if (findings.length === 0) return null;
  return (
    <div className="space-y-3" data-test="findings">
      {findings.map((finding, index) => (
        <Alert key={`${finding.code}-${index}`} tone={TONE[finding.severity]} data-test="finding" data-code={finding.code}>
          <p className="font-medium">{finding.title}</p>
          <p className="mt-1">{finding.explanation}</p>
          <p className="mt-2"><span className="font-medium">Next step: </span>{finding.nextStep}</p>
          {finding.command ? <pre className="mt-2 overflow-x-auto rounded bg-white/70 px-3 py-2 font-mono text-xs" data-test="finding-command">{finding.command}</pre> : null}
        </Alert>
      ))}
    </div>
  );
}
