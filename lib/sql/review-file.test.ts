import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readMigrationsFolder } from '@/lib/migrations/read-folder';
import { planPush } from '@/lib/migrations/push-snapshot';
import { splitStatements } from './split-statements';
import { computeStatus } from '@/lib/migrations/status';
import { reviewMigrationFile } from './review-file';

const corpusDir = fileURLToPath(new URL('./__fixtures__/risk-corpus/', import.meta.url));
type Expected = { code: string; line: number | null; column: number | null; statementIndex: number | null };
const expected = JSON.parse(fs.readFileSync(path.join(corpusDir, 'expected.json'), 'utf8')) as Record<string, Expected[]>;
const corpus = fs
  .readdirSync(corpusDir)
  .filter((file) => file.endsWith('.sql'))
  .sort();

/** The corpus as a migrations folder: each file under a version of its own, in corpus order. */
function corpusFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'risk-corpus-'));
  corpus.forEach((file, index) => fs.copyFileSync(path.join(corpusDir, file), path.join(dir, `${20240101000000 + index}_${file}`)));
  return dir;
}

describe('the risk corpus', () => {
  it('has one file for every kind of risk, each with its expected finding', () => {
    expect(corpus).toEqual(Object.keys(expected).sort());
    const codes = new Set(
      Object.values(expected)
        .flat()
        .map((finding) => finding.code),
    );
    for (const code of [
      'syntax_error',
      'unterminated_quote',
      'unterminated_dollar_quote',
      'unterminated_comment',
      'nul_byte',
      'no_transaction',
      'drop_table',
      'drop_column',
      'drop_schema',
      'drop_type',
      'truncate',
      'delete_all_rows',
      'update_all_rows',
      'column_type_change',
      'bom',
      'crlf',
      'space_in_name',
      'no_statements',
    ]) {
      expect(codes, code).toContain(code);
    }
  });

  it.each(corpus)('%s: the review finds exactly its risks, in the right place', (file) => {
    const text = fs.readFileSync(path.join(corpusDir, file), 'utf8');
    const risks = reviewMigrationFile(file, text, splitStatements(text));
    expect(risks.map(({ code, line, column, statementIndex }) => ({ code, line, column, statementIndex }))).toEqual(expected[file]);
  });

  it('status gives each file its finding; broken files block the project and a push names them', () => {
    const dir = corpusFolder();
    try {
      const report = computeStatus(readMigrationsFolder(dir).files, []);
      expect(report.blocking).toBe(true);
      for (const row of report.rows) {
        const name = row.local?.fileName.replace(/^\d+_/, '') ?? '';
        const want = expected[name]!;
        const got = row.findings.filter((finding) => finding.risk).map((finding) => finding.risk?.code);
        expect(got, name).toEqual(want.map((finding) => finding.code));
        const broken = name.startsWith('b');
        expect(
          row.findings.some((finding) => finding.severity === 'blocking'),
          name,
        ).toBe(broken);
        if (name.startsWith('t'))
          expect(
            row.findings.every((finding) => !finding.risk || finding.acknowledge === 'no_transaction'),
            name,
          ).toBe(true);
        if (name.startsWith('d'))
          expect(
            row.findings.filter((finding) => finding.risk).every((finding) => finding.acknowledge === 'destructive'),
            name,
          ).toBe(true);
      }
      const plan = planPush(report);
      const named = plan.blockers.filter((blocker) => blocker.code === 'broken').map((blocker) => blocker.message.split(' ')[0]);
      expect(named).toEqual(corpus.filter((file) => file.startsWith('b')).map((file) => `${20240101000000 + corpus.indexOf(file)}_${file}`));
      expect(plan.needsDestructiveAck).toBe(true);
      expect(plan.needsNonTransactionalAck).toBe(true);
      expect(plan.files.filter((file) => file.destructive).map((file) => file.name.replace(/\.sql$/, ''))).toEqual(
        corpus.filter((file) => file.startsWith('d')).map((file) => file.slice(0, -4)),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
