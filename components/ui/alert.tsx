import { cva, type VariantProps } from 'class-variance-authority';
import type { ComponentProps } from 'react';
import { cn } from '@/lib/ui/cn';

const alertVariants = cva('rounded-md border px-4 py-3 text-sm', {
  variants: {
    tone: {
      info: 'border-sky-200 bg-sky-50 text-sky-900',
      good: 'border-emerald-200 bg-emerald-50 text-emerald-900',
      warn: 'border-amber-200 bg-amber-50 text-amber-900',
      bad: 'border-red-200 bg-red-50 text-red-800',
    },
  },
  defaultVariants: { tone: 'info' },
});

export function Alert({ className, tone, ...props }: ComponentProps<'div'> & VariantProps<typeof alertVariants>) {
  return <div data-slot="alert" role={tone === 'bad' ? 'alert' : 'status'} className={cn(alertVariants({ tone }), className)} {...props} />;
}
