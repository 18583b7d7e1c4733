import { describe, expect, it } from 'vitest';
import { highlightSql, highlightSqlLines } from './highlight-sql';

describe('highlightSql', () => {
  it('marks keywords and escapes the text', () => {
    const html = highlightSql("select '<script>alert(1)</script>' from t");
    expect(html).toContain('<span class="hljs-keyword">select</span>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });
});

describe('highlightSqlLines', () => {
  it('closes and reopens spans that cross lines', () => {
    const lines = highlightSqlLines('select 1; /* a\nb */ select 2;');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect((line.match(/<span/g) ?? []).length).toBe((line.match(/<\/span>/g) ?? []).length);
    }
    expect(lines[1]).toMatch(/^<span class="hljs-comment">b \*\/<\/span>/);
  });
});
