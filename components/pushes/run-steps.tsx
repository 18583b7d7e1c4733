import { Badge } from '@/components/ui/badge';
import { Table, Td, Th } from '@/components/ui/table';
import type { PushRun, PushStepStatus } from '@/lib/migrations/push-records';

const STEP_TONE: Record<PushStepStatus, 'good' | 'info' | 'warn' | 'bad' | 'neutral'> = {
  pending: 'neutral',
  running: 'info',
  succeeded: 'good',
  failed: 'bad',
  skipped: 'neutral',
};

function duration(ms: number | null): string {
  if (ms === null) return '';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** One run: who started it, how it ended, and each file's progress and error, located. */
export function RunSteps({ run }: { run: PushRun }) {
  return (
    <div className="space-y-3" data-test="push-run" data-status={run.status}>
      <p className="text-sm text-zinc-600">
        Started by {run.startedByEmail ?? run.startedBy} at {run.startedAt.slice(0, 19).replace('T', ' ')} UTC
        {run.finishedAt ? `, ended ${run.finishedAt.slice(0, 19).replace('T', ' ')} UTC` : ''} · {run.filesApplied}/{run.filesTotal} applied · lock_timeout{' '}
        {run.lockTimeout}, statement_timeout {run.statementTimeout}
      </p>
      {run.error ? (
        <div className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800" data-test="run-error">
          <p className="font-medium">{run.error.message}</p>
          {run.error.reasons?.length ? (
            <ul className="mt-1 list-disc pl-5">
              {run.error.reasons.map((reason, index) => (
                <li key={index}>{reason.message}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {run.status === 'running' && !run.engineActive ? (
        <p className="text-sm text-amber-800">This run is marked running but its engine is gone; the next run will record it as interrupted.</p>
      ) : null}
      {run.steps.length ? (
        <Table data-test="push-steps">
          <thead>
            <tr>
              <Th>#</Th>
              <Th>File</Th>
              <Th>Mode</Th>
              <Th>Status</Th>
              <Th>Statements</Th>
              <Th>Time</Th>
              <Th>Error</Th>
            </tr>
          </thead>
          <tbody>
            {run.steps.map((step) => (
              <tr key={step.ordinal} data-test="push-step" data-status={step.status} data-version={step.version}>
                <Td className="text-zinc-400">{step.ordinal + 1}</Td>
                <Td className="font-mono text-xs">{step.fileName}</Td>
                <Td className="text-xs">{step.mode === 'unwrapped' ? <Badge tone="warn">no transaction</Badge> : 'transaction'}</Td>
                <Td>
                  <Badge tone={STEP_TONE[step.status]}>{step.status}</Badge>
                </Td>
                <Td className="tabular-nums text-xs">
                  {step.statementsRun ?? 0}/{step.statementsTotal}
                </Td>
                <Td className="whitespace-nowrap text-xs">{duration(step.durationMs)}</Td>
                <Td className="max-w-96 text-xs">
                  {step.message ? (
                    <div className="text-red-800" data-test="step-error">
                      <p className="break-all font-mono">
                        {step.fileName}
                        {step.line !== null ? `:${step.line}` : ''}
                        {step.column !== null ? `:${step.column}` : ''}
                        {step.statementIndex !== null ? ` · statement ${step.statementIndex}` : ''}
                        {step.sqlstate ? ` · ${step.sqlstate}` : ''}
                      </p>
                      <p>{step.message}</p>
                      {step.detail ? <p className="text-red-700">{step.detail}</p> : null}
                      {step.hint ? <p className="text-red-700">Hint: {step.hint}</p> : null}
                      {step.partial ? <p className="font-medium">Statements before this one were committed: the file is partly applied.</p> : null}
                    </div>
                  ) : null}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
    </div>
  );
}
