import { cva, type VariantProps } from 'class-variance-authority';
import type { ComponentProps } from 'react';
import { cn } from '@/lib/ui/cn';

const badgeVariants = cva('inline-flex shrink-0 items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset', {
  variants: {
    tone: {
      neutral: 'bg-zinc-100 text-zinc-700 ring-zinc-200',
      good: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
      warn: 'bg-amber-50 text-amber-800 ring-amber-200',
      bad: 'bg-red-50 text-red-700 ring-red-200',
      info: 'bg-sky-50 text-sky-800 ring-sky-200',
    },
  },
  defaultVariants: { tone: 'neutral' },
});

export function Badge({ className, tone, ...props }: ComponentProps<'span'> & VariantProps<typeof badgeVariants>) {
  return <span data-slot="badge" className={cn(badgeVariants({ tone }), className)} {...props} />;
}
