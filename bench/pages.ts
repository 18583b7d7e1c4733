/**
 * The console's pages as a browser gets them, from the production build (`next start`):
 *
 *   1. First-load JavaScript: the gzip size of every script a route's HTML loads (script tags and
 *      script preloads), for each console route, against a bare Next.js app of the same version
 *      (a layout and a page, built the same way). Goal: each route ≤ 1.25× the bare app.
 *   2. Server time: p50/p95 of complete responses (last byte of the streamed HTML) of the
 *      overview, /migrations, /schema and /support as a signed-in member, against the large
 *      fixture (2,000 migrations, 300 tables, 900 policies, 1,000,000 profiles). Goal: p95 ≤ 250 ms.
 *
 * `npm run bench -- pages [--runs=N] [--profiles=N] [--no-build]` (--no-build reuses `.next`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createServerClient } from '@supabase/ssr';
import WebSocket from 'ws';
import { DEMO, DEMO_PASSWORD } from '../devstack/demo-people';
import { findFreePort } from '../devstack/ports';
import { PROJECT_ROOT } from '../devstack/stack';
import { LARGE_FIXTURE, createLargeFixture } from './large-fixture';
import { percentile } from './stats';
import type { Benchmark } from './types';

const GOAL_JS_RATIO = 1.25;
const GOAL_P95_MS = 250;
const NEXT_BIN = path.join(PROJECT_ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
/** Inside the project (git-ignored) so that it resolves the same node_modules, hence the same Next.js. */
const BARE_APP_DIR = path.join(PROJECT_ROOT, '.devstack', 'bench-bare-next');

/** Every route a member opens first, with who opens it; the timed ones are the issue's four. */
const ROUTES: { path: string; as: keyof typeof DEMO; timed: boolean }[] = [
  { path: '/', as: 'admin', timed: true },
  { path: '/migrations', as: 'admin', timed: true },
  { path: '/schema', as: 'admin', timed: true },
  { path: '/support', as: 'support', timed: true },
  { path: '/migrations/20250101000000', as: 'admin', timed: false },
  { path: '/schema/public/bench_t1', as: 'admin', timed: false },
  { path: '/schema/advisor', as: 'admin', timed: false },
  { path: '/pushes', as: 'admin', timed: false },
  { path: '/pushes/new', as: 'admin', timed: false },
  { path: '/members', as: 'admin', timed: false },
  { path: '/audit', as: 'admin', timed: false },
  { path: '/login', as: 'admin', timed: false },
];

type Options = { runs: number; profiles: number; build: boolean };

function parseOptions(args: readonly string[]): Options {
  const value = (name: string) => args.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
  return { runs: Number(value('runs') ?? 60), profiles: Number(value('profiles') ?? LARGE_FIXTURE.profiles), build: !args.includes('--no-build') };
}

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(command)} ${args.join(' ')} exited ${code}:\n${output.slice(-4000)}`)),
    );
  });
}

/** The smallest App Router app: a root layout and a page, nothing else. */
function writeBareApp() {
  fs.rmSync(BARE_APP_DIR, { recursive: true, force: true });
  fs.mkdirSync(path.join(BARE_APP_DIR, 'app'), { recursive: true });
  fs.writeFileSync(path.join(BARE_APP_DIR, 'package.json'), `${JSON.stringify({ name: 'bare-next', private: true }, null, 2)}\n`);
  // Its own (empty) config, as create-next-app writes it; without one Next.js would find the console's.
  fs.writeFileSync(
    path.join(BARE_APP_DIR, 'next.config.ts'),
    `import type { NextConfig } from 'next';\n\nconst nextConfig: NextConfig = {};\n\nexport default nextConfig;\n`,
  );
  fs.writeFileSync(
    path.join(BARE_APP_DIR, 'app', 'layout.tsx'),
    `export default function RootLayout({ children }: { children: React.ReactNode }) {\n  return (\n    <html lang="en">\n      <body>{children}</body>\n    </html>\n  );\n}\n`,
  );
  fs.writeFileSync(path.join(BARE_APP_DIR, 'app', 'page.tsx'), `export default function Home() {\n  return <h1>Hello</h1>;\n}\n`);
}

async function startNext(dir: string, port: number, env: Record<string, string>): Promise<{ url: string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, [NEXT_BIN, 'start', '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: dir,
    env: { ...process.env, ...env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start in ${path.relative(PROJECT_ROOT, dir) || '.'} exited ${child.exitCode}`);
    try {
      await fetch(url, { redirect: 'manual' });
      return { url, stop };
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`next start did not answer on ${url} within a minute`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Signs in with the real @supabase/ssr client and returns the Cookie header it would send. */
async function sessionCookie(apiUrl: string, anonKey: string, email: string): Promise<string> {
  const jar = new Map<string, string>();
  const supabase = createServerClient(apiUrl, anonKey, {
    cookies: {
      getAll: () => [...jar].map(([name, value]) => ({ name, value })),
      setAll: (cookies) => {
        for (const { name, value } of cookies) {
          if (value) jar.set(name, value);
          else jar.delete(name);
        }
      },
    },
    realtime: { transport: WebSocket as never },
  });
  const { error } = await supabase.auth.signInWithPassword({ email, password: DEMO_PASSWORD });
  if (error) throw new Error(`signing in ${email} failed: ${error.message}`);
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

async function getPage(url: string, cookie: string | null): Promise<{ status: number; html: string; ms: number }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) }, redirect: 'manual' });
  const html = await response.text();
  return { status: response.status, html, ms: performance.now() - started };
}

