import { describe, expect, it } from 'vitest';
import { formatUtc, formatUtcDate } from './format';

describe('formatUtc', () => {
  it('shows day, time and the zone', () => {
    expect(formatUtc('2026-11-25T20:27:43.807796+00:00')).toBe('25 Nov 2026, 20:27 UTC');
    expect(formatUtcDate('2026-11-25T23:59:59-02:00')).toBe('26 Nov 2026');
  });
  it('shows a dash for missing or broken values', () => {
    expect(formatUtc(null)).toBe('—');
    expect(formatUtc('yesterday')).toBe('—');
  });
});
