import type { ComponentProps } from 'react';
import { cn } from '@/lib/ui/cn';

export function Table({ className, ...props }: ComponentProps<'table'>) {
  return (
    <div className="w-full overflow-x-auto">
      <table data-slot="table" className={cn('data-table w-full border-collapse text-sm', className)} {...props} />
    </div>
  );
}

/** A header cell; its base style comes from `.data-table th` in app/globals.css. */
export function Th(props: ComponentProps<'th'>) {
  return <th {...props} />;
}

/** A body cell; its base style comes from `.data-table td` in app/globals.css. */
export function Td(props: ComponentProps<'td'>) {
  return <td {...props} />;
}
