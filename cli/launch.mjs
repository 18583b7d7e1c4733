// Starts `npm run console` from a bundle of cli/console.ts: loading TypeScript through tsx costs
// most of a second per run, a prebuilt bundle a few milliseconds. The bundle is built with esbuild
// (which tsx ships) on the first run and again whenever one of its source files is newer, into an
// ignored cache folder, so a fresh clone needs nothing beyond `npm ci`. Plain JavaScript because it
// runs before any TypeScript tooling. package.json starts it with a 64 MB young generation: a status
// run of 2,000 files allocates tens of megabytes that all stay live, and the default young
// generation copied them through ten scavenges (~40 ms of a ~400 ms run).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const launcher = path.relative(root, fileURLToPath(import.meta.url));

function cacheDir() {
  const preferred = path.join(root, 'node_modules', '.cache', 'migration-console-cli');
  try {
    fs.mkdirSync(preferred, { recursive: true });
    fs.accessSync(preferred, fs.constants.W_OK);
    return preferred;
  } catch {
    // A read-only checkout: a per-checkout folder under the temp dir instead.
    const fallback = path.join(os.tmpdir(), `migration-console-cli-${Buffer.from(root).toString('base64url').slice(-24)}`);
    fs.mkdirSync(fallback, { recursive: true });
    return fallback;
  }
}

/**
 * The entry file of the current build when it exists and no input (its sources, this launcher)
 * changed since it was built; null otherwise.
 */
function freshEntry(manifest) {
  try {
    const { builtAt, inputs, entry } = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    const file = path.join(path.dirname(manifest), entry);
    if (!fs.existsSync(file)) return null;
    return inputs.every((input) => fs.statSync(path.join(root, input)).mtimeMs < builtAt) ? file : null;
  } catch {
    return null;
  }
}

async function build(dir, manifest) {
  // esbuild is a dependency of tsx (a dev dependency): resolve it from there, hoisted or not.
  const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'));
  const esbuild = await import(pathToFileURL(fromTsx.resolve('esbuild')).href);
  const builtAt = Date.now();
  // Each build gets its own folder, and the manifest (renamed into place, so atomically) points at
  // it: two first runs at once both finish with a whole build, and a running one keeps its files.
  const folder = `build-${builtAt}-${process.pid}`;
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { console: 'cli/console.ts' },
    outdir: path.join(dir, folder),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // Code splitting: each command's `await import()` becomes a chunk loaded when that command runs,
    // so `status` does not parse the push engine, the advisor or the drift check.
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // `server-only` resolves to its empty module, as under Next.js's server build.
    conditions: ['react-server'],
    // Loaded from node_modules only when a run needs them (database or API client).
    // PGlite (the drift check's shadow) and libpg-query (the SQL parser) find their WebAssembly files
    // next to their own modules.
    external: ['postgres', '@supabase/supabase-js', 'ws', '@electric-sql/pglite', '@electric-sql/pglite/*', '@libpg-query/parser'],
    metafile: true,
    logLevel: 'error',
  });
  const inputs = [...Object.keys(result.metafile.inputs), launcher];
  fs.writeFileSync(`${manifest}.${process.pid}.tmp`, JSON.stringify({ builtAt, inputs, entry: `${folder}/console.mjs` }));
  fs.renameSync(`${manifest}.${process.pid}.tmp`, manifest);
  // Older builds, once no run can still be loading chunks from them.
  for (const old of fs.readdirSync(dir)) {
    if (!old.startsWith('build-') || old === folder) continue;
    const stamp = Number(old.split('-')[1]);
    if (Number.isFinite(stamp) && builtAt - stamp > 60_000) fs.rmSync(path.join(dir, old), { recursive: true, force: true });
  }
  return path.join(dir, folder, 'console.mjs');
}

const dir = cacheDir();
const manifest = path.join(dir, 'build.json');
let entry = freshEntry(manifest);
if (!entry) {
  try {
    entry = await build(dir, manifest);
  } catch (error) {
    process.stderr.write(
      `Building the console command line failed: ${error instanceof Error ? error.message : String(error)}\n` +
        'Run it without the bundle: npx tsx --conditions=react-server cli/console.ts <command>\n',
    );
    process.exit(2);
  }
}
const { main } = await import(pathToFileURL(entry).href);
await main(process.argv.slice(2));
