import { describe, expect, it } from 'vitest';
import { CheckUsageError, parseCheckArgs } from './check-args';

describe('parseCheckArgs', () => {
  it('reads --json, --db-url and --dir in both spellings', () => {
    expect(parseCheckArgs('lint', [])).toEqual({ json: false, dbUrl: null, dir: null, help: false });
    expect(parseCheckArgs('drift', ['--json', '--db-url', 'postgresql://u@h/db', '--dir=migrations'])).toEqual({
      json: true,
      dbUrl: 'postgresql://u@h/db',
      dir: 'migrations',
      help: false,
    });
    expect(parseCheckArgs('lint', ['-h']).help).toBe(true);
  });
  it('refuses unknown options, missing values and non-postgres URLs', () => {
    expect(() => parseCheckArgs('lint', ['--fix'])).toThrow(CheckUsageError);
    expect(() => parseCheckArgs('lint', ['--dir'])).toThrow('--dir needs a value.');
    expect(() => parseCheckArgs('drift', ['--db-url', 'mysql://x'])).toThrow('--db-url must be a postgresql:// connection string.');
  });
});
