import type { ApprovedFile, PushFailureKind, PushFileError } from './push-types';

/** How a push fails: the error of a file, in the run's steps and in words, and what counts as a lost connection. */

export class FileFailure extends Error {
  constructor(
    readonly kind: PushFailureKind,
    readonly fileError: PushFileError,
  ) {
    super(fileError.message);
  }
}

export function stepResult(error: PushFileError): Record<string, unknown> {
  return {
    statements_run: error.statementsRun,
    statement_index: error.statementIndex,
    error_line: error.line,
    error_column: error.column,
    sqlstate: error.sqlstate,
    error_message: error.message,
    error_detail: error.detail,
    error_hint: error.hint,
    partial: error.partial,
  };
}

export function blankFileError(file: ApprovedFile, message: string): PushFileError {
  return {
    ordinal: file.ordinal,
    fileName: file.fileName,
    version: file.version,
    statementIndex: null,
    line: null,
    column: null,
    sqlstate: null,
    message,
    detail: null,
    hint: null,
    partial: false,
    statementsRun: 0,
  };
}

/** `20240101_x.sql:6:13: statement 2: relation "…" does not exist (42P01)` */
export function describeFailure(error: PushFileError): string {
  const where = error.line === null ? error.fileName : `${error.fileName}:${error.line}:${error.column ?? 1}`;
  const statement = error.statementIndex === null ? '' : ` statement ${error.statementIndex}:`;
  const code = error.sqlstate ? ` (SQLSTATE ${error.sqlstate})` : '';
  const partial = error.partial ? ' The statements before it stay applied (the file ran unwrapped).' : '';
  return `${where}:${statement} ${error.message}${code}.${partial}`;
}

const CONNECTION_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNREFUSED',
]);

export function isConnectionLost(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : null;
  return typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'));
}

type PostgresErrorFields = { code: string; position?: string; where?: string; detail?: string; hint?: string };

/** The server's error fields (postgres.js names its server errors PostgresError). */
export function postgresErrorOf(error: unknown): PostgresErrorFields | null {
  if (!(error instanceof Error) || error.name !== 'PostgresError') return null;
  const fields = error as Error & Partial<PostgresErrorFields>;
  return typeof fields.code === 'string' ? (fields as Error & PostgresErrorFields) : null;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
