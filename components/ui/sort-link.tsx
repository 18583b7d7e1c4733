import Link from 'next/link';
import { cn } from '@/lib/ui/cn';

/** A sortable column header: links to the next sort order, marks the current one with an arrow. */
export function SortLink({ href, label, active, dir, column }: { href: string; label: string; active: boolean; dir: 'asc' | 'desc'; column: string }) {
  return (
    <Link
      href={href}
      className={cn('hover:text-zinc-900', active && 'text-zinc-900')}
      data-test={`sort-${column}`}
      aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}
    >
      {label}
      {active ? (dir === 'desc' ? ' ↓' : ' ↑') : ''}
    </Link>
  );
}
