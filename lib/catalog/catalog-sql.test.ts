import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG_SQL, PLATFORM_SCHEMAS } from './catalog-sql';

const MIGRATIONS = path.join(process.cwd(), 'supabase', 'migrations');

/** The body of the newest migration that (re)defines console.catalog, without its indentation. */
function catalogQueryInMigrations(): { file: string; query: string } {
  const files = fs
    .readdirSync(MIGRATIONS)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .reverse();
  for (const file of files) {
    const text = fs.readFileSync(path.join(MIGRATIONS, file), 'utf8');
    if (!/create or replace function console\.catalog\(/i.test(text)) continue;
    const match = /\n  return \(\n([\s\S]*?)\n  \);\nend;\n\$catalog\$/.exec(text);
    if (!match?.[1]) throw new Error(`${file} defines console.catalog but its body has an unexpected layout`);
    return {
      file,
      query: match[1]
        .split('\n')
        .map((line) => line.replace(/^ {4}/, ''))
        .join('\n'),
    };
  }
  throw new Error('no migration defines console.catalog');
}

describe('CATALOG_SQL', () => {
  it('is exactly the query inside console.catalog(), so the API and direct connections read the same catalog', () => {
    const { file, query } = catalogQueryInMigrations();
    expect(file).toMatch(/_console_catalog[a-z_]*\.sql$/);
    expect(query).toBe(CATALOG_SQL);
  });
  it('leaves out every platform schema it documents', () => {
    for (const schema of PLATFORM_SCHEMAS) expect(CATALOG_SQL).toContain(`'${schema}'`);
  });
});
