/**
 * Drift of real projects, whole process: `npm run console -- drift --json --db-url … --dir …`
 * against a database the real Supabase CLI pushed the project into (after the platform bootstrap),
 * PGlite boot and bootstrap included, as a person runs it. The projects are the real fixtures the
 * CLI can push onto the dev stack's PostgreSQL (lib/drift/__fixtures__/real-projects); the others
 * need extensions PostgreSQL here does not have (pgvector, pg_tle, pg_net, http), so for them the
 * shadow replay alone is timed in-process, for information.
 * Goals, judged on the largest pushed project: ≤ 10 s for the whole `npm run console` process and
 * ≤ 400 MB peak memory of the process that makes the check (the Node running the console's command
 * line; npm's own share is printed beside it). Resident sets are read from /proc every 20 ms, so
 * the benchmark runs on Linux only.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '../devstack/ports';
import { startStack } from '../devstack/stack';
import { PROJECT_ROOT, createScratchProject } from '../devstack/testing/scratch-project';
import { readPlatformBootstrap } from '../lib/platform/bootstrap';
import { median } from './stats';
import type { Benchmark } from './types';

const GOAL_SECONDS = 10;
const GOAL_PEAK_MB = 400;
const FIXTURES = path.join(PROJECT_ROOT, 'lib', 'drift', '__fixtures__', 'real-projects');
const PUSHED = ['usebasejump-basejump', 'razikus-supabase-nextjs-template', 'vercel-nextjs-subscription-payments'];
const SHADOW_ONLY = ['supabase-dbdev', 'mckaywrigley-chatbot-ui', 'marmelab-atomic-crm'];

export const driftBenchmark: Benchmark = {
  name: 'drift',
  description: `drift of real projects, whole process (npm run console -- drift), PGlite boot included (goal on the largest pushed one: ≤ ${GOAL_SECONDS} s, peak ≤ ${GOAL_PEAK_MB} MB)`,
  async run(args: string[]): Promise<{ ok: boolean }> {
    const runs = Number(/^--runs=(\d+)$/.exec(args.find((arg) => arg.startsWith('--runs=')) ?? '')?.[1] ?? 3);
    return runDriftBenchmark(runs);
  },
};

/**
 * The largest resident set seen while a process tree runs, in bytes: of the whole tree (npm, sh,
 * Node) and of the console's own process (the Node running cli/launch.mjs, which makes the check).
 */
function watchPeakMemory(rootPid: number): { stop(): { tree: number; check: number } } {
  let tree = 0;
  let check = 0;
  const sample = () => {
    const children = new Map<number, number[]>();
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
      } catch {
        // The process ended while we looked.
      }
    }
    const pids = [rootPid];
    for (let i = 0; i < pids.length; i++) pids.push(...(children.get(pids[i]!) ?? []));
    let total = 0;
    for (const pid of pids) {
      try {
        const rss = Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
        total += rss;
        if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('launch.mjs')) check = Math.max(check, rss);
      } catch {
        // Ended meanwhile.
      }
    }
    tree = Math.max(tree, total);
  };
  const timer = setInterval(sample, 20);
  return {
    stop() {
      clearInterval(timer);
      return { tree, check };
    },
  };
}

type CommandRun = { ms: number; peakBytes: number; treePeakBytes: number; summary: string; driftCount: number };

function runDriftCommand(dbUrl: string, dir: string): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = execFile(
      'npm',
      ['run', '--silent', 'console', '--', 'drift', '--json', '--db-url', dbUrl, '--dir', dir],
      { cwd: PROJECT_ROOT, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 },
      (error, stdout, stderr) => {
        const ms = performance.now() - started;
        const peak = watcher.stop();
        const code = error ? error.code : 0;
        if (code !== 0 && code !== 1) return reject(new Error(`drift exited ${String(code)}: ${stderr.slice(-1500)}`));
        const report = JSON.parse(stdout) as { driftCount: number; shadow: { coverage: { summary: string } } };
        resolve({ ms, peakBytes: peak.check, treePeakBytes: peak.tree, summary: report.shadow.coverage.summary, driftCount: report.driftCount });
      },
    );
    const watcher = watchPeakMemory(child.pid ?? 0);
  });
}

