/**
 * Which statements of a migration cannot run inside a transaction block, and which deserve a
 * warning. The push engine runs every file in one real `BEGIN … COMMIT`; a file with a statement
 * flagged `no_transaction` must instead run the CLI's way (statement by statement, unwrapped), which
 * can leave it partly applied, so a request with such a file needs an explicit acknowledgement.
 *
 * Pure and conservative: it reads the leading keywords of each statement (comments skipped), never
 * the inside of strings or bodies. A statement hidden in a DO block or EXECUTE is not seen; the
 * database then refuses it and the file rolls back whole, which is safe.
 */

export type TransactionIssueSeverity =
  /** Cannot run in a transaction block: the file runs unwrapped and needs an acknowledgement. */
  | 'no_transaction'
  /** Runs, but a person should know something before pushing. */
  | 'warning'
  /** Works in the console; noted because the Supabase CLI behaves differently. */
  | 'info';

export type TransactionIssueCode =
  | 'index_concurrently'
  | 'reindex_concurrently'
  | 'reindex_schema_or_database'
  | 'vacuum'
  | 'database'
  | 'tablespace'
  | 'alter_system'
  | 'cluster_all'
  | 'subscription'
  | 'discard_all'
  | 'transaction_control'
  | 'prepared_transaction'
  | 'alter_type_add_value'
  | 'procedure_transaction_control'
  | 'needs_transaction_block';

export type TransactionIssue = {
  /** From 0, like the CLI's "At statement". */
  statementIndex: number;
  code: TransactionIssueCode;
  severity: TransactionIssueSeverity;
  message: string;
};

export type TransactionSafety = {
  /** True when some statement cannot run in a transaction block. */
  nonTransactional: boolean;
  issues: TransactionIssue[];
};

export function classifyStatements(statements: readonly string[]): TransactionSafety {
  const issues: TransactionIssue[] = [];
  statements.forEach((statement, statementIndex) => {
    const found = classifyStatement(statement);
    if (found) issues.push({ statementIndex, ...found });
  });
  return { nonTransactional: issues.some((issue) => issue.severity === 'no_transaction'), issues };
}

type Found = Omit<TransactionIssue, 'statementIndex'>;

const noTransaction = (code: TransactionIssueCode, what: string): Found => ({
  code,
  severity: 'no_transaction',
  message: `${what} cannot run inside a transaction block. This file runs statement by statement, as the Supabase CLI runs it: ` +
    'if a statement fails, the statements before it stay applied and the version is not recorded.',
});

/** The issue of one statement (the first that applies), or null when it is ordinary. */
export function classifyStatement(statement: string): Found | null {
  const words = leadingTokens(statement, 24);
  const [first, second, third] = words;
  switch (first) {
    case 'CREATE':
      if (second === 'DATABASE') return noTransaction('database', 'CREATE DATABASE');
      if (second === 'TABLESPACE') return noTransaction('tablespace', 'CREATE TABLESPACE');
      if (second === 'SUBSCRIPTION') return noTransaction('subscription', 'CREATE SUBSCRIPTION');
      if (indexConcurrently(words.slice(1))) return noTransaction('index_concurrently', 'CREATE INDEX CONCURRENTLY');
      return null;
    case 'DROP':
      if (second === 'DATABASE') return noTransaction('database', 'DROP DATABASE');
      if (second === 'TABLESPACE') return noTransaction('tablespace', 'DROP TABLESPACE');
      if (second === 'SUBSCRIPTION') return noTransaction('subscription', 'DROP SUBSCRIPTION');
      if (second === 'INDEX' && third === 'CONCURRENTLY') return noTransaction('index_concurrently', 'DROP INDEX CONCURRENTLY');
      return null;
    case 'REINDEX':
      return reindex(words.slice(1));
    case 'VACUUM':
      return noTransaction('vacuum', 'VACUUM');
    case 'ALTER':
      if (second === 'SYSTEM') return noTransaction('alter_system', 'ALTER SYSTEM');
      if (second === 'DATABASE' && includesSequence(words, ['SET', 'TABLESPACE'])) return noTransaction('database', 'ALTER DATABASE … SET TABLESPACE');
      if (second === 'SUBSCRIPTION' && words.includes('REFRESH')) return noTransaction('subscription', 'ALTER SUBSCRIPTION … REFRESH PUBLICATION');
      if (second === 'TYPE' && includesSequence(words, ['ADD', 'VALUE'])) {
        return {
          code: 'alter_type_add_value',
          severity: 'warning',
          message: 'ALTER TYPE … ADD VALUE: on PostgreSQL 11 and older it cannot run in a transaction block at all; on newer servers the new value ' +
            'cannot be used until the file commits, so a later statement of this file that uses it fails (55P04). Put such uses in a later migration.',
        };
      }
      return null;
    case 'CLUSTER':
      // Only the database-wide form (no table named) is refused in a transaction block.
      return words.slice(1).every((word) => word === 'VERBOSE' || word === '(' || word === ')' || word === ',')
        ? noTransaction('cluster_all', 'CLUSTER without a table')
        : null;
    case 'DISCARD':
      return second === 'ALL' ? noTransaction('discard_all', 'DISCARD ALL') : null;
    case 'BEGIN':
    case 'START':
    case 'COMMIT':
    case 'END':
    case 'ABORT':
      if (first === 'START' && second !== 'TRANSACTION') return null;
      if (first === 'COMMIT' && second === 'PREPARED') return noTransaction('prepared_transaction', 'COMMIT PREPARED');
      return transactionControl(first);
    case 'ROLLBACK':
      if (second === 'TO') return needsBlock('ROLLBACK TO SAVEPOINT');
      if (second === 'PREPARED') return noTransaction('prepared_transaction', 'ROLLBACK PREPARED');
      return transactionControl(first);
    case 'PREPARE':
      return second === 'TRANSACTION' ? noTransaction('prepared_transaction', 'PREPARE TRANSACTION') : null;
    case 'DO':
    case 'CALL':
      return /\b(commit|rollback)\b/i.test(statement)
        ? {
            code: 'procedure_transaction_control',
            severity: 'warning',
            message: `This ${first} seems to COMMIT or ROLLBACK inside; that fails inside a transaction block ("invalid transaction termination"), in the console as with the CLI.`,
          }
        : null;
    case 'LOCK':
      return needsBlock('LOCK TABLE');
    case 'SAVEPOINT':
    case 'RELEASE':
      return needsBlock(first);
    case 'SET':
      return second === 'LOCAL' || (second === 'TRANSACTION' || second === 'CONSTRAINTS') ? needsBlock(`SET ${second}`) : null;
    default:
      return null;
  }
}

