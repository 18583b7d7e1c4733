import { describe, expect, it } from 'vitest';
import { compareMigrationFiles, compareVersions } from './order';

describe('compareVersions', () => {
  it('compares as text, like the CLI: 9 is newer than 10', () => {
    expect(compareVersions('9', '10')).toBeGreaterThan(0);
    expect(compareVersions('1', '10')).toBeLessThan(0);
    expect(compareVersions('07', '7')).toBeLessThan(0);
    expect(compareVersions('20240101000000', '20240101000000')).toBe(0);
  });
});

describe('compareMigrationFiles', () => {
  it('orders by version, then by the whole file name in byte order, misnamed files last', () => {
    const names = ['init.sql', '10_a.sql', '1_short.sql', '7_a.sql', '7_a.b.sql', '7_B.sql', '9_a.sql', 'README.md'];
    expect([...names].sort(compareMigrationFiles)).toEqual(['1_short.sql', '10_a.sql', '7_B.sql', '7_a.b.sql', '7_a.sql', '9_a.sql', 'README.md', 'init.sql']);
  });
});
