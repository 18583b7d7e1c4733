import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import type { LockImpact } from '@/lib/advisor/lock-impact-report';

type Props = {
  impacts: readonly LockImpact[] | null;
  /** The console's own lock_timeout for each file, e.g. "3s". */
  lockTimeout?: string | null;
};

/** Which locks the files take on existing tables, how big those are, and what waits meanwhile. */
export function LockImpactCard({ impacts, lockTimeout }: Props) {
  return (
    <Card data-test="lock-impact">
      <CardHeader>
        <CardTitle>Lock impact</CardTitle>
        <CardDescription>
          The lock each statement takes on tables that exist now, read from PostgreSQL&apos;s parse tree, with the table&apos;s row estimate and size.
          {lockTimeout
            ? ` The console runs each file with lock_timeout = ${lockTimeout}, so a statement that cannot get its lock in time fails instead of queueing every query behind it (the Supabase CLI sets none).`
            : ''}
        </CardDescription>
      </CardHeader>
      <CardContent>
        {impacts === null ? (
          <p className="text-sm text-amber-700" data-test="lock-impact-unknown">
            The project&apos;s catalog could not be read now, so table sizes are unknown; the database still checks heavy locks when the request is made.
          </p>
        ) : impacts.length === 0 ? (
          <p className="text-sm text-zinc-600" data-test="lock-impact-none">
            No statement locks a table that exists now (new tables are empty: nobody waits on them).
          </p>
        ) : (
          <div className="overflow-x-auto">
            <Table>
              <thead>
                <tr>
                  <Th>File</Th>
                  <Th>Statement</Th>
                  <Th>Lock</Th>
                  <Th>What it does</Th>
                </tr>
              </thead>
              <tbody>
                {impacts.map((impact, index) => (
                  <tr key={index} data-test="lock-impact-row" data-heavy={impact.heavy ? 'true' : 'false'} data-mode={impact.mode}>
                    <Td className="font-mono text-xs">{impact.fileName}</Td>
                    <Td className="tabular-nums">{impact.statementIndex}</Td>
                    <Td>
                      {impact.heavy ? <Badge tone="bad">heavy</Badge> : null} <span className="font-mono text-xs">{impact.mode}</span>
                    </Td>
                    <Td className="text-sm">
                      <p>{impact.message}</p>
                      <p className="text-xs text-zinc-500">{impact.cause}</p>
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        )}
      </CardContent>
    </Card>
  );
}