function transactionControl(word: string): Found {
  return {
    ...noTransaction('transaction_control', `A file with its own ${word}`),
    message: `The file manages its own transaction (${word}). It runs statement by statement, as the Supabase CLI runs it, and its version is ` +
      'recorded after its last statement in a transaction of its own; statements outside its BEGIN … COMMIT are not protected.',
  };
}

function needsBlock(what: string): Found {
  return {
    code: 'needs_transaction_block',
    severity: 'info',
    message: `${what} only works inside a transaction block. The console runs the file in one, so it works here; ` +
      'the Supabase CLI runs files without one and fails (25P01) or ignores it.',
  };
}

/** After CREATE: [UNIQUE] INDEX CONCURRENTLY. */
function indexConcurrently(words: readonly string[]): boolean {
  const rest = words[0] === 'UNIQUE' ? words.slice(1) : words;
  return rest[0] === 'INDEX' && rest[1] === 'CONCURRENTLY';
}

function reindex(words: readonly string[]): Found | null {
  let rest = words;
  let concurrently = false;
  if (rest[0] === '(') {
    const close = rest.indexOf(')');
    const options = close < 0 ? rest.slice(1) : rest.slice(1, close);
    // `(CONCURRENTLY)`, `(CONCURRENTLY true)`, but not `(CONCURRENTLY false)` / `off` / `0`.
    const at = options.indexOf('CONCURRENTLY');
    if (at >= 0) concurrently = !['FALSE', 'OFF', '0'].includes(options[at + 1] ?? '');
    rest = close < 0 ? [] : rest.slice(close + 1);
  }
  const kind = rest[0];
  if (rest[1] === 'CONCURRENTLY') concurrently = true;
  if (kind === 'SCHEMA' || kind === 'DATABASE' || kind === 'SYSTEM') {
    return noTransaction('reindex_schema_or_database', `REINDEX ${kind}`);
  }
  return concurrently ? noTransaction('reindex_concurrently', 'REINDEX … CONCURRENTLY') : null;
}

function includesSequence(words: readonly string[], sequence: readonly string[]): boolean {
  for (let i = 0; i + sequence.length <= words.length; i++) {
    if (sequence.every((word, j) => words[i + j] === word)) return true;
  }
  return false;
}

/**
 * The first `limit` tokens of a statement: words upper-cased (quoted identifiers kept as written,
 * with their quotes, so they never look like keywords), and the punctuation ( ) , . as tokens.
 * Comments and whitespace are skipped; a string or dollar quote ends the scan, since keywords that
 * matter here come before any literal.
 */
export function leadingTokens(statement: string, limit: number): string[] {
  const tokens: string[] = [];
  let i = 0;
  const length = statement.length;
  while (i < length && tokens.length < limit) {
    const ch = statement[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '-' && statement[i + 1] === '-') {
      const end = statement.indexOf('\n', i);
      i = end < 0 ? length : end + 1;
    } else if (ch === '/' && statement[i + 1] === '*') {
      i = skipBlockComment(statement, i);
    } else if (ch === '"') {
      const end = statement.indexOf('"', i + 1);
      const stop = end < 0 ? length : end + 1;
      tokens.push(statement.slice(i, stop));
      i = stop;
    } else if (/[A-Za-z_\u0080-\uffff]/.test(ch)) {
      let end = i + 1;
      while (end < length && /[A-Za-z0-9_$\u0080-\uffff]/.test(statement[end] ?? '')) end++;
      tokens.push(statement.slice(i, end).toUpperCase());
      i = end;
    } else if (/[0-9]/.test(ch)) {
      let end = i + 1;
      while (end < length && /[0-9.]/.test(statement[end] ?? '')) end++;
      tokens.push(statement.slice(i, end));
      i = end;
    } else if ('(),.;'.includes(ch)) {
      tokens.push(ch);
      i++;
    } else {
      // A string, a dollar quote, an operator: nothing after it decides the classification.
      break;
    }
  }
  return tokens;
}

function skipBlockComment(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return text.length;
}
