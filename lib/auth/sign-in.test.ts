import { describe, expect, it } from 'vitest';
import { safeNextPath, signInErrorMessage } from './sign-in';

describe('safeNextPath', () => {
  it('keeps same-site paths', () => {
    expect(safeNextPath('/members?x=1')).toBe('/members?x=1');
  });
  it('refuses other hosts and odd forms', () => {
    for (const next of ['https://evil.example', '//evil.example', '/\\evil.example', 'members', '', null, undefined]) {
      expect(safeNextPath(next)).toBe('/');
    }
  });
});

describe('signInErrorMessage', () => {
  it('explains wrong credentials in plain words', () => {
    expect(signInErrorMessage({ code: 'invalid_credentials', status: 400 })).toMatch(/do not match/);
  });
  it('says when Auth is unreachable', () => {
    expect(signInErrorMessage({ name: 'AuthRetryableFetchError', status: 0 })).toMatch(/cannot be reached/);
  });
});
