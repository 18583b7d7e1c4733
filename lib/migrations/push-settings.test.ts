import { describe, expect, it } from 'vitest';
import { isValidTimeout, readPushSettings, redactUrl, sessionUrlProblem } from './push-settings';

describe('sessionUrlProblem', () => {
  it('refuses the transaction-mode pooler', () => {
    for (const url of [
      'postgresql://postgres.abc:pw@aws-0-eu-central-1.pooler.supabase.com:6543/postgres',
      'postgres://u:p@localhost:6543/db',
      'postgresql://u:p@db.example.com:5432/postgres?pgbouncer=true',
    ]) {
      expect(sessionUrlProblem(url), url).toMatch(/transaction-mode pooler/);
    }
  });

  it('accepts direct and session-mode connections', () => {
    for (const url of [
      'postgresql://postgres:pw@db.abcdefghijklmnop.supabase.co:5432/postgres',
      'postgresql://postgres.abc:pw@aws-0-eu-central-1.pooler.supabase.com:5432/postgres',
      'postgresql://postgres:postgres@127.0.0.1:54322/postgres?sslmode=disable',
    ]) {
      expect(sessionUrlProblem(url), url).toBeNull();
    }
  });

  it('explains a URL that is not a Postgres URL', () => {
    expect(sessionUrlProblem('not a url')).toMatch(/not a valid/);
    expect(sessionUrlProblem('https://example.com')).toMatch(/postgresql:\/\//);
  });
});

describe('readPushSettings', () => {
  it('defaults to 5s and 15min and reads the environment', () => {
    expect(readPushSettings({})).toEqual({ lockTimeout: '5s', statementTimeout: '15min' });
    expect(readPushSettings({ CONSOLE_PUSH_LOCK_TIMEOUT: '1500ms', CONSOLE_PUSH_STATEMENT_TIMEOUT: '0' })).toEqual({
      lockTimeout: '1500ms',
      statementTimeout: '0',
    });
  });

  it('refuses values that are not durations (they go into SET LOCAL)', () => {
    expect(() => readPushSettings({ CONSOLE_PUSH_LOCK_TIMEOUT: "5s'; drop table x; --" })).toThrow(/CONSOLE_PUSH_LOCK_TIMEOUT/);
    expect(isValidTimeout('10 min')).toBe(true);
    expect(isValidTimeout('ten')).toBe(false);
  });
});

describe('redactUrl', () => {
  it('hides the password', () => {
    expect(redactUrl('postgresql://postgres:secret@db:5432/postgres')).toBe('postgresql://postgres:***@db:5432/postgres');
  });
});
