'use client';

import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

/** The catalog could not be read: plain words and a retry, never SQL or a stack trace. */
export default function SchemaError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="max-w-2xl space-y-4" data-test="page-error">
      <Alert tone="bad">
        <p className="font-medium">The schema could not be loaded.</p>
        <p className="mt-1">
          The console could not read the project&apos;s catalog through the API. Check that the console&apos;s migrations are pushed (they add{' '}
          <code className="font-mono">console.catalog()</code>) and that the project is reachable. Nothing was changed.
          {error.digest ? <span className="mt-1 block font-mono text-xs">Reference: {error.digest}</span> : null}
        </p>
      </Alert>
      <Button variant="outline" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
