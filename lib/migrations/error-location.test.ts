import { describe, expect, it } from 'vitest';
import { codePointIndex, lineColumnAt, locateStatementError, statementOffsets } from './error-location';
import { splitStatements } from '@/lib/sql/split-statements';

describe('statementOffsets', () => {
  it('finds each statement after the previous one, even when the text repeats', () => {
    const text = 'select 1;\n\nselect 1;\n-- note\nselect 2;';
    const statements = splitStatements(text);
    expect(statements).toEqual(['select 1', 'select 1', '-- note\nselect 2']);
    expect(statementOffsets(text, statements)).toEqual([0, 11, 21]);
  });

  it('keeps offsets true to a file with a byte order mark', () => {
    const text = '\ufeffselect 1;\nselect 2;';
    expect(statementOffsets(text, splitStatements(text))).toEqual([1, 11]);
  });
});

describe('locateStatementError', () => {
  const text = [
    '-- module: aloha',
    'create table public.a (id int);',
    '',
    'insert into public.a',
    '  values (1), (2);',
    'insert into public.nonexistent values (1);',
  ].join('\n');
  const statements = splitStatements(text);

  it('maps the Postgres position inside a statement to the file', () => {
    // Position 13 of "insert into public.nonexistent …" is the "p" of public.
    expect(statements[2]).toBe('insert into public.nonexistent values (1)');
    expect(locateStatementError(text, statements, 2, { position: '13' })).toEqual({ line: 6, column: 13 });
    // A position on the statement's second line.
    expect(locateStatementError(text, statements, 1, { position: 24 })).toEqual({ line: 5, column: 3 });
  });

  it('falls back to the first line of the statement (its leading comment included)', () => {
    expect(locateStatementError(text, statements, 0)).toEqual({ line: 1, column: 1 });
    expect(locateStatementError(text, statements, 7)).toBeNull();
  });

  it('counts characters, not bytes or UTF-16 units, as Postgres does', () => {
    const emoji = "select '🎉🎉', nope;";
    const parts = splitStatements(emoji);
    // Postgres counts 🎉 as one character: "nope" starts at character 15.
    expect(locateStatementError(emoji, parts, 0, { position: 15 })).toEqual({ line: 1, column: 15 });
    expect(codePointIndex("'🎉x", 3)).toBe(3);
  });

  it('uses the line PL/pgSQL reports inside a DO block', () => {
    const file = "select 1;\ndo $$\nbegin\n  raise exception 'boom';\nend\n$$;";
    const parts = splitStatements(file);
    expect(locateStatementError(file, parts, 1, { where: 'PL/pgSQL function inline_code_block line 3 at RAISE' })).toEqual({ line: 4, column: 3 });
  });
});

describe('lineColumnAt', () => {
  it('counts CRLF as one line break', () => {
    expect(lineColumnAt('a\r\nbc', 4)).toEqual({ line: 2, column: 2 });
  });
});
