import { highlightSqlLines } from '@/lib/ui/highlight-sql';
import { cn } from '@/lib/ui/cn';

type Props = {
  sql: string;
  className?: string;
  lineNumbers?: boolean;
  /** Lines (from 1) a finding points at: marked, and reachable as #L<n>. */
  markedLines?: readonly number[];
};

/** Highlighted SQL with line numbers; rendered on the server, no script in the browser. */
export function SqlBlock({ sql, className, lineNumbers = true, markedLines = [] }: Props) {
  const lines = highlightSqlLines(sql);
  const marked = new Set(markedLines);
  return (
    <pre className={cn('overflow-x-auto rounded-md border border-zinc-200 bg-zinc-50 py-3 font-mono text-xs leading-5', className)} data-test="sql">
      <code>
        {lines.map((line, index) => (
          <div
            key={index}
            id={marked.size ? `L${index + 1}` : undefined}
            className={cn('flex', marked.has(index + 1) && 'bg-red-100 ring-1 ring-red-300 ring-inset')}
            data-test={marked.has(index + 1) ? 'marked-line' : undefined}
          >
            {lineNumbers ? <span className="w-12 shrink-0 select-none pr-3 text-right text-zinc-400">{index + 1}</span> : <span className="w-3 shrink-0" />}
            {/* Escaped by highlight.js; each line is balanced HTML (see highlightSqlLines). */}
            <span className="whitespace-pre pr-4" dangerouslySetInnerHTML={{ __html: line || ' ' }} />
          </div>
        ))}
      </code>
    </pre>
  );
}
