import { describe, expect, it } from 'vitest';
import { splitStatements } from './split-statements';

// Expected arrays are what Supabase CLI 2.117.0 records in schema_migrations.statements;
// split-statements.cli.int.test.ts proves the corpus against the real CLI.
describe('splitStatements', () => {
  it('splits on top-level semicolons and trims', () => {
    expect(splitStatements('select 1;\nselect 2 ;\n\n  select 3')).toEqual(['select 1', 'select 2', 'select 3']);
  });

  it('returns nothing for empty, blank or semicolon-only text', () => {
    expect(splitStatements('')).toEqual([]);
    expect(splitStatements(' \n\t\r\n')).toEqual([]);
    expect(splitStatements(';')).toEqual([]);
    expect(splitStatements(';;\n ; ;')).toEqual([]);
    expect(splitStatements('select 1;;select 2;;')).toEqual(['select 1', 'select 2']);
  });

  it('keeps comments: leading ones attach to the next statement, trailing ones stand alone', () => {
    expect(splitStatements('-- module: aloha\ncreate table t (id int);\n-- done\n')).toEqual(['-- module: aloha\ncreate table t (id int)', '-- done']);
    expect(splitStatements('-- only a comment')).toEqual(['-- only a comment']);
    expect(splitStatements('select 1; -- trailing; with semicolon;')).toEqual(['select 1', '-- trailing; with semicolon']);
  });

  it('ignores semicolons in quotes, identifiers and comments', () => {
    expect(splitStatements(`select 'a;b', 'it''s;', "x;y" from t; select 2`)).toEqual([`select 'a;b', 'it''s;', "x;y" from t`, 'select 2']);
    expect(splitStatements('select 1 -- no; split\n; select 2')).toEqual(['select 1 -- no; split', 'select 2']);
    expect(splitStatements("select '--', '/*';select 2")).toEqual(["select '--', '/*'", 'select 2']);
  });

  it('nests block comments', () => {
    expect(splitStatements('/* a /* b; */ c; */ select 1; select 2')).toEqual(['/* a /* b; */ c; */ select 1', 'select 2']);
    // The CLI looks at two-character windows, so `/*/` opens and closes at once.
    expect(splitStatements('/*/ select 1; select 2')).toEqual(['/*/ select 1', 'select 2']);
  });

  it('keeps dollar-quoted bodies whole, matching the exact tag', () => {
    const fn = 'create function f() returns int language plpgsql as $fn$ begin return 1; end $fn$';
    expect(splitStatements(`${fn};select 2;`)).toEqual([fn, 'select 2']);
    const nested = 'do $outer$ begin execute $inner$ select 1; $inner$; end $outer$';
    expect(splitStatements(`${nested};`)).toEqual([nested]);
    expect(splitStatements('select $a$ ; $b$ ; $a$; select 2')).toEqual(['select $a$ ; $b$ ; $a$', 'select 2']);
    expect(splitStatements('select $é$;$é$; select 2')).toEqual(['select $é$;$é$', 'select 2']);
    // Only letters, digits and `_` make a tag: `$😀$` is not one, so the CLI never closes `$x$`.
    expect(splitStatements('select $😀$x$😀$; select 2')).toEqual(['select $😀$x$😀$; select 2']);
    // `$1` is not a tag opener on its own; `$$$` closes immediately (overlapping window).
    expect(splitStatements('select $1; select $$$; select 3')).toEqual(['select $1', 'select $$$', 'select 3']);
  });

  it("does not honour backslashes in E'' strings", () => {
    // `\'` closes the string, `s` is outside it and the next `'` opens one up to `'x`.
    expect(splitStatements("select E'it\\'s'; select 2; select 'x''; select 3; select 4")).toEqual([
      "select E'it\\'s'; select 2; select 'x''",
      'select 3',
      'select 4',
    ]);
    expect(splitStatements("select E'it\\'s'; select 2")).toEqual(["select E'it\\'s'; select 2"]);
  });

  it('treats a backslash outside quotes as escaping the next character', () => {
    expect(splitStatements('select 1 \\; select 2; select 3')).toEqual(['select 1 \\; select 2', 'select 3']);
  });

  it('suspends splitting from ( to the next ), without counting nesting', () => {
    expect(splitStatements('select (1;2); select 3')).toEqual(['select (1;2)', 'select 3']);
    expect(splitStatements('select ((1);2); select 3')).toEqual(['select ((1)', '2)', 'select 3']);
    expect(splitStatements("select (')'); select 2")).toEqual(["select (')')", 'select 2']);
    expect(splitStatements('select (1; select 2')).toEqual(['select (1; select 2']);
  });

  it('keeps BEGIN ATOMIC … END bodies whole', () => {
    const proc = 'create procedure p() language sql begin atomic insert into t values (1); insert into t values (2); end';
    expect(splitStatements(`${proc};\nselect 2;`)).toEqual([proc, 'select 2']);
    const spaced = 'create function f() returns int language sql BEGIN\n\t ATOMIC select 1; END';
    expect(splitStatements(`${spaced}; select 2`)).toEqual([spaced, 'select 2']);
    // A `(` inside the body is closed by its own `)` and leaves the body open.
    const parens = 'create function g() returns int language sql Begin Atomic select (1); select 2; eNd';
    expect(splitStatements(`${parens};select 3`)).toEqual([parens, 'select 3']);
  });

  it('ends BEGIN ATOMIC at the letters END anywhere, as the CLI does', () => {
    expect(splitStatements('create function f() begin atomic select 1 as legend; select 2; end; select 3')).toEqual([
      'create function f() begin atomic select 1 as legend',
      'select 2',
      'end',
      'select 3',
    ]);
    expect(splitStatements('select begin_atomic; select 2')).toEqual(['select begin_atomic', 'select 2']);
    expect(splitStatements('select xbegin atomic; select 2')).toEqual(['select xbegin atomic', 'select 2']);
  });

  it('drops a BOM and trims JavaScript whitespace at the edges only', () => {
    expect(splitStatements('\ufeffselect 1;\ufeffselect\ufeff2\ufeff;')).toEqual(['select 1', 'select\ufeff2']);
    expect(splitStatements('\u00a0select 1\u3000;\u2028select 2\u2029;')).toEqual(['select 1', 'select 2']);
    // NEL and zero-width space are not JavaScript whitespace: they stay.
    expect(splitStatements('\u0085select 1;\u200bselect 2;')).toEqual(['\u0085select 1', '\u200bselect 2']);
  });

  it('keeps CRLF inside statements', () => {
    expect(splitStatements('create table t (\r\n  id int\r\n);\r\n-- c\r\nselect 1;\r\n')).toEqual(['create table t (\r\n  id int\r\n)', '-- c\r\nselect 1']);
  });

  it('removes every trailing semicolon of the final, unterminated piece', () => {
    expect(splitStatements("select 'x;;")).toEqual(["select 'x"]);
    expect(splitStatements('select 1 -- c;;')).toEqual(['select 1 -- c']);
  });

  it('stays linear on large inputs', () => {
    const body = `create function f() returns int language plpgsql as $$ begin ${'perform 1; '.repeat(2000)} return 1; end $$;\n`;
    const file = `${"insert into t values ('a;b', $x$c;d$x$); -- note\n".repeat(2000)}${body}`.repeat(10);
    const started = performance.now();
    const statements = splitStatements(file);
    expect(statements).toHaveLength(20010);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
