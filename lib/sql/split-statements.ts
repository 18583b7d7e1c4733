/**
 * Splits a migration file into the statements the Supabase CLI (2.117.0) stores in
 * `supabase_migrations.schema_migrations.statements`.
 *
 * This is not a SQL lexer. It reproduces the CLI's small state machine, quirks included,
 * because the console compares files with recorded arrays and pushes what the CLI would push:
 * - splits on `;` outside '…', "…", $tag$…$tag$, `--` comments and nested block comments;
 * - a backslash outside those skips the next character (`\;` does not split), but inside a
 *   quote it is ordinary, so `E'it\'s'` closes at `\'` and the next `'` opens a new quote;
 * - `(` suspends splitting until the next `)` outside quotes/comments, without counting nesting;
 * - `BEGIN ATOMIC` suspends splitting until the letters `END` (any case, even inside a word);
 * - each piece loses trailing `;`s and then JavaScript-`trim()` whitespace (which includes
 *   U+FEFF and U+3000 but not U+0085); empty pieces are dropped, so `;;` leaves nothing;
 * - text after the last `;` (a trailing comment, a statement without `;`) is its own piece.
 *
 * CLI 2.117.0 runs its migration commands in a TypeScript port of the Go `pkg/parser`: it walks
 * code points, compares UTF-16 windows and trims like JavaScript. The Go parser scanned bytes and
 * trimmed with Go's `unicode.IsSpace`; where the two differ, this follows the shipped CLI.
 */
export function splitStatements(sql: string): string[] {
  return new Splitter(sql).run();
}

const READY = 0; // between tokens; the only state where `;` splits
const DASH = 1; // after one `-`
const BLOCK = 2; // after `/`, and inside `/* … */` while depth > 0
const QUOTE = 3; // inside '…' or "…"; `quoteClosed` after the (maybe final) quote character
const UNTIL = 4; // inside a $tag$ body or a `--` comment, until `closer` appears
const TAG = 5; // after `$`, reading a possible tag
const ESCAPE = 6; // after a backslash outside quotes

// What a state transition asks the caller to do.
const STAY = 0; // `mode` and its fields describe the new leaf state
const SPLIT = 1; // a splitting `;`: the leaf state is left exactly as it was
const WRAP = 2; // `(` or BEGIN ATOMIC: suspend splitting until `pendingCloser`

const SEMICOLON = 0x3b;

// Characters the ready state reacts to: $ ' " - / \ ; ( and the c/C that may end ATOMIC.
const READY_SPECIALS = new Uint8Array(0x80);
for (const special of '$\'"-/\\;(cC') READY_SPECIALS[special.charCodeAt(0)] = 1;

class Splitter {
  private readonly sql: string;
  private readonly statements: string[] = [];
  private tokenStart = 0;

  // Leaf state.
  private mode = READY;
  private blockDepth = 0;
  private quoteChar = 0;
  private quoteClosed = false;
  private closer = '';
  private tagStart = 0;

  // Open `(` / BEGIN ATOMIC wrappers, outermost first; each holds the text that closes it.
  private readonly wrappers: string[] = [];
  private pendingCloser = '';

  constructor(sql: string) {
    // A BOM is dropped when the CLI decodes the file; trimming would drop it anyway.
    this.sql = sql.charCodeAt(0) === 0xfeff ? sql.slice(1) : sql;
  }

  run(): string[] {
    const sql = this.sql;
    const length = sql.length;
    let i = 0;
    while (i < length) {
      // Inside a quote or a dollar body/line comment nothing happens until the end marker;
      // jumping there keeps long bodies linear and allocation-free.
      if (this.mode === QUOTE && !this.quoteClosed) {
        const next = sql.indexOf(this.quoteChar === 0x27 ? "'" : '"', i);
        if (next < 0) break;
        i = next;
      } else if (this.mode === UNTIL) {
        const from = Math.max(this.tokenStart, i - this.closer.length + 1);
        const start = sql.indexOf(this.closer, from);
        if (start < 0) break;
        i = start + this.closer.length - 1;
      } else if (this.mode === READY) {
        // Ordinary characters leave a ready state as it is; only a wrapper's closing
        // character (`)`, or the `D` of END) can change anything besides the specials.
        const top = this.wrappers[this.wrappers.length - 1];
        const closing = top === undefined ? -1 : top === ')' ? 0x29 : 0x64;
        while (i < length) {
          const next = sql.charCodeAt(i);
          if (next < 0x80 && (READY_SPECIALS[next] === 1 || (next | 0x20) === closing)) break;
          i += 1;
        }
        if (i >= length) break;
      }

      // The CLI walks code points: a surrogate pair is one character.
      const unit = sql.charCodeAt(i);
      let last = i;
      let codePoint = unit;
      if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < length) {
        const low = sql.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          last = i + 1;
          codePoint = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
        }
      }

