import Link from 'next/link';
import { buttonVariants } from '@/components/ui/button';

type Props = {
  /** Items across every page, and what one is called (`version`, `table`). */
  total: number;
  noun: string;
  page: number;
  pages: number;
  /** The link to a page of the same list (filters and sort kept). */
  hrefFor: (page: number) => string;
};

/** "12 tables · page 2 of 3" with Previous and Next, under a paginated list. */
export function Pagination({ total, noun, page, pages, hrefFor }: Props) {
  return (
    <div className="mt-4 flex items-center gap-3 text-sm text-zinc-500" data-test="pagination">
      <span>
        {total} {noun}
        {total === 1 ? '' : 's'}
        {pages > 1 ? ` · page ${Math.min(page, pages)} of ${pages}` : ''}
      </span>
      {page > 1 ? (
        <Link className={buttonVariants({ variant: 'outline', size: 'sm' })} href={hrefFor(page - 1)}>
          Previous
        </Link>
      ) : null}
      {page < pages ? (
        <Link className={buttonVariants({ variant: 'outline', size: 'sm' })} href={hrefFor(page + 1)}>
          Next
        </Link>
      ) : null}
    </div>
  );
}
