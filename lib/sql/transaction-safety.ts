/**
 * Which statements of a migration cannot run inside a transaction block, and which deserve a
 * warning. The push engine runs every file in one real `BEGIN … COMMIT`; a file with a statement
 * flagged `no_transaction` must instead run the CLI's way (statement by statement, unwrapped), which
 * can leave it partly applied, so a request with such a file needs an explicit acknowledgement.
 *
 * It reads PostgreSQL's parse tree of each statement (lib/sql/parser.ts), so a keyword inside a
 * string, a quoted identifier or a comment is never mistaken for one. A statement hidden in a DO
 * block or EXECUTE is not seen; the database then refuses it and the file rolls back whole, which
 * is safe. A statement that does not parse has no issue here: it is a broken file (review-file.ts).
 */
import { bodyOf, defElems, list, nodeOf, type NodeBody } from './nodes';
import { parseStatement, type ParsedStatement } from './parser';

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
  return classifyParsedStatements(statements, statements.map(parseStatement));
}

/** The same, for statements the caller has parsed already (each statement is parsed once). */
export function classifyParsedStatements(statements: readonly string[], parsed: readonly ParsedStatement[]): TransactionSafety {
  const issues: TransactionIssue[] = [];
  statements.forEach((statement, statementIndex) => {
    const found = classifyParsed(statement, parsed[statementIndex]);
    if (found) issues.push({ statementIndex, ...found });
  });
  return { nonTransactional: issues.some((issue) => issue.severity === 'no_transaction'), issues };
}

type Found = Omit<TransactionIssue, 'statementIndex'>;

const noTransaction = (code: TransactionIssueCode, what: string): Found => ({
  code,
  severity: 'no_transaction',
  message:
    `${what} cannot run inside a transaction block. This file runs statement by statement, as the Supabase CLI runs it: ` +
    'if a statement fails, the statements before it stay applied and the version is not recorded.',
});

/** The issue of one statement (the first that applies), or null when it is ordinary. */
export function classifyStatement(statement: string): Found | null {
  return classifyParsed(statement, parseStatement(statement));
}

function classifyParsed(statement: string, parsed: ParsedStatement | undefined): Found | null {
  if (!parsed?.ok) return null;
  for (const node of parsed.nodes) {
    const found = classifyNode(node, statement);
    if (found) return found;
  }
  return null;
}

function classifyNode(node: unknown, statement: string): Found | null {
  const found = nodeOf(node);
  if (!found) return null;
  const [type, body] = found;
  switch (type) {
    case 'IndexStmt':
      return body.concurrent ? noTransaction('index_concurrently', 'CREATE INDEX CONCURRENTLY') : null;
    case 'DropStmt':
      return body.concurrent ? noTransaction('index_concurrently', 'DROP INDEX CONCURRENTLY') : null;
    case 'ReindexStmt':
      return reindex(body);
    case 'VacuumStmt':
      // ANALYZE is the same node and runs anywhere.
      return body.is_vacuumcmd ? noTransaction('vacuum', 'VACUUM') : null;
    case 'CreatedbStmt':
      return noTransaction('database', 'CREATE DATABASE');
    case 'DropdbStmt':
      return noTransaction('database', 'DROP DATABASE');
    case 'AlterDatabaseStmt':
      return defElems(body.options).has('tablespace') ? noTransaction('database', 'ALTER DATABASE … SET TABLESPACE') : null;
    case 'CreateTableSpaceStmt':
      return noTransaction('tablespace', 'CREATE TABLESPACE');
    case 'DropTableSpaceStmt':
      return noTransaction('tablespace', 'DROP TABLESPACE');
    case 'AlterSystemStmt':
      return noTransaction('alter_system', 'ALTER SYSTEM');
    case 'ClusterStmt':
      // Only the database-wide form (no table named) is refused in a transaction block.
      return body.relation ? null : noTransaction('cluster_all', 'CLUSTER without a table');
    case 'CreateSubscriptionStmt':
      return noTransaction('subscription', 'CREATE SUBSCRIPTION');
    case 'DropSubscriptionStmt':
      return noTransaction('subscription', 'DROP SUBSCRIPTION');
    case 'AlterSubscriptionStmt':
      return body.kind === 'ALTER_SUBSCRIPTION_REFRESH' ? noTransaction('subscription', 'ALTER SUBSCRIPTION … REFRESH PUBLICATION') : null;
    case 'DiscardStmt':
      return body.target === 'DISCARD_ALL' ? noTransaction('discard_all', 'DISCARD ALL') : null;
    case 'TransactionStmt':
      return transactionStatement(body, statement);
    case 'AlterEnumStmt':
      // oldVal is set for RENAME VALUE, which runs anywhere.
      return body.oldVal
        ? null
        : {
            code: 'alter_type_add_value',
            severity: 'warning',
            message:
              'ALTER TYPE … ADD VALUE: on PostgreSQL 11 and older it cannot run in a transaction block at all; on newer servers the new value ' +
              'cannot be used until the file commits, so a later statement of this file that uses it fails (55P04). Put such uses in a later migration.',
          };
    case 'DoStmt':
    case 'CallStmt':
      // The body of a DO block is PL/pgSQL, which this parser does not read: a word test on it.
      return /\b(commit|rollback)\b/i.test(type === 'DoStmt' ? doBody(body) : statement)
        ? {
            code: 'procedure_transaction_control',
            severity: 'warning',
            message: `This ${type === 'DoStmt' ? 'DO' : 'CALL'} seems to COMMIT or ROLLBACK inside; that fails inside a transaction block ("invalid transaction termination"), in the console as with the CLI.`,
          }
        : null;
    case 'LockStmt':
      return needsBlock('LOCK TABLE');
    case 'VariableSetStmt':
      if (body.is_local) return needsBlock('SET LOCAL');
      if (body.kind === 'VAR_SET_MULTI' && body.name === 'TRANSACTION') return needsBlock('SET TRANSACTION');
      return null;
    case 'ConstraintsSetStmt':
      return needsBlock('SET CONSTRAINTS');
    default:
      return null;
  }
}

