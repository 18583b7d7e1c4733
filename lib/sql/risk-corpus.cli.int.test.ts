/**
 * The risk corpus against the real Supabase CLI: each file is pushed alone with `supabase db push`
 * into a scratch database of its own. Where the CLI applies it, the statements it recorded must
 * equal the console's split exactly; where it fails (broken SQL, statements PostgreSQL refuses in
 * the CLI's batch), the statement it names ("At statement: N") must be the console's statement N.
 * Either way the console and the CLI cut every file the same way.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { superuserSql } from '@/devstack/testing/clients';
import { cliDbUrl, createScratchDatabase, runSupabaseCli, type ScratchDatabase } from '@/devstack/testing/push-fixtures';
import { splitStatements } from './split-statements';

const corpusDir = fileURLToPath(new URL('./__fixtures__/risk-corpus/', import.meta.url));
const corpus = fs
  .readdirSync(corpusDir)
  .filter((file) => file.endsWith('.sql'))
  .sort();
const VERSION = '20240101000000';

// What the risky files act on, so that the ones that can run do run.
const PRELUDE = `
  create table public.corpus_t (id int, legacy int, flag boolean);
  create table public.corpus_old (id int);
  create index corpus_idx on public.corpus_t (id);
  create schema corpus_scratch;
  create type public.corpus_mood as enum ('ok');
  create table public.corpus_ok (id int);
`;

const admin = superuserSql();
let workRoot = '';

beforeAll(() => {
  workRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'risk-corpus-cli-'));
});

afterAll(async () => {
  // ALTER SYSTEM may have run (the CLI does not refuse it): leave the cluster as it was.
  await admin.unsafe('alter system reset work_mem').catch(() => {});
  await admin.end();
  fs.rmSync(workRoot, { recursive: true, force: true });
});

describe('the risk corpus is split as the real CLI splits it', () => {
  it.for(corpus)('%s', async (file) => {
    const db: ScratchDatabase = await createScratchDatabase(admin, 'risk');
    const name = file.slice(0, -'.sql'.length);
    const root = path.join(workRoot, name.replace(/\s/g, '_'));
    const migrations = path.join(root, 'supabase', 'migrations');
    fs.mkdirSync(migrations, { recursive: true });
    fs.copyFileSync(path.join(corpusDir, file), path.join(migrations, `${VERSION}_${name}.sql`));
    try {
      await db.sql.unsafe(PRELUDE);
      const run = await runSupabaseCli(['db', 'push', '--db-url', cliDbUrl(db), '--yes'], root);
      const statements = splitStatements(fs.readFileSync(path.join(corpusDir, file), 'utf8'));
      if (run.code === 0) {
        const [row] = await db.sql<{ statements: string[] }[]>`select statements from supabase_migrations.schema_migrations where version = ${VERSION}`;
        expect(row?.statements, run.output).toEqual(statements);
      } else {
        const at = /At statement: (\d+)\n/.exec(run.output);
        expect(at, run.output).not.toBeNull();
        const index = Number(at![1]);
        expect(index, run.output).toBeLessThan(statements.length);
        // The CLI prints the statement it was running right after its index.
        const printed = run.output.slice(at!.index + at![0].length);
        expect(printed.startsWith(statements[index]!.split('\n')[0]!.replace(/\u0000/g, '')), run.output).toBe(true);
      }
    } finally {
      await db.drop();
    }
  });
});
