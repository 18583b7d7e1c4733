import { describe, expect, it } from 'vitest';
import { UsageError, parseConsoleArgs } from './args';

describe('parseConsoleArgs', () => {
  it('status with defaults', () => {
    expect(parseConsoleArgs(['status'])).toEqual({ command: 'status', json: false, dbUrl: null, dir: null });
  });

  it('status with every option, in both spellings', () => {
    const url = 'postgresql://postgres:p%40ss@127.0.0.1:54322/postgres?sslmode=disable';
    expect(parseConsoleArgs(['status', '--json', '--db-url', url, '--dir', 'db/migrations'])).toEqual({
      command: 'status',
      json: true,
      dbUrl: url,
      dir: 'db/migrations',
    });
    expect(parseConsoleArgs(['status', `--db-url=${url}`, '--dir=x', '--json'])).toEqual({ command: 'status', json: true, dbUrl: url, dir: 'x' });
    expect(parseConsoleArgs(['status', '--db-url', 'postgres://h/db'])).toMatchObject({ dbUrl: 'postgres://h/db' });
  });

  it('inspect with a file and --json in any position', () => {
    expect(parseConsoleArgs(['inspect', 'supabase/migrations/1_a.sql'])).toEqual({ command: 'inspect', json: false, file: 'supabase/migrations/1_a.sql' });
    expect(parseConsoleArgs(['inspect', '--json', 'a.sql'])).toEqual({ command: 'inspect', json: true, file: 'a.sql' });
    // After `--`, a name that starts with a dash is still a file.
    expect(parseConsoleArgs(['inspect', '--', '-dash.sql'])).toEqual({ command: 'inspect', json: false, file: '-dash.sql' });
  });

  it('help', () => {
    expect(parseConsoleArgs([])).toEqual({ command: 'help' });
    expect(parseConsoleArgs(['--help'])).toEqual({ command: 'help' });
    expect(parseConsoleArgs(['help'])).toEqual({ command: 'help' });
    expect(parseConsoleArgs(['status', '-h'])).toEqual({ command: 'help' });
  });

  it.each([
    [['push'], 'Unknown command "push"'],
    [['status', '--yes'], 'Unknown option --yes for status'],
    [['status', 'extra'], 'status takes no arguments'],
    [['status', '--db-url'], '--db-url needs a value'],
    [['status', '--db-url', '--json'], '--db-url needs a value'],
    [['status', '--db-url='], '--db-url needs a value'],
    [['status', '--db-url', 'mysql://x'], '--db-url must be a postgresql:// connection string'],
    [['status', '--dir', 'a', '--dir', 'b'], '--dir is given twice'],
    [['status', '--json=yes'], '--json takes no value'],
    [['inspect'], 'inspect needs a file'],
    [['inspect', 'a.sql', 'b.sql'], 'inspect takes one file, got 2'],
    [['inspect', '--db-url', 'postgres://x', 'a.sql'], 'Unknown option --db-url for inspect'],
  ])('%j is a usage error: %s', (argv, message) => {
    expect(() => parseConsoleArgs(argv)).toThrow(UsageError);
    expect(() => parseConsoleArgs(argv)).toThrow(message);
  });
});
