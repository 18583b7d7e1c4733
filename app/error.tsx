'use client';

import ConsoleError from './(console)/error';

/**
 * Failures the console segment's own boundary cannot catch: its layout (which reads the viewer
 * from the database) failing, e.g. during a database outage. Same plain banner, no stack trace.
 */
export default function RootError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="px-8 py-6">
      <ConsoleError {...props} />
    </main>
  );
}
