import { describe, expect, it } from 'vitest';
import { computeStatus } from '@/lib/migrations/status';
import type { LocalMigration } from '@/lib/migrations/types';
import { formatInspect, formatStatus, summary, wrap } from './format';

function file(fileName: string, version: string | null, statements: string[] | null): LocalMigration {
  return {
    fileName,
    version,
    name: version ? fileName.slice(version.length + 1, -4) : null,
    module: 'shared',
    sizeBytes: 10,
    sha256: 'ab'.repeat(32),
    statements,
  };
}

describe('formatStatus', () => {
  const report = computeStatus(
    [file('1_a.sql', '1', ['select 1']), file('3_c.sql', '3', ['select 3']), file('notes.sql', null, null)],
    [
      { version: '1', name: 'a', statements: ['select 1'] },
      { version: '2', name: 'gone', statements: [] },
    ],
    {},
  );
  const text = formatStatus(report, { dir: 'supabase/migrations', source: 'the database db:5432/postgres' });

  it('lists every version with its status, then what needs attention with the commands', () => {
    expect(text).toContain('Migrations in supabase/migrations, history from the database db:5432/postgres');
    expect(text).toMatch(/^ {2}VERSION +NAME +MODULE +STATUS$/m);
    expect(text).toMatch(/^ {2}1 +a +shared +applied$/m);
    expect(text).toMatch(/^ {2}2 +gone +shared +remote only$/m);
    expect(text).toMatch(/^ {2}3 +c +shared +pending$/m);
    expect(text).toMatch(/^ {2}— +notes\.sql +shared +invalid name$/m);
    expect(text).toContain('Needs attention (2):');
    expect(text).toContain('$ supabase migration repair --status reverted 2');
    expect(text).toContain('Summary: 1 applied · 1 pending · 1 remote only · 1 invalid name');
    expect(text).toContain('Blocking findings: yes (exit code 1).');
  });

  it('says when nothing was pushed yet', () => {
    const empty = formatStatus(computeStatus([], null, {}), { dir: 'x', source: 'y' });
    expect(empty).toContain('Nothing pushed yet');
    expect(empty).toContain('No migrations');
    expect(summary(computeStatus([], [], {}))).toBe('nothing');
  });
});

describe('formatInspect', () => {
  it('shows the file facts, numbered statements and findings', () => {
    const text = formatInspect('supabase/migrations/1_a.sql', file('1_a.sql', '1', ['-- note\nselect 1', 'select 2']), []);
    expect(text).toContain('Version     1');
    expect(text).toContain(`SHA-256     ${'ab'.repeat(32)}`);
    expect(text).toContain('Statements (2), exactly as the Supabase CLI records them:\n    1. -- note\n       select 1\n    2. select 2');
    expect(text).toContain('Findings: none.');
  });
});

describe('wrap', () => {
  it('wraps prose at 100 columns with the indent', () => {
    const lines = wrap('word '.repeat(60), '    ');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) {
      expect(line.length).toBeLessThanOrEqual(100);
      expect(line.startsWith('    word')).toBe(true);
    }
  });
});
