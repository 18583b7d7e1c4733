import { describe, expect, it } from 'vitest';
import { projectUnreachable } from './unreachable';

describe('projectUnreachable', () => {
  it('counts no answer, gateway failures and PostgREST connection errors as unreachable', () => {
    expect(projectUnreachable({ status: 0, code: '' })).toBe(true);
    expect(projectUnreachable({ status: 503, code: 'PGRST001' })).toBe(true);
    expect(projectUnreachable({ status: 504, code: 'PGRST003' })).toBe(true);
    expect(projectUnreachable({ status: 502 })).toBe(true);
    expect(projectUnreachable({ status: 522 })).toBe(true);
    expect(projectUnreachable({ status: 540 })).toBe(true);
  });

  it('treats any other answer as the project speaking, not as an outage', () => {
    expect(projectUnreachable({ status: 400, code: '22023' })).toBe(false);
    expect(projectUnreachable({ status: 401, code: 'PGRST301' })).toBe(false);
    expect(projectUnreachable({ status: 403, code: '42501' })).toBe(false);
    expect(projectUnreachable({ status: 404, code: 'PGRST202' })).toBe(false);
    expect(projectUnreachable({ status: 500, code: 'XX000' })).toBe(false);
  });
});
