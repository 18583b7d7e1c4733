/**
 * Maps a Postgres error inside one statement of a migration to a line and column of the file.
 *
 * The statements are the splitter's pieces (trimmed, without the final `;`), which are exact
 * substrings of the file in order, so each one is found by searching from the end of the previous
 * one. Postgres reports an error position as a 1-based count of characters (code points) into the
 * statement text it received; columns here count code points too, from 1.
 */

export type FileLocation = { line: number; column: number };

/** Offsets (UTF-16 indexes into `text`) where each statement starts; null if one cannot be found. */
export function statementOffsets(text: string, statements: readonly string[]): (number | null)[] {
  const offsets: (number | null)[] = [];
  // The splitter drops a leading BOM; searching the original text keeps offsets true to the file.
  let cursor = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (const statement of statements) {
    const at = statement === '' ? -1 : text.indexOf(statement, cursor);
    if (at < 0) {
      offsets.push(null);
      continue;
    }
    offsets.push(at);
    cursor = at + statement.length;
  }
  return offsets;
}

/** Line and column (both from 1, column in code points, BOM not counted) of a UTF-16 offset. */
export function lineColumnAt(text: string, offset: number): FileLocation {
  let line = 1;
  let lineStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let i = lineStart; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: codePointCount(text, lineStart, Math.max(lineStart, offset)) + 1 };
}

/** UTF-16 index of the `position`-th code point (1-based) of `statement`, clamped to its length. */
export function codePointIndex(statement: string, position: number): number {
  let index = 0;
  for (let seen = 1; seen < position && index < statement.length; seen++) {
    const unit = statement.charCodeAt(index);
    index += unit >= 0xd800 && unit <= 0xdbff && index + 1 < statement.length ? 2 : 1;
  }
  return Math.min(index, statement.length);
}

export type ErrorPosition = {
  /** Postgres' `position` (1-based, in characters of the statement), when it sent one. */
  position?: string | number | null;
  /** Postgres' `where` context, e.g. `PL/pgSQL function inline_code_block line 3 at RAISE`. */
  where?: string | null;
};

/**
 * Where in the file an error of statement `statementIndex` happened. Without a position it is the
 * statement's first line, or for an error raised inside a DO block the reported line of the block.
 */
export function locateStatementError(text: string, statements: readonly string[], statementIndex: number, error: ErrorPosition = {}): FileLocation | null {
  const statement = statements[statementIndex];
  const offset = statementOffsets(text, statements)[statementIndex];
  if (statement === undefined || offset === null || offset === undefined) return null;

  const position = Number(error.position);
  if (Number.isInteger(position) && position > 0) {
    return lineColumnAt(text, offset + codePointIndex(statement, position));
  }
  const blockLine = inlineBlockLine(error.where);
  if (blockLine !== null) {
    const body = dollarBodyStart(statement);
    if (body !== null) {
      const start = lineColumnAt(text, offset + body);
      const line = start.line + blockLine - 1;
      return { line, column: blockLine === 1 ? start.column : firstNonBlankColumn(text, line) };
    }
  }
  return lineColumnAt(text, offset);
}

/** `… inline_code_block line 3 …` → 3 (PL/pgSQL counts lines of the DO body from 1). */
function inlineBlockLine(where: string | null | undefined): number | null {
  const match = /inline_code_block line (\d+)/.exec(where ?? '');
  return match ? Number(match[1]) : null;
}

/** Index just after the first dollar-quote opener (`$$` or `$tag$`) of a statement. */
function dollarBodyStart(statement: string): number | null {
  const match = /\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(statement);
  return match ? match.index + match[0].length : null;
}

function firstNonBlankColumn(text: string, line: number): number {
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return 1;
    start = next + 1;
  }
  let i = start;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return codePointCount(text, start, i) + 1;
}

function codePointCount(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const unit = text.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < to) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}
