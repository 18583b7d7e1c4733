/**
 * Text output of the command line for people. Pure: it gets a report and returns lines.
 */
import { formatBytes } from '@/lib/migrations/read-folder';
import { MIGRATION_STATUSES, type Finding, type LocalMigration, type MigrationRow, type StatusReport } from '@/lib/migrations/types';

const STATUS_LABELS: Record<MigrationRow['status'], string> = {
  applied: 'applied',
  pending: 'pending',
  pending_out_of_order: 'pending (out of order)',
  remote_only: 'remote only',
  edited_after_apply: 'edited after apply',
  invalid_name: 'invalid name',
  duplicate_version: 'duplicate version',
  unreadable: 'unreadable',
};

const SEVERITY_MARKS: Record<Finding['severity'], string> = { blocking: '✗', warning: '!', info: 'i' };

export type StatusTextContext = { dir: string; source: string };

export function formatStatus(report: StatusReport, context: StatusTextContext): string {
  const lines: string[] = [`Migrations in ${context.dir}, history from ${context.source}`, ''];
  if (report.folderProblem) lines.push(`✗ ${report.folderProblem}`, '');
  for (const notice of report.notices ?? []) lines.push(...formatFinding(notice, '  '), '');

  if (report.rows.length === 0) {
    lines.push('No migrations: the folder has no migration files and the history is empty.');
  } else {
    const table = [
      ['VERSION', 'NAME', 'MODULE', 'STATUS'],
      ...report.rows.map((row) => [row.version ?? '—', truncate(row.version === null ? row.key : row.name, 44), row.module, STATUS_LABELS[row.status]]),
    ];
    const widths = [0, 1, 2].map((column) => Math.max(...table.map((cells) => (cells[column] ?? '').length)));
    for (const cells of table) lines.push(`  ${cells.map((cell, column) => (column < 3 ? cell.padEnd(widths[column] ?? 0) : cell)).join('  ')}`.trimEnd());
  }

  const attention = report.rows.filter((row) => row.findings.some((finding) => finding.severity !== 'info'));
  if (attention.length) {
    lines.push('', `Needs attention (${attention.length}):`);
    for (const row of attention) {
      lines.push('', `  ${row.version ?? row.key}${row.version !== null && row.name ? ` ${row.name}` : ''} — ${STATUS_LABELS[row.status]}`);
      for (const finding of row.findings) if (finding.severity !== 'info') lines.push(...formatFinding(finding, '    '));
    }
  }

  lines.push('', `Summary: ${summary(report)}`);
  if (report.lastApplied) {
    const when = report.lastApplied.timestamp ? ` (${report.lastApplied.timestamp.replace('T', ' ').replace('Z', ' UTC')})` : '';
    lines.push(`Last applied: ${report.lastApplied.version}${report.lastApplied.name ? ` ${report.lastApplied.name}` : ''}${when}`);
  }
  if (report.ignoredFiles?.length) lines.push(`Not migrations, skipped: ${report.ignoredFiles.join(', ')}`);
  lines.push(report.blocking ? 'Blocking findings: yes (exit code 1).' : 'Blocking findings: none.');
  return `${lines.join('\n')}\n`;
}

export function summary(report: StatusReport): string {
  const parts = MIGRATION_STATUSES.filter((status) => report.counts[status] > 0).map((status) => `${report.counts[status]} ${STATUS_LABELS[status]}`);
  return parts.length ? parts.join(' · ') : 'nothing';
}

export function formatInspect(path: string, file: LocalMigration, findings: readonly Finding[]): string {
  const lines = [
    `File        ${path}`,
    `Version     ${file.version ?? '— (the name does not match <version>_<name>.sql)'}`,
    `Name        ${file.name ?? '—'}`,
    `Module      ${file.module}`,
    `Size        ${formatBytes(file.sizeBytes)}`,
    `SHA-256     ${file.sha256 ?? '—'}`,
  ];
  if (file.statements) {
    lines.push('', `Statements (${file.statements.length}), exactly as the Supabase CLI records them:`);
    file.statements.forEach((statement, index) => {
      const [first, ...more] = statement.split('\n');
      lines.push(`  ${String(index + 1).padStart(3)}. ${first ?? ''}`, ...more.map((line) => `       ${line}`));
    });
  }
  lines.push('', findings.length ? 'Findings:' : 'Findings: none.');
  for (const finding of findings) lines.push(...formatFinding(finding, '  '));
  return `${lines.join('\n')}\n`;
}

function formatFinding(finding: Finding, indent: string): string[] {
  const lines = [
    `${indent}${SEVERITY_MARKS[finding.severity]} ${finding.title}`,
    ...wrap(finding.explanation, `${indent}  `),
    ...wrap(`Next: ${finding.nextStep}`, `${indent}  `),
  ];
  if (finding.command) lines.push(`${indent}  $ ${finding.command}`);
  return lines;
}

const WRAP_WIDTH = 100;

/** Word-wraps prose to WRAP_WIDTH columns; words longer than a line stay whole. */
export function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > WRAP_WIDTH) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(indent + line);
  return lines;
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
