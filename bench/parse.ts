/**
 * Reading migrations with PostgreSQL's parser, cold: 2,000 files × 4 statements (a table, an index,
 * an added column, a policy), each file reviewed the way the folder reading reviews it (every
 * statement parsed once, transaction safety, destructive statements, oddities), against the
 * floor: libpg-query's bare `parseSync` on the same 8,000 statements. Both in this process,
 * alternating, median of 5 runs (parse trees are never kept, so every run is cold). Lock impact,
 * a step of its own on the request pages, is timed beside them for information.
 * Goal: review ≤ 1.2× the bare parser.
 *
 * Then the warm path a long-running server takes: status of the same folder read again with the
 * content cache (split and review kept by SHA-256), which must stay in the tens of milliseconds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseSync } from '@libpg-query/parser';
import { clearContentCache, readMigrationsFolder } from '../lib/migrations/read-folder';
import { splitStatements } from '../lib/sql/split-statements';
import { computeStatus } from '../lib/migrations/status';
import { fileLocks } from '../lib/sql/lock-impact';
import { ensureSqlParser, parseStatement } from '../lib/sql/parser';
import { reviewMigrationText } from '../lib/sql/review-file';
import { median } from './stats';
import type { Benchmark } from './types';

const GOAL_RATIO = 1.2;
const MODULES = ['aloha', 'sync', 'insights', 'studio'];

function fileSql(index: number): string {
  const module = MODULES[index % MODULES.length]!;
  const table = `public.${module}_things_${index}`;
  return [
    `-- module: ${module}`,
    `create table if not exists ${table} (id bigint generated always as identity primary key, owner uuid not null references auth.users (id), label text not null default 'new', created_at timestamptz not null default now());`,
    `create index if not exists ${module}_things_${index}_owner_idx on ${table} (owner, created_at desc);`,
    `alter table ${table} add column if not exists note text;`,
    `create policy "${module} ${index} owners" on ${table} for select to authenticated using ((select auth.uid()) = owner);`,
    '',
  ].join('\n');
}

export const parseBenchmark: Benchmark = {
  name: 'parse',
  description: `review of 2,000 files × 4 statements with PostgreSQL's parser, cold, vs the bare parser (goal: ratio ≤ ${GOAL_RATIO.toFixed(1)})`,
  async run(args) {
    const files = Number(args.find((arg) => arg.startsWith('--files='))?.split('=')[1] ?? 2000);
    return runParseBenchmark(files);
  },
};

export async function runParseBenchmark(fileCount: number): Promise<{ ok: boolean }> {
  await ensureSqlParser();
  const texts = Array.from({ length: fileCount }, (_, index) => fileSql(index));
  const split = texts.map((text) => splitStatements(text));
  const statements = split.flat();
  console.log(`  ${fileCount} files, ${statements.length} statements`);

  const bare = () => {
    const started = performance.now();
    for (const statement of statements) parseSync(statement);
    return performance.now() - started;
  };
  // What the folder reading does with each file: every statement parsed once and classified.
  const ours = () => {
    const started = performance.now();
    texts.forEach((text, index) => reviewMigrationText(text, split[index]!));
    return performance.now() - started;
  };
  // Lock impact is a step of its own (the request and migration pages), timed for information.
  const locks = () => {
    const started = performance.now();
    for (const fileStatements of split) {
      fileLocks(
        fileStatements.map((statement) => {
          const parsed = parseStatement(statement);
          return parsed.ok ? parsed.nodes : null;
        }),
      );
    }
    return performance.now() - started;
  };
  bare();
  ours();
  locks();
  const bareMs: number[] = [];
  const oursMs: number[] = [];
  const locksMs: number[] = [];
  for (let run = 0; run < 5; run++) {
    bareMs.push(bare());
    oursMs.push(ours());
    locksMs.push(locks());
  }
  const floor = median(bareMs);
  const review = median(oursMs);
  const ratio = review / floor;
  const ok = ratio <= GOAL_RATIO;
  console.log(`    libpg-query parseSync, bare (the floor)       ${floor.toFixed(0)} ms  (${((floor * 1000) / statements.length).toFixed(1)} µs a statement)`);
  console.log(
    `    review: parse + classify every statement      ${review.toFixed(0)} ms  (${((review * 1000) / statements.length).toFixed(1)} µs a statement)`,
  );
  console.log(`    ratio review / bare parser                    ${ratio.toFixed(2)}  goal ≤ ${GOAL_RATIO.toFixed(1)}: ${ok ? 'met' : 'MISSED'}`);
  console.log(`    lock impact, parse + locks (information)      ${median(locksMs).toFixed(0)} ms  (a step of its own, for pending files only)`);

  // The warm path: a server reading the same folder again keeps each file's split and review.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-parse-'));
  try {
    texts.forEach((text, index) => fs.writeFileSync(path.join(dir, `${20240101000000 + index}_things_${index}.sql`), text));
    clearContentCache();
    let started = performance.now();
    computeStatus(readMigrationsFolder(dir).files, []);
    const coldStatus = performance.now() - started;
    const warm: number[] = [];
    for (let run = 0; run < 5; run++) {
      started = performance.now();
      computeStatus(readMigrationsFolder(dir).files, []);
      warm.push(performance.now() - started);
    }
    console.log(`    status of the folder, first reading           ${coldStatus.toFixed(0)} ms (read, split, parse, review)`);
    console.log(`    status of the folder, content cached          ${median(warm).toFixed(1)} ms (median of 5; read and hash, no parse)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`  ${ok ? 'PASS' : 'MISS'}: review ${ratio.toFixed(2)}× the bare parser`);
  return { ok };
}
