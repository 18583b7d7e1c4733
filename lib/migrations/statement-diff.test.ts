import { describe, expect, it } from 'vitest';
import { sideBySideStatements } from './statement-diff';

describe('sideBySideStatements', () => {
  it('pairs a changed statement on one row', () => {
    const rows = sideBySideStatements(
      ['create table t (id int)', 'alter table t enable row level security'],
      ['create table t (id int, name text)', 'alter table t enable row level security'],
    );
    expect(rows).toEqual([
      { left: { text: 'create table t (id int)', kind: 'removed' }, right: { text: 'create table t (id int, name text)', kind: 'added' } },
      { left: { text: 'alter table t enable row level security', kind: 'same' }, right: { text: 'alter table t enable row level security', kind: 'same' } },
    ]);
  });

  it('shows added and removed statements against an empty side', () => {
    const rows = sideBySideStatements(['select 1'], ['select 1', 'select 2']);
    expect(rows[1]).toEqual({ left: { text: '', kind: 'empty' }, right: { text: 'select 2', kind: 'added' } });
    const removed = sideBySideStatements(['select 1', 'select 2'], ['select 2']);
    expect(removed[0]).toEqual({ left: { text: 'select 1', kind: 'removed' }, right: { text: '', kind: 'empty' } });
  });

  it('returns only unchanged rows for equal inputs', () => {
    expect(sideBySideStatements(['a', 'b'], ['a', 'b']).every((row) => row.left.kind === 'same')).toBe(true);
  });
});
