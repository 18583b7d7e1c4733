import type { DiffSide } from '@/lib/migrations/statement-diff';
import { sideBySideStatements } from '@/lib/migrations/statement-diff';
import { cn } from '@/lib/ui/cn';

const SIDE_CLASS: Record<DiffSide['kind'], string> = {
  same: 'bg-white',
  removed: 'bg-red-50 text-red-900',
  added: 'bg-emerald-50 text-emerald-900',
  empty: 'bg-zinc-50',
};

/** Recorded statements (what ran) beside the file's current statements (what it says now). */
export function StatementDiffView({ recorded, current }: { recorded: string[]; current: string[] }) {
  const rows = sideBySideStatements(recorded, current);
  return (
    <div className="overflow-x-auto rounded-md border border-zinc-200" data-test="statement-diff">
      <table className="w-full table-fixed border-collapse font-mono text-xs">
        <thead>
          <tr className="bg-zinc-100 text-left font-sans text-xs font-semibold text-zinc-600">
            <th className="w-1/2 border-r border-zinc-200 px-3 py-2">Recorded in the history (what ran)</th>
            <th className="w-1/2 px-3 py-2">In the file now (never runs again)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index} className="border-t border-zinc-100 align-top" data-test="diff-row" data-kind={`${row.left.kind}/${row.right.kind}`}>
              <td className={cn('whitespace-pre-wrap break-words border-r border-zinc-200 px-3 py-2', SIDE_CLASS[row.left.kind])}>
                {row.left.kind === 'removed' ? <span className="select-none text-red-500">− </span> : null}
                {row.left.text}
              </td>
              <td className={cn('whitespace-pre-wrap break-words px-3 py-2', SIDE_CLASS[row.right.kind])}>
                {row.right.kind === 'added' ? <span className="select-none text-emerald-600">+ </span> : null}
                {row.right.text}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
