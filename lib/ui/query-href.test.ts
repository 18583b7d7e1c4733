import { describe, expect, it } from 'vitest';
import { queryHref } from './query-href';

describe('queryHref', () => {
  it('leaves out empty values and defaults', () => {
    expect(queryHref('/migrations', { status: 'pending', q: '', module: undefined, sort: 'version', page: 1 }, { sort: 'version', page: 1 })).toBe(
      '/migrations?status=pending',
    );
  });
  it('returns the bare path when nothing is set', () => {
    expect(queryHref('/schema', { q: undefined })).toBe('/schema');
  });
  it('encodes values', () => {
    expect(queryHref('/audit', { actor: 'a b@x', before: 42 })).toBe('/audit?actor=a+b%40x&before=42');
  });
});
