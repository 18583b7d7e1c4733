import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Table, Td, Th } from '@/components/ui/table';

export type PushFileView = {
  version: string;
  name: string;
  fileName: string;
  module: string;
  sha256: string;
  statementCount: number;
  outOfOrder: boolean;
  nonTransactional: boolean;
  destructive: boolean;
  transactionIssues: { statementIndex: number; severity: string; message: string }[];
};

/** The files of a push (planned or requested), in push order, with their hashes and flags. */
export function PushFilesTable({ files }: { files: PushFileView[] }) {
  return (
    <Table data-test="push-files">
      <thead>
        <tr>
          <Th>#</Th>
          <Th>Version</Th>
          <Th>Name</Th>
          <Th>Module</Th>
          <Th>Statements</Th>
          <Th>SHA-256</Th>
          <Th>Notes</Th>
        </tr>
      </thead>
      <tbody>
        {files.map((file, index) => (
          <tr key={file.fileName} data-test="push-file" data-version={file.version}>
            <Td className="text-zinc-400">{index + 1}</Td>
            <Td className="font-mono text-xs">
              <Link href={`/migrations/${file.version}`} className="text-brand-700 hover:underline">
                {file.version}
              </Link>
            </Td>
            <Td>{file.name}</Td>
            <Td>{file.module}</Td>
            <Td className="tabular-nums">{file.statementCount}</Td>
            <Td className="font-mono text-xs text-zinc-500" title={file.sha256}>
              {file.sha256.slice(0, 12)}…
            </Td>
            <Td className="space-y-1">
              {file.outOfOrder ? <Badge tone="warn">out of order</Badge> : null}
              {file.nonTransactional ? <Badge tone="bad">runs outside a transaction</Badge> : null}
              {file.destructive ? <Badge tone="bad">destructive</Badge> : null}
              {file.transactionIssues.map((issue, issueIndex) => (
                <p key={issueIndex} className="text-xs text-zinc-600">
                  statement {issue.statementIndex}: {issue.message}
                </p>
              ))}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