function transactionStatement(body: NodeBody, statement: string): Found | null {
  switch (body.kind) {
    case 'TRANS_STMT_BEGIN':
    case 'TRANS_STMT_START':
    case 'TRANS_STMT_COMMIT':
    case 'TRANS_STMT_ROLLBACK':
      return transactionControl(leadingWord(statement));
    case 'TRANS_STMT_PREPARE':
      return noTransaction('prepared_transaction', 'PREPARE TRANSACTION');
    case 'TRANS_STMT_COMMIT_PREPARED':
      return noTransaction('prepared_transaction', 'COMMIT PREPARED');
    case 'TRANS_STMT_ROLLBACK_PREPARED':
      return noTransaction('prepared_transaction', 'ROLLBACK PREPARED');
    case 'TRANS_STMT_SAVEPOINT':
      return needsBlock('SAVEPOINT');
    case 'TRANS_STMT_RELEASE':
      return needsBlock('RELEASE');
    case 'TRANS_STMT_ROLLBACK_TO':
      return needsBlock('ROLLBACK TO SAVEPOINT');
    default:
      return null;
  }
}

/** BEGIN, START, COMMIT, END, ROLLBACK or ABORT as the file spells it, for the message. */
function leadingWord(statement: string): string {
  const text = statement.replace(/^(\s+|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/)+/, '');
  return (/^[A-Za-z]+/.exec(text)?.[0] ?? 'BEGIN').toUpperCase();
}

function doBody(body: NodeBody): string {
  for (const arg of list(body.args)) {
    const element = bodyOf(arg, 'DefElem');
    if (element?.defname === 'as') return String(bodyOf(element.arg, 'String')?.sval ?? '');
  }
  return '';
}

function transactionControl(word: string): Found {
  return {
    ...noTransaction('transaction_control', `A file with its own ${word}`),
    message:
      `The file manages its own transaction (${word}). It runs statement by statement, as the Supabase CLI runs it, and its version is ` +
      'recorded after its last statement in a transaction of its own; statements outside its BEGIN … COMMIT are not protected.',
  };
}

function needsBlock(what: string): Found {
  return {
    code: 'needs_transaction_block',
    severity: 'info',
    message:
      `${what} only works inside a transaction block. The console runs the file in one, so it works here; ` +
      'the Supabase CLI runs files without one and fails (25P01) or ignores it.',
  };
}

function reindex(body: NodeBody): Found | null {
  if (['REINDEX_OBJECT_SCHEMA', 'REINDEX_OBJECT_DATABASE', 'REINDEX_OBJECT_SYSTEM'].includes(String(body.kind))) {
    return noTransaction('reindex_schema_or_database', `REINDEX ${String(body.kind).replace('REINDEX_OBJECT_', '')}`);
  }
  const params = defElems(body.params);
  if (!params.has('concurrently')) return null;
  // `(CONCURRENTLY)`, `(CONCURRENTLY true)`, but not `(CONCURRENTLY false)` / `off` / `0`.
  const value = params.get('concurrently');
  const word = String(bodyOf(value, 'String')?.sval ?? bodyOf(value, 'Boolean')?.boolval ?? bodyOf(value, 'Integer')?.ival ?? 'true').toLowerCase();
  return ['false', 'off', '0'].includes(word) ? null : noTransaction('reindex_concurrently', 'REINDEX … CONCURRENTLY');
}
