import type { ComponentProps } from 'react';
import { cn } from '@/lib/ui/cn';

export function Table({ className, ...props }: ComponentProps<'table'>) {
  return (
    <div className="w-full overflow-x-auto">
      <table data-slot="table" className={cn('w-full border-collapse text-sm', className)} {...props} />
    </div>
  );
}

export function Th({ className, ...props }: ComponentProps<'th'>) {
  return <th data-slot="th" className={cn('border-b border-zinc-200 px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-zinc-500', className)} {...props} />;
}

export function Td({ className, ...props }: ComponentProps<'td'>) {
  return <td data-slot="td" className={cn('border-b border-zinc-100 px-3 py-2 align-top', className)} {...props} />;
}
