import { describe, expect, it } from 'vitest';
import { LIST_PAGE_SIZE, applyListQuery, listQuerySchema } from './list-query';
import type { MigrationRow, MigrationStatus } from './types';

function row(key: string, status: MigrationStatus, module = 'shared', name = key): MigrationRow {
  return { key, version: key, name, module, status, local: null, remote: null, findings: [] };
}

const rows = [
  row('20240101000000', 'applied', 'aloha', 'aloha_calls'),
  row('20240102000000', 'pending', 'sync', 'sync_mailboxes'),
  row('20240103000000', 'remote_only', 'shared', 'baseline'),
  row('20240104000000', 'pending_out_of_order', 'aloha', 'aloha_fix'),
];

describe('applyListQuery', () => {
  it('filters by status, module and text', () => {
    expect(applyListQuery(rows, listQuerySchema.parse({ status: 'pending' })).rows.map((r) => r.key)).toEqual(['20240102000000']);
    expect(applyListQuery(rows, listQuerySchema.parse({ module: 'aloha' })).total).toBe(2);
    expect(applyListQuery(rows, listQuerySchema.parse({ q: 'MAILBOX' })).rows.map((r) => r.key)).toEqual(['20240102000000']);
  });

  it('lists what needs attention: blocking findings and out-of-order files', () => {
    const result = applyListQuery(rows, listQuerySchema.parse({ status: 'attention', sort: 'status', dir: 'asc' }));
    expect(result.rows.map((r) => r.status)).toEqual(['remote_only', 'pending_out_of_order']);
  });

  it('sorts newest first by default and by name on request', () => {
    expect(applyListQuery(rows, listQuerySchema.parse({})).rows[0]!.key).toBe('20240104000000');
    expect(applyListQuery(rows, listQuerySchema.parse({ sort: 'name', dir: 'asc' })).rows.map((r) => r.name)).toEqual([
      'aloha_calls',
      'aloha_fix',
      'baseline',
      'sync_mailboxes',
    ]);
  });

  it('ignores malformed query values', () => {
    const query = listQuerySchema.parse({ status: 'nope', sort: 'drop table', page: '-3', module: "x'; --" });
    expect(query).toMatchObject({ status: undefined, sort: 'version', page: 1, module: undefined });
  });

  it('pages large lists', () => {
    const many = Array.from({ length: LIST_PAGE_SIZE * 2 + 50 }, (_, i) => row(String(20240000000000 + i), 'applied'));
    const third = applyListQuery(many, listQuerySchema.parse({ page: '3' }));
    expect(third.rows).toHaveLength(50);
    expect(third.pages).toBe(3);
  });
});
