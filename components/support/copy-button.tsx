'use client';

import { Check, Copy } from 'lucide-react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';

/** Copies a value to the clipboard and says so for two seconds. */
export function CopyButton({ value, label = 'Copy', className, testId }: { value: string; label?: string; className?: string; testId?: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
    setTimeout(() => setCopied(null), 2000);
  }
  return (
    <Button type="button" size="sm" variant="outline" onClick={() => void copy()} className={className} data-test={testId} aria-live="polite">
      {copied === 'yes' ? <Check aria-hidden className="size-3.5 text-emerald-600" /> : <Copy aria-hidden className="size-3.5" />}
      {copied === 'yes' ? 'Copied' : copied === 'failed' ? 'Copy failed — select it' : label}
    </Button>
  );
}
