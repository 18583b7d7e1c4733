import { describe, expect, it } from 'vitest';
import { holdsAnyRole, holdsRole, isRole } from './roles';

describe('roles', () => {
  it('lets an admin act as an operator but not as support', () => {
    expect(holdsRole(['admin'], 'operator')).toBe(true);
    expect(holdsRole(['admin'], 'support')).toBe(false);
  });

  it('does not let an operator act as an admin', () => {
    expect(holdsRole(['operator'], 'admin')).toBe(false);
    expect(holdsAnyRole(['operator'], ['admin', 'support'])).toBe(false);
    expect(holdsAnyRole(['support'], ['admin', 'support'])).toBe(true);
  });

  it('gives nothing to a person without roles', () => {
    expect(holdsAnyRole([], ['operator', 'admin', 'support'])).toBe(false);
  });

  it('recognises only the three roles', () => {
    expect(isRole('operator')).toBe(true);
    expect(isRole('owner')).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });
});
