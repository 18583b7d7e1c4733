import type { SupabaseClient } from '@supabase/supabase-js';
import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));
const { RemoteHistoryError, fetchRemoteHistory, parseHistoryPayload } = await import('./remote-history');

describe('parseHistoryPayload', () => {
  it('reads the function result, sorting versions as the CLI compares them', () => {
    expect(parseHistoryPayload({ table_exists: false, rows: [] })).toEqual({ tableExists: false, rows: [] });
    expect(
      parseHistoryPayload({
        table_exists: true,
        rows: [
          { version: '9', name: 'b', statements: ['select 9'] },
          { version: '10', name: null, statements: null },
        ],
      }),
    ).toEqual({
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

/** A client whose RPCs answer from a table of canned replies, counting the calls. */
function fakeClient(replies: Record<string, { data: unknown; error: { message: string; code: string } | null; status: number }>) {
  const calls: string[] = [];
  const client = {
    schema: () => ({
      rpc: async (name: string) => {
        calls.push(name);
        return replies[name] ?? { data: null, error: { message: 'unknown function', code: 'PGRST202' }, status: 404 };
      },
    }),
  } as unknown as SupabaseClient;
  return { client, calls };
}

describe('fetchRemoteHistory', () => {
  it('fails at once when the project does not answer the marker, instead of waiting on the history too', async () => {
    const { client, calls } = fakeClient({ migration_history_fingerprint: { data: null, error: { message: 'TypeError: fetch failed', code: '' }, status: 0 } });
    const failure = await fetchRemoteHistory(client).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RemoteHistoryError);
    expect(failure).toMatchObject({ status: 0 });
    expect(calls).toEqual(['migration_history_fingerprint']);
  });

  it('reads the history in full when the project has no marker function yet', async () => {
    const { client, calls } = fakeClient({
      migration_history: {
        data: { table_exists: true, rows: [{ version: '20240101000000', name: 'first', statements: ['select 1'] }] },
        error: null,
        status: 200,
      },
    });
    expect((await fetchRemoteHistory(client)).rows).toEqual([{ version: '20240101000000', name: 'first', statements: ['select 1'] }]);
    expect(calls).toEqual(['migration_history_fingerprint', 'migration_history']);
  });
});