      const action = this.step(unit, codePoint, last);
      if (action === SPLIT) {
        // Inside a wrapper a `;` changes nothing, not even the leaf state.
        if (this.wrappers.length === 0) {
          this.emit(last + 1);
          this.mode = READY;
        }
      } else if (action === WRAP) {
        this.wrappers.push(this.pendingCloser);
        this.mode = READY;
      } else if (this.mode === READY) {
        // A wrapper closes when its leaf is ready and the text ends with its closer; the
        // enclosing one then sees a ready leaf too, so one `)` can close several levels.
        while (this.wrappers.length > 0 && this.endsWithCloser(this.wrappers[this.wrappers.length - 1] ?? '', last)) {
          this.wrappers.pop();
        }
      }
      i = last + 1;
    }
    if (this.tokenStart < length) this.emit(length);
    return this.statements;
  }

  /** One character through the leaf state; `last` is the index of its last UTF-16 unit. */
  private step(unit: number, codePoint: number, last: number): number {
    switch (this.mode) {
      case DASH:
        if (unit === 0x2d) {
          this.mode = UNTIL;
          this.closer = '\n';
          return STAY;
        }
        return this.ready(unit, last);
      case BLOCK: {
        // The window is the last two UTF-16 units, so `/*/` opens and closes at once.
        const prev = this.sql.charCodeAt(last - 1);
        if (prev === 0x2f && unit === 0x2a) {
          this.blockDepth += 1;
          return STAY;
        }
        if (this.blockDepth === 0) return this.ready(unit, last);
        if (prev === 0x2a && unit === 0x2f) {
          this.blockDepth -= 1;
          if (this.blockDepth === 0) this.mode = READY;
        }
        return STAY;
      }
      case QUOTE:
        if (this.quoteClosed) {
          // A doubled quote character continues the string; anything else starts afresh.
          if (unit === this.quoteChar) {
            this.quoteClosed = false;
            return STAY;
          }
          return this.ready(unit, last);
        }
        if (unit === this.quoteChar) this.quoteClosed = true;
        return STAY;
      case UNTIL:
        if (this.endsWith(this.closer, last)) this.mode = READY;
        return STAY;
      case TAG:
        if (unit === 0x24) {
          this.mode = UNTIL;
          this.closer = this.sql.slice(this.tagStart, last + 1);
          return STAY;
        }
        if (isTagCharacter(codePoint)) return STAY;
        return this.ready(unit, last);
      case ESCAPE:
        this.mode = READY;
        return STAY;
      default:
        return this.ready(unit, last);
    }
  }

  /** The ready state's reaction. Must not touch the leaf state when it returns SPLIT. */
  private ready(unit: number, last: number): number {
    switch (unit) {
      case 0x24: // $
        this.mode = TAG;
        this.tagStart = last;
        return STAY;
      case 0x27: // '
      case 0x22: // "
        this.mode = QUOTE;
        this.quoteChar = unit;
        this.quoteClosed = false;
        return STAY;
      case 0x2d: // -
        this.mode = DASH;
        return STAY;
      case 0x2f: // /
        this.mode = BLOCK;
        this.blockDepth = 0;
        return STAY;
      case 0x5c: // \
        this.mode = ESCAPE;
        return STAY;
      case SEMICOLON:
        return SPLIT;
      case 0x28: // (
        this.pendingCloser = ')';
        return WRAP;
      case 0x63: // c
      case 0x43: // C
        if (this.isBeginAtomic(last)) {
          this.pendingCloser = 'END';
          return WRAP;
        }
        this.mode = READY;
        return STAY;
      default:
        this.mode = READY;
        return STAY;
    }
  }

  /**
   * The current token ends with `ATOMIC` (this `c` being its last letter), preceded by
   * whitespace and `BEGIN`, neither word glued to an identifier character. The CLI compares
   * upper-cased UTF-16 slices, so this does too.
   */
  private isBeginAtomic(last: number): boolean {
    const sql = this.sql;
    const atomicStart = last + 1 - 6;
    if (atomicStart < this.tokenStart || !this.sliceEqualsUpper(atomicStart, last + 1, 'ATOMIC')) return false;
    if (atomicStart > this.tokenStart && isIdentifierUnit(sql.charCodeAt(atomicStart - 1))) return false;
    let beginEnd = atomicStart;
    while (beginEnd > this.tokenStart && isJsWhitespace(sql.charCodeAt(beginEnd - 1))) beginEnd -= 1;
    const beginStart = beginEnd - 5;
    if (beginStart < this.tokenStart || !this.sliceEqualsUpper(beginStart, beginEnd, 'BEGIN')) return false;
    return beginStart === this.tokenStart || !isIdentifierUnit(sql.charCodeAt(beginStart - 1));
  }

  /** The token so far (up to `last`) ends with `closer`, compared upper-cased like the CLI. */
  private endsWithCloser(closer: string, last: number): boolean {
    if (closer === ')') return this.sql.charCodeAt(last) === 0x29;
    const from = Math.max(this.tokenStart, last + 1 - closer.length);
    return this.sliceEqualsUpper(from, last + 1, closer);
  }

  private endsWith(text: string, last: number): boolean {
    const from = last + 1 - text.length;
    return from >= this.tokenStart && this.sql.startsWith(text, from);
  }

  /** `sql.slice(from, to).toUpperCase() === upper`, without allocating for ASCII text. */
  private sliceEqualsUpper(from: number, to: number, upper: string): boolean {
    const sql = this.sql;
    for (let k = from; k < to; k++) {
      if (sql.charCodeAt(k) >= 0x80) return sql.slice(from, to).toUpperCase() === upper;
    }
    if (to - from !== upper.length) return false;
    for (let k = from; k < to; k++) {
      let unit = sql.charCodeAt(k);
      if (unit >= 0x61 && unit <= 0x7a) unit -= 0x20;
      if (unit !== upper.charCodeAt(k - from)) return false;
    }
    return true;
  }

  /** Adds the token ending before `end`: trailing `;`s removed, then JS-trimmed. */
  private emit(end: number): void {
    let stop = end;
    while (stop > this.tokenStart && this.sql.charCodeAt(stop - 1) === SEMICOLON) stop -= 1;
    const statement = this.sql.slice(this.tokenStart, stop).trim();
    if (statement.length > 0) this.statements.push(statement);
    this.tokenStart = end;
  }
}

