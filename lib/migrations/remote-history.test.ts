import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));
const { RemoteHistoryError, parseHistoryPayload } = await import('./remote-history');

describe('parseHistoryPayload', () => {
  it('reads the function result, sorting versions as the CLI compares them', () => {
    expect(parseHistoryPayload({ table_exists: false, rows: [] })).toEqual({ tableExists: false, rows: [] });
    expect(parseHistoryPayload({
      table_exists: true,
      rows: [
        { version: '9', name: 'b', statements: ['select 9'] },
        { version: '10', name: null, statements: null },
      ],
    })).toEqual({
      tableExists: true,
      rows: [
        { version: '10', name: null, statements: null },
        { version: '9', name: 'b', statements: ['select 9'] },
      ],
    });
  });

  it('treats odd columns as missing rather than trusting them', () => {
    const { rows } = parseHistoryPayload({ table_exists: true, rows: [{ version: '1', name: 7, statements: ['a', null] }] });
    expect(rows).toEqual([{ version: '1', name: null, statements: null }]);
  });

  it.each([null, [], 'x', { rows: [] }, { table_exists: true }, { table_exists: true, rows: [{ name: 'x' }] }, { table_exists: true, rows: [null] }])(
    'refuses %j with a message, not a crash',
    (payload) => {
      expect(() => parseHistoryPayload(payload)).toThrow(RemoteHistoryError);
    },
  );
});
