import { SqlBlock } from './sql-block';

/** The statements exactly as the Supabase CLI splits and records them, numbered from 0 like its errors. */
export function StatementsList({ statements, testId }: { statements: string[]; testId: string }) {
  if (statements.length === 0)
    return (
      <p className="text-sm text-zinc-500" data-test={testId}>
        No statements: the file is empty, so pushing it records the version and runs nothing.
      </p>
    );
  return (
    <ol className="space-y-2" data-test={testId}>
      {statements.map((statement, index) => (
        <li key={index} className="flex gap-3" data-test="statement">
          <span className="w-8 shrink-0 pt-3 text-right font-mono text-xs text-zinc-400">{index}</span>
          <SqlBlock sql={statement} lineNumbers={false} className="min-w-0 flex-1" />
        </li>
      ))}
    </ol>
  );
}