const LETTER_OR_DIGIT = /[\p{L}\p{Nd}]/u;

/** Dollar-quote tag characters: Unicode letters, decimal digits and `_` (whole code points). */
function isTagCharacter(codePoint: number): boolean {
  if (codePoint < 0x80) {
    return (
      (codePoint >= 0x61 && codePoint <= 0x7a) || (codePoint >= 0x41 && codePoint <= 0x5a) || (codePoint >= 0x30 && codePoint <= 0x39) || codePoint === 0x5f
    );
  }
  return LETTER_OR_DIGIT.test(String.fromCodePoint(codePoint));
}

/**
 * Identifier characters around BEGIN/ATOMIC. The CLI tests a single UTF-16 unit, so half of a
 * surrogate pair never counts, even for an astral letter.
 */
function isIdentifierUnit(unit: number): boolean {
  if (unit < 0x80) {
    return (unit >= 0x61 && unit <= 0x7a) || (unit >= 0x41 && unit <= 0x5a) || (unit >= 0x30 && unit <= 0x39) || unit === 0x5f || unit === 0x24;
  }
  if (unit >= 0xd800 && unit <= 0xdfff) return false;
  return LETTER_OR_DIGIT.test(String.fromCharCode(unit));
}

/** JavaScript's `\s` (WhiteSpace and LineTerminator): what the CLI trims before BEGIN. */
function isJsWhitespace(unit: number): boolean {
  if (unit <= 0x20) return unit === 0x20 || (unit >= 0x09 && unit <= 0x0d);
  if (unit < 0xa0) return false;
  return (
    unit === 0xa0 ||
    unit === 0x1680 ||
    (unit >= 0x2000 && unit <= 0x200a) ||
    unit === 0x2028 ||
    unit === 0x2029 ||
    unit === 0x202f ||
    unit === 0x205f ||
    unit === 0x3000 ||
    unit === 0xfeff
  );
}
