import hljs from 'highlight.js/lib/core';
import pgsql from 'highlight.js/lib/languages/pgsql';

hljs.registerLanguage('pgsql', pgsql);

/**
 * SQL to highlighted HTML, on the server (no highlighter reaches the browser). highlight.js
 * escapes the source text, so the result is safe to insert as HTML.
 */
export function highlightSql(sql: string): string {
  return hljs.highlight(sql, { language: 'pgsql', ignoreIllegals: true }).value;
}

/**
 * Highlighted SQL as one HTML string per source line. Spans that cross a line break (block
 * comments, strings, dollar-quoted bodies) are closed at the end of each line and reopened on the
 * next, so every line is well-formed HTML on its own.
 */
export function highlightSqlLines(sql: string): string[] {
  const html = highlightSql(sql);
  const lines: string[] = [];
  const open: string[] = [];
  let current = '';
  let index = 0;
  while (index < html.length) {
    const char = html[index]!;
    if (char === '<') {
      const end = html.indexOf('>', index);
      const tag = html.slice(index, end + 1);
      if (tag.startsWith('</')) open.pop();
      else open.push(tag);
      current += tag;
      index = end + 1;
    } else if (char === '\n') {
      lines.push(current + '</span>'.repeat(open.length));
      current = open.join('');
      index++;
    } else {
      current += char;
      index++;
    }
  }
  lines.push(current);
  return lines;
}
