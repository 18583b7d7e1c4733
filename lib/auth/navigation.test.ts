import { describe, expect, it } from 'vitest';
import { navigationFor } from './navigation';

describe('navigationFor', () => {
  it('shows admins the member and audit pages', () => {
    expect(navigationFor(['admin']).map((item) => item.href)).toEqual(['/', '/migrations', '/schema', '/pushes', '/repairs', '/members', '/audit']);
  });
  it('hides admin pages from operators, and migrations and schema from support', () => {
    expect(navigationFor(['operator']).map((item) => item.href)).toEqual(['/', '/migrations', '/schema', '/pushes', '/repairs']);
    expect(navigationFor(['support']).map((item) => item.href)).toEqual(['/', '/support']);
  });
  it('shows nothing to a non-member', () => {
    expect(navigationFor([])).toEqual([]);
  });
});
