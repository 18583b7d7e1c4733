import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));

const { ConnectionError, describeSource, resolveHistorySource } = await import('./connection');

describe('resolveHistorySource', () => {
  const api = { NEXT_PUBLIC_SUPABASE_URL: 'http://127.0.0.1:54321', SUPABASE_SERVICE_ROLE_KEY: 'service-role-key-0123456789' };

  it('prefers --db-url, then SUPABASE_DB_URL, then the API', () => {
    const env = { ...api, SUPABASE_DB_URL: 'postgresql://u:p@db:5432/postgres' };
    expect(resolveHistorySource('postgresql://flag/db', env)).toEqual({ kind: 'database', url: 'postgresql://flag/db' });
    expect(resolveHistorySource(null, env)).toEqual({ kind: 'database', url: 'postgresql://u:p@db:5432/postgres' });
    expect(resolveHistorySource(null, { ...api, SUPABASE_DB_URL: '' })).toEqual({
      kind: 'api',
      url: api.NEXT_PUBLIC_SUPABASE_URL,
      serviceRoleKey: api.SUPABASE_SERVICE_ROLE_KEY,
    });
  });

  it('explains what is missing or wrong', () => {
    expect(() => resolveHistorySource(null, {})).toThrow(ConnectionError);
    expect(() => resolveHistorySource(null, {})).toThrow('npm run stack prints all three');
    expect(() => resolveHistorySource(null, { NEXT_PUBLIC_SUPABASE_URL: api.NEXT_PUBLIC_SUPABASE_URL })).toThrow('No connection to the project');
    expect(() => resolveHistorySource(null, { SUPABASE_DB_URL: 'db.example.com' })).toThrow('SUPABASE_DB_URL must be a postgresql://');
    expect(() => resolveHistorySource(null, { ...api, NEXT_PUBLIC_SUPABASE_URL: 'localhost:54321' })).toThrow(
      'NEXT_PUBLIC_SUPABASE_URL must be the project URL',
    );
  });
});

describe('describeSource', () => {
  it('never shows the password or the key', () => {
    const database = describeSource({ kind: 'database', url: 'postgresql://postgres:s3cret@db.example.com:6543/postgres?sslmode=require' });
    expect(database).toBe('the database db.example.com:6543/postgres');
    const viaApi = describeSource({ kind: 'api', url: 'https://abc.supabase.co', serviceRoleKey: 'service-role-key-0123456789' });
    expect(viaApi).toBe('the API at https://abc.supabase.co');
    expect(`${database}${viaApi}`).not.toMatch(/s3cret|service-role-key/);
  });
});
