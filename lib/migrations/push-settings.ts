/**
 * Settings of the push engine, read from the environment once by its callers, and the check that
 * the database URL is a session connection. Pure: no keys are kept here, only checked.
 */
import { z } from 'zod';
import { processEnvironment } from '@/lib/env/environment';

/** Postgres interval syntax for timeouts: `5s`, `1500ms`, `15min`, `0` (no limit). */
const TIMEOUT_PATTERN = /^\d{1,9}(\.\d{1,3})?\s*(us|ms|s|min|h|d)?$/;

const timeout = (name: string, fallback: string) =>
  z.string().trim().regex(TIMEOUT_PATTERN, `${name} must be a duration such as 5s, 1500ms or 15min`).default(fallback);

const settingsSchema = z.object({
  CONSOLE_PUSH_LOCK_TIMEOUT: timeout('CONSOLE_PUSH_LOCK_TIMEOUT', '5s'),
  CONSOLE_PUSH_STATEMENT_TIMEOUT: timeout('CONSOLE_PUSH_STATEMENT_TIMEOUT', '15min'),
});

export type PushSettings = {
  /** `SET LOCAL lock_timeout` for each file: a file waiting longer for a lock fails instead of blocking the project. */
  lockTimeout: string;
  /** `SET LOCAL statement_timeout` for each file. */
  statementTimeout: string;
};

export const DEFAULT_PUSH_SETTINGS: PushSettings = { lockTimeout: '5s', statementTimeout: '15min' };

export function readPushSettings(env: Readonly<Record<string, string | undefined>> = processEnvironment()): PushSettings {
  const parsed = settingsSchema.safeParse({
    CONSOLE_PUSH_LOCK_TIMEOUT: env.CONSOLE_PUSH_LOCK_TIMEOUT || undefined,
    CONSOLE_PUSH_STATEMENT_TIMEOUT: env.CONSOLE_PUSH_STATEMENT_TIMEOUT || undefined,
  });
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => issue.message).join('; '));
  return { lockTimeout: parsed.data.CONSOLE_PUSH_LOCK_TIMEOUT, statementTimeout: parsed.data.CONSOLE_PUSH_STATEMENT_TIMEOUT };
}

/** True for a value the engine may put into `SET LOCAL …` (it cannot take a bind parameter). */
export function isValidTimeout(value: string): boolean {
  return TIMEOUT_PATTERN.test(value.trim());
}

/**
 * Why this URL cannot carry a push, or null when it can. A transaction-mode pooler (Supavisor or
 * PgBouncer on port 6543, or `pgbouncer=true`) hands each transaction to whichever server
 * connection is free: a session-level advisory lock would be taken on one connection and the files
 * would run on others, so the lock would protect nothing. Session mode (port 5432) is fine.
 */
export function sessionUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'SUPABASE_DB_URL is not a valid postgresql:// connection string.';
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    return 'SUPABASE_DB_URL must be a postgresql:// connection string.';
  }
  const pgbouncer = parsed.searchParams.get('pgbouncer');
  if (parsed.port === '6543' || (pgbouncer !== null && pgbouncer.toLowerCase() === 'true')) {
    return (
      'SUPABASE_DB_URL points at the transaction-mode pooler (port 6543 / pgbouncer=true). Pushes need one session for the whole run ' +
      "(the push lock and each file's transaction live on it): use the direct connection (db.<project-ref>.supabase.co:5432) " +
      'or the session-mode pooler (port 5432) instead.'
    );
  }
  return null;
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an invalid URL)';
  }
}
