import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));

const { parsePushArgs, progressPrinter } = await import('./push-command');

const ID = '3f8a1c2e-0b4d-4e5f-9a6b-7c8d9e0f1a2b';

describe('parsePushArgs', () => {
  it('reads the request, the person and the folder', () => {
    expect(parsePushArgs(['--request', ID, '--as', 'admin@console.local'])).toEqual({ requestId: ID, email: 'admin@console.local', dir: null });
    expect(parsePushArgs([`--request=${ID}`, '--as=a@b.c', '--dir', 'db/migrations'])).toEqual({ requestId: ID, email: 'a@b.c', dir: 'db/migrations' });
  });

  it('explains what is missing or wrong', () => {
    expect(() => parsePushArgs(['--as', 'a@b.c'])).toThrow(/--request/);
    expect(() => parsePushArgs(['--request', '42', '--as', 'a@b.c'])).toThrow(/UUID/);
    expect(() => parsePushArgs(['--request', ID])).toThrow(/--as <email>/);
    expect(() => parsePushArgs(['--request', ID, '--as', 'a@b.c', '--password', 'x'])).toThrow(/Unknown argument --password/);
    expect(() => parsePushArgs(['--request', ID, '--request', ID, '--as', 'a@b.c'])).toThrow(/twice/);
    expect(() => parsePushArgs(['--request', '--as', 'a@b.c'])).toThrow(/needs a value/);
  });
});

describe('progressPrinter', () => {
  it('prints one line per file and the located error', () => {
    let out = '';
    const print = progressPrinter({
      out: (text) => {
        out += text;
      },
      err: () => {},
    });
    print({
      type: 'started',
      runId: 'r1',
      files: [
        { ordinal: 0, fileName: '1_a.sql', mode: 'transaction' },
        { ordinal: 1, fileName: '2_b.sql', mode: 'unwrapped' },
      ],
    });
    print({ type: 'file_started', ordinal: 0, fileName: '1_a.sql', mode: 'transaction' });
    print({ type: 'file_succeeded', ordinal: 0, fileName: '1_a.sql', durationMs: 12 });
    print({ type: 'file_started', ordinal: 1, fileName: '2_b.sql', mode: 'unwrapped' });
    print({
      type: 'file_failed',
      ordinal: 1,
      fileName: '2_b.sql',
      error: {
        ordinal: 1,
        fileName: '2_b.sql',
        version: '2',
        statementIndex: 1,
        line: 3,
        column: 5,
        sqlstate: '42P01',
        message: 'relation "x" does not exist',
        detail: null,
        hint: null,
        partial: true,
        statementsRun: 1,
      },
    });
    expect(out).toBe(
      [
        'Run r1: 2 files',
        '  ! 2_b.sql runs unwrapped (statement by statement): a failure can leave it partly applied',
        '  [1/2] 1_a.sql … ok (12 ms)',
        '  [2/2] 2_b.sql (unwrapped) … FAILED',
        '      2_b.sql:3:5: statement 1: relation "x" does not exist (SQLSTATE 42P01). The statements before it stay applied (the file ran unwrapped).',
        '',
      ].join('\n'),
    );
  });
});
