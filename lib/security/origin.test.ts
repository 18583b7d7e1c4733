import { describe, expect, it } from 'vitest';
import { refusesOrigin } from './origin';

const headers = (values: Record<string, string>) => new Headers(values);

describe('refusesOrigin', () => {
  it('lets reads through without an Origin', () => {
    expect(refusesOrigin('GET', headers({ host: 'console.test' }))).toBeNull();
    expect(refusesOrigin('HEAD', headers({}))).toBeNull();
  });
  it('accepts a POST from the same host', () => {
    expect(refusesOrigin('POST', headers({ host: '127.0.0.1:3100', origin: 'http://127.0.0.1:3100' }))).toBeNull();
    expect(refusesOrigin('POST', headers({ host: 'internal:3000', 'x-forwarded-host': 'console.test', origin: 'https://console.test' }))).toBeNull();
  });
  it('refuses a POST without an Origin, with a null Origin, or from another site', () => {
    expect(refusesOrigin('POST', headers({ host: 'console.test' }))).toMatch(/Origin/);
    expect(refusesOrigin('POST', headers({ host: 'console.test', origin: 'null' }))).toMatch(/Origin/);
    expect(refusesOrigin('POST', headers({ host: 'console.test', origin: 'http://evil.example' }))).toMatch(/other sites/);
    expect(refusesOrigin('DELETE', headers({ host: 'console.test', origin: 'http://console.test.evil.example' }))).toMatch(/other sites/);
    expect(refusesOrigin('POST', headers({ host: 'console.test', origin: 'not a url' }))).toMatch(/valid/);
  });
});
