/**
 * `npm run bench [-- <name>…] [--option=value…]`: runs the named benchmarks (all when none is
 * named), one after the other, and exits non-zero when one misses its goal. Each benchmark starts
 * what it needs (its own dev stack on free ports) and prints its figures against its goal.
 * To add one: export a `Benchmark` from a file in bench/ and list it below.
 */
import { catalogBenchmark } from './catalog';
import { driftBenchmark } from './drift';
import { pagesBenchmark } from './pages';
import { parseBenchmark } from './parse';
import { pushBenchmark } from './push';
import { statusBenchmark } from './status';
import { supportSearchBenchmark } from './support-search';
import type { Benchmark } from './types';
import { ensureSqlParser } from '../lib/sql/parser';

const BENCHMARKS: readonly Benchmark[] = [
  parseBenchmark,
  statusBenchmark,
  catalogBenchmark,
  supportSearchBenchmark,
  pushBenchmark,
  driftBenchmark,
  pagesBenchmark,
];

async function main(argv: string[]): Promise<number> {
  const names = argv.filter((arg) => !arg.startsWith('--'));
  const options = argv.filter((arg) => arg.startsWith('--'));
  const unknown = names.filter((name) => !BENCHMARKS.some((benchmark) => benchmark.name === name));
  if (unknown.length) {
    console.error(`Unknown benchmark ${unknown.join(', ')}. Available:\n${BENCHMARKS.map((b) => `  ${b.name.padEnd(20)} ${b.description}`).join('\n')}`);
    return 2;
  }
  const selected = names.length ? BENCHMARKS.filter((benchmark) => names.includes(benchmark.name)) : BENCHMARKS;
  // Migrations are read through PostgreSQL's parser, which loads once per process.
  await ensureSqlParser();
  let failed = 0;
  for (const benchmark of selected) {
    console.log(`\n== ${benchmark.name}: ${benchmark.description}`);
    const result = await benchmark.run(options);
    if (!result.ok) failed += 1;
  }
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