export async function runDriftBenchmark(runs: number): Promise<{ ok: boolean }> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-bench-drift-'));
  const stack = await startStack({ stateDir, apiPort: await findFreePort(), dbPort: await findFreePort() });
  try {
    const rows: { project: string; files: number; lines: number; run: CommandRun; times: number[] }[] = [];
    for (const name of PUSHED) {
      const project = await createScratchProject(stack.dbUrl, `bench_drift_${name.slice(0, 16)}`);
      try {
        await project.sql.unsafe(readPlatformBootstrap(PROJECT_ROOT));
        fs.cpSync(path.join(FIXTURES, name, 'migrations'), project.migrationsDir, { recursive: true });
        const push = await project.cli('db', 'push', '--yes');
        if (push.code !== 0) throw new Error(`supabase db push of ${name} failed:\n${push.output.slice(-1500)}`);
        const files = fs.readdirSync(project.migrationsDir).filter((file) => file.endsWith('.sql'));
        const lines = files.reduce((sum, file) => sum + fs.readFileSync(path.join(project.migrationsDir, file), 'utf8').split('\n').length, 0);
        await runDriftCommand(project.url, project.migrationsDir); // warm-up: the command's bundle, the page cache
        const measured: CommandRun[] = [];
        for (let run = 0; run < runs; run++) measured.push(await runDriftCommand(project.url, project.migrationsDir));
        const times = measured.map((run) => run.ms);
        const middle = measured.find((run) => run.ms === median(times)) ?? measured[0]!;
        if (middle.driftCount !== 0) throw new Error(`${name}: the drift check reported ${middle.driftCount} differences on a freshly pushed project`);
        rows.push({
          project: name,
          files: files.length,
          lines,
          run: {
            ...middle,
            peakBytes: Math.max(...measured.map((run) => run.peakBytes)),
            treePeakBytes: Math.max(...measured.map((run) => run.treePeakBytes)),
          },
          times,
        });
      } finally {
        await project.drop();
      }
    }

    const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
    console.log(`\n  Whole process, median of ${runs} runs (after one warm-up); peak resident memory of the console's process (and of npm + it):`);
    for (const row of rows) {
      console.log(
        `    ${row.project.padEnd(36)} ${String(row.files).padStart(3)} files ${String(row.lines).padStart(5)} lines  ${(row.run.ms / 1000).toFixed(2)} s  peak ${mb(row.run.peakBytes)} (${mb(row.run.treePeakBytes)})  ${row.run.summary}; no drift`,
      );
    }

    // In-process, for information: the shadow replay of the projects the CLI cannot push here.
    const { Shadow } = await import('../lib/drift/shadow');
    const { readMigrationsFolder } = await import('../lib/migrations/read-folder');
    console.log('\n  Shadow replay only (in-process, PGlite boot included), projects the CLI cannot push onto this PostgreSQL:');
    for (const name of SHADOW_ONLY) {
      const folder = readMigrationsFolder(path.join(FIXTURES, name, 'migrations'));
      const started = performance.now();
      const shadow = await Shadow.create();
      const result = await shadow.applyFiles(
        folder.files.map((file) => ({ version: file.version ?? '', fileName: file.fileName, statements: file.statements ?? [] })),
      );
      await shadow.readCatalog();
      await shadow.close();
      console.log(
        `    ${name.padEnd(36)} ${String(folder.files.length).padStart(3)} files  ${((performance.now() - started) / 1000).toFixed(2)} s  (${result.applied.length} replayed in full)`,
      );
    }

    const largest = [...rows].sort((a, b) => b.lines - a.lines)[0]!;
    const seconds = largest.run.ms / 1000;
    const peakMb = largest.run.peakBytes / 1024 / 1024;
    const ok = seconds <= GOAL_SECONDS && peakMb <= GOAL_PEAK_MB;
    console.log(
      `  ${ok ? 'PASS' : 'MISS'}: largest pushed project (${largest.project}) ${seconds.toFixed(2)} s (goal ≤ ${GOAL_SECONDS} s), peak ${Math.round(peakMb)} MB (goal ≤ ${GOAL_PEAK_MB} MB)`,
    );
    return { ok };
  } finally {
    await stack.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
    if (stack.dataDir !== path.join(stateDir, 'postgres')) fs.rmSync(path.dirname(stack.dataDir), { recursive: true, force: true });
  }
}
