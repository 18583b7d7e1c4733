import { describe, expect, it } from 'vitest';
import { describeAsOf, timeAgo } from './as-of';

const NOW = Date.parse('2026-11-26T22:44:10Z');

describe('describeAsOf', () => {
  it('gives the UTC time and how long ago', () => {
    expect(describeAsOf(Date.parse('2026-11-26T22:41:07Z'), NOW)).toBe('22:41:07 UTC, 3 minutes ago');
  });
  it('adds the date once it is not the same day', () => {
    expect(describeAsOf(Date.parse('2026-11-25T23:59:00Z'), NOW)).toBe('2026-11-25 23:59:00 UTC, 22 hours ago');
  });
});

describe('timeAgo', () => {
  it('reads naturally at every scale', () => {
    expect(timeAgo(NOW - 3_000, NOW)).toBe('just now');
    expect(timeAgo(NOW + 5_000, NOW)).toBe('just now');
    expect(timeAgo(NOW - 42_000, NOW)).toBe('42 seconds ago');
    expect(timeAgo(NOW - 61_000, NOW)).toBe('1 minute ago');
    expect(timeAgo(NOW - 3_600_000, NOW)).toBe('1 hour ago');
    expect(timeAgo(NOW - 3 * 86_400_000, NOW)).toBe('3 days ago');
  });
});
