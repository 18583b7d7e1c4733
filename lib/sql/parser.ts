/**
 * PostgreSQL's own parser (libpg-query, in its full build `@libpg-query/parser`: the server's grammar
 * and PL/pgSQL's compiled to WebAssembly, the parser pganalyze and Squawk are built on) for the
 * statements the CLI-exact splitter cuts. The splitter
 * decides what is one statement, byte for byte as the Supabase CLI records it; this reads each one.
 *
 * The WebAssembly module loads asynchronously once per process: every entry point (pages, the
 * command line, the push engine, tests) awaits `ensureSqlParser()` before reading migrations, and
 * reading without it fails loudly rather than skipping the checks.
 *
 * Parse trees are not kept: they are large, and keeping thousands of them costs more in garbage
 * collection than parsing again. What is kept is what the readers make of them, small and by
 * content: a file's review with its split (read-folder.ts), a statement's DDL (recognise-ddl.ts).
 */
import { loadModule, parsePlPgSQLSync, parseSync, type Node } from '@libpg-query/parser';

export type ParsedStatement =
  | { ok: true; nodes: Node[] }
  | {
      ok: false;
      /** The parser's own words, e.g. `syntax error at or near "tabel"`. */
      message: string;
      /** 0-based code-point offset into the statement where PostgreSQL stopped, when it says. */
      position: number | null;
    };

let loaded: Promise<void> | null = null;
let ready = false;

/** Loads the parser once; cheap to call again. */
export function ensureSqlParser(): Promise<void> {
  loaded ??= loadModule().then(() => {
    ready = true;
  });
  return loaded;
}

export function sqlParserReady(): boolean {
  return ready;
}

export class SqlParserNotLoadedError extends Error {
  constructor() {
    super('The SQL parser is not loaded: await ensureSqlParser() before reading migrations.');
  }
}

/** One statement (as the splitter cut it) through the parser. */
export function parseStatement(statement: string): ParsedStatement {
  if (!ready) throw new SqlParserNotLoadedError();
  // The parser reads a C string: a NUL would silently end the statement there. Files with one are
  // reported as broken before parsing (see review-file.ts); this keeps the parser honest anyway.
  const nul = statement.indexOf('\u0000');
  if (nul >= 0) return { ok: false, message: 'the statement contains a NUL byte', position: codePoints(statement, nul) };
  if (!/\S/.test(statement)) return { ok: true, nodes: [] };
  try {
    const result = parseSync(statement) as { stmts?: { stmt?: Node }[] };
    return { ok: true, nodes: (result.stmts ?? []).flatMap((raw) => (raw.stmt ? [raw.stmt] : [])) };
  } catch (error) {
    const details = (error as { sqlDetails?: { message?: string; cursorPosition?: number } }).sqlDetails;
    if (!details) throw error;
    return {
      ok: false,
      message: details.message ?? (error as Error).message,
      position: typeof details.cursorPosition === 'number' && details.cursorPosition >= 0 ? details.cursorPosition : null,
    };
  }
}

function codePoints(text: string, utf16Index: number): number {
  let count = 0;
  for (let i = 0; i < utf16Index; i++) {
    const code = text.charCodeAt(i);
    if (code < 0xd800 || code > 0xdbff) count++;
  }
  return count;
}

/** A PL/pgSQL body read by PL/pgSQL's own parser: the SQL statements it runs, in order. */
export type PlpgsqlBody =
  | {
      ok: true;
      /** Each static SQL statement (`create type …`, `insert …`), as PL/pgSQL hands it to SQL. */
      statements: string[];
      /** EXECUTE of a string built at run time: what it runs cannot be known from the text. */
      dynamic: number;
    }
  | { ok: false; message: string };

/**
 * The statements of a DO block's or function's PL/pgSQL body. PL/pgSQL's parser reads a whole
 * CREATE FUNCTION, so the body is wrapped in one (the dollar tag chosen so it cannot occur inside).
 */
export function parsePlpgsqlBody(body: string): PlpgsqlBody {
  if (!ready) throw new SqlParserNotLoadedError();
  let tag = 'plpgsql_body';
  // Checked with a dollar sign on each side: a body ending in `$plpgsql_body` would close the quote early.
  while (`$${body}$`.includes(`$${tag}$`)) tag += '_';
  let tree: unknown;
  try {
    tree = parsePlPgSQLSync(`create function pg_temp.plpgsql_body() returns void language plpgsql as $${tag}$${body}$${tag}$`);
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const statements: string[] = [];
  let dynamic = 0;
  // Depth first, in the order the keys come (then before else, the body in order).
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    for (const [key, child] of Object.entries(value)) {
      if (key === 'PLpgSQL_stmt_execsql') {
        const query = (child as { sqlstmt?: { PLpgSQL_expr?: { query?: unknown } } }).sqlstmt?.PLpgSQL_expr?.query;
        if (typeof query === 'string') statements.push(query);
        continue;
      }
      // EXECUTE, FOR … IN EXECUTE, OPEN … FOR EXECUTE, RETURN QUERY EXECUTE: SQL built at run time.
      if (key === 'PLpgSQL_stmt_dynexecute' || key === 'PLpgSQL_stmt_dynfors') dynamic += 1;
      if ((key === 'PLpgSQL_stmt_open' || key === 'PLpgSQL_stmt_return_query') && (child as { dynquery?: unknown }).dynquery) dynamic += 1;
      walk(child);
    }
  };
  walk(tree);
  return { ok: true, statements, dynamic };
}
