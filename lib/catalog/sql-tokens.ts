/**
 * A small PostgreSQL lexer for one statement: enough to recognise DDL (names, keywords,
 * parentheses) without being fooled by comments, strings, dollar-quoted bodies or quoted
 * identifiers. It never throws: an unterminated string or comment runs to the end of the text.
 */

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'param' | 'op' | 'punct';

export type Token = {
  kind: TokenKind;
  /** Words: lower-cased (unquoted identifiers fold to lower case). Quoted identifiers: the name. */
  value: string;
  start: number;
  end: number;
};

const OPERATOR_CHARS = new Set('+-*/<>=~!@#%^&|`?'.split(''));
const PUNCT_CHARS = new Set('()[],;:.'.split(''));

function isWordStart(char: string): boolean {
  return /[A-Za-z_\u0080-\uffff]/.test(char);
}

function isWordChar(char: string): boolean {
  return /[A-Za-z0-9_$\u0080-\uffff]/.test(char);
}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const length = sql.length;
  while (i < length) {
    const char = sql[i]!;
    const next = sql[i + 1] ?? '';
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    if (char === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? length : end + 1;
      continue;
    }
    if (char === '/' && next === '*') {
      // Block comments nest in PostgreSQL.
      let depth = 1;
      i += 2;
      while (i < length && depth > 0) {
        if (sql[i] === '/' && sql[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (sql[i] === '*' && sql[i + 1] === '/') {
          depth--;
          i += 2;
        } else i++;
      }
      continue;
    }
    const start = i;
    if (char === "'" || ((char === 'E' || char === 'e') && next === "'")) {
      const backslashes = char !== "'";
      i = readQuoted(sql, backslashes ? i + 1 : i, "'", backslashes);
      tokens.push({ kind: 'string', value: unquote(sql.slice(backslashes ? start + 1 : start, i), "'"), start, end: i });
      continue;
    }
    if ((char === 'U' || char === 'u') && next === '&' && (sql[i + 2] === "'" || sql[i + 2] === '"')) {
      const quote = sql[i + 2]!;
      i = readQuoted(sql, i + 2, quote, false);
      tokens.push({ kind: quote === '"' ? 'quoted' : 'string', value: unquote(sql.slice(start + 2, i), quote), start, end: i });
      continue;
    }
    if ((char === 'B' || char === 'b' || char === 'X' || char === 'x' || char === 'N' || char === 'n') && next === "'") {
      i = readQuoted(sql, i + 1, "'", false);
      tokens.push({ kind: 'string', value: unquote(sql.slice(start + 1, i), "'"), start, end: i });
      continue;
    }
    if (char === '"') {
      i = readQuoted(sql, i, '"', false);
      tokens.push({ kind: 'quoted', value: unquote(sql.slice(start, i), '"'), start, end: i });
      continue;
    }
    if (char === '$') {
      if (/[0-9]/.test(next)) {
        i++;
        while (i < length && /[0-9]/.test(sql[i]!)) i++;
        tokens.push({ kind: 'param', value: sql.slice(start, i), start, end: i });
        continue;
      }
      const tag = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(sql.slice(i, i + 200));
      if (tag) {
        const delimiter = tag[0];
        const close = sql.indexOf(delimiter, i + delimiter.length);
        i = close < 0 ? length : close + delimiter.length;
        const bodyEnd = close < 0 ? length : close;
        tokens.push({ kind: 'string', value: sql.slice(start + delimiter.length, bodyEnd), start, end: i });
        continue;
      }
    }
    if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(next))) {
      i++;
      while (i < length && /[0-9.eE_]/.test(sql[i]!)) {
        if ((sql[i] === 'e' || sql[i] === 'E') && (sql[i + 1] === '-' || sql[i + 1] === '+')) i++;
        i++;
      }
      tokens.push({ kind: 'number', value: sql.slice(start, i), start, end: i });
      continue;
    }
    if (isWordStart(char)) {
      i++;
      while (i < length && isWordChar(sql[i]!)) i++;
      tokens.push({ kind: 'word', value: sql.slice(start, i).toLowerCase(), start, end: i });
      continue;
    }
    if (char === ':' && next === ':') {
      i += 2;
      tokens.push({ kind: 'op', value: '::', start, end: i });
      continue;
    }
    if (PUNCT_CHARS.has(char)) {
      i++;
      tokens.push({ kind: 'punct', value: char, start, end: i });
      continue;
    }
    if (OPERATOR_CHARS.has(char)) {
      i++;
      while (i < length && OPERATOR_CHARS.has(sql[i]!) && !(sql[i] === '-' && sql[i + 1] === '-') && !(sql[i] === '/' && sql[i + 1] === '*')) i++;
      tokens.push({ kind: 'op', value: sql.slice(start, i), start, end: i });
      continue;
    }
    // Anything else (a stray backslash, a lone `$`): one character of its own.
    i++;
    tokens.push({ kind: 'op', value: char, start, end: i });
  }
  return tokens;
}

/** Index just past the closing quote (or the end of the text). `''`/`""` inside are escapes. */
function readQuoted(sql: string, openAt: number, quote: string, backslashes: boolean): number {
  let i = openAt + 1;
  while (i < sql.length) {
    const char = sql[i]!;
    if (backslashes && char === '\\') {
      i += 2;
      continue;
    }
    if (char === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return sql.length;
}

function unquote(text: string, quote: string): string {
  const inner = text.endsWith(quote) && text.length >= 2 ? text.slice(1, -1) : text.slice(1);
  return inner.replaceAll(quote + quote, quote);
}
