'use client';

import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

/** Any failure while rendering a console page: plain words and a retry, never a stack trace. */
export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="max-w-2xl space-y-4" data-test="page-error">
      <Alert tone="bad">
        <p className="font-medium">This page could not be loaded.</p>
        <p className="mt-1">
          The console could not reach the Supabase project (API or database), or something failed on the server. Nothing was changed.
          {error.digest ? <span className="mt-1 block font-mono text-xs">Reference: {error.digest}</span> : null}
        </p>
      </Alert>
      <Button variant="outline" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