/** The scripts an HTML document makes the browser load: `<script src>` and `<link rel=preload as=script>`. */
function scriptUrls(html: string, base: string): string[] {
  const urls = new Set<string>();
  for (const match of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) urls.add(new URL(match[1]!.replaceAll('&amp;', '&'), base).href);
  for (const match of html.matchAll(/<link\b[^>]*>/g)) {
    const tag = match[0];
    if (!/\bas="script"/.test(tag) || !/\brel="(preload|modulepreload)"/.test(tag)) continue;
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
    if (href) urls.add(new URL(href.replaceAll('&amp;', '&'), base).href);
  }
  return [...urls];
}

const gzipCache = new Map<string, number>();

async function firstLoadJs(url: string, cookie: string | null): Promise<{ bytes: number; scripts: number }> {
  const page = await getPage(url, cookie);
  if (page.status !== 200) throw new Error(`${url} answered ${page.status}`);
  let bytes = 0;
  const scripts = scriptUrls(page.html, url);
  for (const script of scripts) {
    let size = gzipCache.get(script);
    if (size === undefined) {
      const response = await fetch(script);
      if (!response.ok) throw new Error(`${script} answered ${response.status}`);
      size = gzipSync(Buffer.from(await response.arrayBuffer()), { level: 9 }).length;
      gzipCache.set(script, size);
    }
    bytes += size;
  }
  return { bytes, scripts: scripts.length };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

export async function runPagesBenchmark(options: Options): Promise<{ ok: boolean }> {
  const totalStarted = performance.now();
  console.log(
    `  load average ${os
      .loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')} on ${os.cpus().length} CPUs`,
  );
  writeBareApp();
  let started = performance.now();
  if (options.build) await run(process.execPath, [NEXT_BIN, 'build'], PROJECT_ROOT);
  await run(process.execPath, [NEXT_BIN, 'build'], BARE_APP_DIR);
  console.log(`  production builds (console${options.build ? '' : ' reused'}, bare app): ${((performance.now() - started) / 1000).toFixed(0)} s`);

  started = performance.now();
  console.log('  large fixture:');
  const fixture = await createLargeFixture({ ...LARGE_FIXTURE, profiles: options.profiles });
  const { counts } = fixture;
  console.log(
    `  fixture ready in ${((performance.now() - started) / 1000).toFixed(0)} s: ${counts.files} files (${counts.applied} applied), ${counts.tables} tables, ${counts.policies} policies, ${counts.profiles.toLocaleString('en')} profiles`,
  );

  const bare = await startNext(BARE_APP_DIR, await findFreePort(), {});
  const app = await startNext(PROJECT_ROOT, await findFreePort(), { ...fixture.stack.env, CONSOLE_MIGRATIONS_DIR: fixture.migrationsDir });
  try {
    const cookies = {} as Record<keyof typeof DEMO, string>;
    for (const person of new Set(ROUTES.map((route) => route.as)))
      cookies[person] = await sessionCookie(fixture.stack.apiUrl, fixture.stack.anonKey, DEMO[person]);
    const cookieFor = (route: (typeof ROUTES)[number]) => (route.path === '/login' ? null : cookies[route.as]);

    // 1. First-load JavaScript.
    const bareJs = await firstLoadJs(`${bare.url}/`, null);
    console.log(`\n  First-load JavaScript (gzip -9 of every script the HTML loads), bare Next.js app: ${kb(bareJs.bytes)} in ${bareJs.scripts} scripts`);
    console.log(`    ${'route'.padEnd(30)} ${'JS'.padStart(9)} ${'scripts'.padStart(8)} ${'× bare'.padStart(7)}`);
    const jsRows: { path: string; bytes: number; ratio: number }[] = [];
    for (const route of ROUTES) {
      const js = await firstLoadJs(`${app.url}${route.path}`, cookieFor(route));
      const ratio = js.bytes / bareJs.bytes;
      jsRows.push({ path: route.path, bytes: js.bytes, ratio });
      console.log(
        `    ${route.path.padEnd(30)} ${kb(js.bytes).padStart(9)} ${String(js.scripts).padStart(8)} ${ratio.toFixed(2).padStart(7)}${ratio > GOAL_JS_RATIO ? '  MISSED' : ''}`,
      );
    }
    const worstJs = Math.max(...jsRows.map((row) => row.ratio));
    const jsOk = worstJs <= GOAL_JS_RATIO;
    console.log(`  ${jsOk ? 'PASS' : 'MISS'}: largest route ${worstJs.toFixed(2)}× the bare app (goal ≤ ${GOAL_JS_RATIO}×)`);

    // 2. Server time: warm each page, then round-robin so a busy moment of the machine hits all alike.
    const timed = ROUTES.filter((route) => route.timed);
    const samples = new Map(timed.map((route) => [route.path, [] as number[]]));
    for (const route of timed) {
      for (let i = 0; i < 3; i++) {
        const page = await getPage(`${app.url}${route.path}`, cookieFor(route));
        if (page.status !== 200) throw new Error(`${route.path} answered ${page.status}`);
      }
    }
    for (let i = 0; i < options.runs; i++) {
      for (const route of timed) {
        const page = await getPage(`${app.url}${route.path}`, cookieFor(route));
        if (page.status !== 200 || page.html.includes('data-test="page-error"')) throw new Error(`${route.path} did not render (${page.status})`);
        samples.get(route.path)!.push(page.ms);
      }
    }
    console.log(`\n  Server time of the complete response on next start, ${options.runs} requests each after 3 warm-ups (goal p95 ≤ ${GOAL_P95_MS} ms):`);
    console.log(`    ${'page'.padEnd(14)} ${'p50'.padStart(9)} ${'p95'.padStart(9)} ${'max'.padStart(9)}`);
    const timeRows = timed.map((route) => {
      const values = samples.get(route.path)!;
      const row = { path: route.path, p50: percentile(values, 50), p95: percentile(values, 95), max: Math.max(...values) };
      console.log(
        `    ${route.path.padEnd(14)} ${`${row.p50.toFixed(1)} ms`.padStart(9)} ${`${row.p95.toFixed(1)} ms`.padStart(9)} ${`${row.max.toFixed(1)} ms`.padStart(9)}${row.p95 > GOAL_P95_MS ? '  MISSED' : ''}`,
      );
      return row;
    });
    const worstP95 = Math.max(...timeRows.map((row) => row.p95));
    const timeOk = worstP95 <= GOAL_P95_MS;
    console.log(`  ${timeOk ? 'PASS' : 'MISS'}: slowest p95 ${worstP95.toFixed(1)} ms (goal ≤ ${GOAL_P95_MS} ms)`);
    console.log(`  total run ${((performance.now() - totalStarted) / 1000).toFixed(0)} s`);

    const resultsDir = path.join(PROJECT_ROOT, 'bench', 'results');
    fs.mkdirSync(resultsDir, { recursive: true });
    const at = new Date().toISOString();
    const result = {
      benchmark: 'pages',
      at,
      cpus: os.availableParallelism(),
      fixture: counts,
      bareJsBytes: bareJs.bytes,
      js: jsRows,
      serverTimes: timeRows,
      runs: options.runs,
      ok: jsOk && timeOk,
    };
    fs.writeFileSync(path.join(resultsDir, `pages-${at.replace(/[:.]/g, '-')}.json`), `${JSON.stringify(result, null, 2)}\n`);
    return { ok: jsOk && timeOk };
  } finally {
    await app.stop();
    await bare.stop();
    await fixture.stop();
  }
}

export const pagesBenchmark: Benchmark = {
  name: 'pages',
  description: `first-load JS per route vs a bare Next.js app (≤ ${GOAL_JS_RATIO}×); p50/p95 of /, /migrations, /schema, /support on next start with the large fixture (p95 ≤ ${GOAL_P95_MS} ms)`,
  run: (args) => runPagesBenchmark(parseOptions(args)),
};
