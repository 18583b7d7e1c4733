import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, newNonce, staticSecurityHeaders } from './headers';

describe('contentSecurityPolicy', () => {
  it('allows scripts only with the nonce in production, never unsafe-inline scripts', () => {
    const policy = contentSecurityPolicy('abc123', false);
    const scripts = policy.split('; ').find((directive) => directive.startsWith('script-src'))!;
    expect(scripts).toContain("'nonce-abc123'");
    expect(scripts).not.toContain('unsafe-inline');
    expect(scripts).not.toContain('unsafe-eval');
    expect(policy).toContain("frame-ancestors 'none'");
  });
  it('allows eval only in development, for React’s debugging', () => {
    expect(contentSecurityPolicy('n', true)).toContain("'unsafe-eval'");
  });
});

describe('staticSecurityHeaders', () => {
  it('sends HSTS outside development only', () => {
    expect(staticSecurityHeaders(false).map((header) => header.key)).toContain('Strict-Transport-Security');
    expect(staticSecurityHeaders(true).map((header) => header.key)).not.toContain('Strict-Transport-Security');
  });
});

describe('newNonce', () => {
  it('is random and base64', () => {
    const a = newNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(newNonce()).not.toBe(a);
  });
});
