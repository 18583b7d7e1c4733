import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { recordedStatementsFile } from './fetch-file';
import { splitStatements } from '@/lib/sql/split-statements';

const corpora = ['../sql/__fixtures__/split-corpus/', '../sql/__fixtures__/risk-corpus/'].map((dir) => fileURLToPath(new URL(dir, import.meta.url)));

describe('recordedStatementsFile', () => {
  it('gives back, once split as the CLI splits, exactly the recorded statements of every corpus file', () => {
    let files = 0;
    for (const dir of corpora) {
      for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.sql'))) {
        const recorded = splitStatements(fs.readFileSync(path.join(dir, file), 'utf8'));
        const rebuilt = recordedStatementsFile(recorded);
        expect(rebuilt.exact, file).toBe(true);
        expect(splitStatements(rebuilt.text), file).toEqual(recorded);
        files += 1;
      }
    }
    expect(files).toBeGreaterThan(50);
  });

  it('keeps a trailing line comment from swallowing the semicolon', () => {
    const recorded = ['select 1 -- the answer', 'select 2'];
    expect(recordedStatementsFile(recorded)).toEqual({ text: 'select 1 -- the answer\n;\n\nselect 2;\n', exact: true });
  });
});
