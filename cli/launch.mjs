// Starts `npm run console` from a bundle of cli/console.ts: loading TypeScript through tsx costs
// most of a second per run, a prebuilt bundle a few milliseconds. The bundle is built with esbuild
// (which tsx ships) on the first run and again whenever one of its source files is newer, into an
// ignored cache folder, so a fresh clone needs nothing beyond `npm ci`. Plain JavaScript because it
// runs before any TypeScript tooling.
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

/** True when the bundle exists and no input (its sources, this launcher) changed since it was built. */
function isFresh(bundle, manifest) {
  try {
    const { builtAt, inputs } = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    if (!fs.existsSync(bundle)) return false;
    return inputs.every((input) => fs.statSync(path.join(root, input)).mtimeMs < builtAt);
  } catch {
    return false;
  }
}

async function build(bundle, manifest) {
  // esbuild is a dependency of tsx (a dev dependency): resolve it from there, hoisted or not.
  const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'));
  const esbuild = await import(pathToFileURL(fromTsx.resolve('esbuild')).href);
  const builtAt = Date.now();
  const temporary = `${bundle}.${process.pid}.tmp`;
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['cli/console.ts'],
    outfile: temporary,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // `server-only` resolves to its empty module, as under Next.js's server build.
    conditions: ['react-server'],
    // Loaded from node_modules only when a run needs them (database or API client).
    // PGlite (the drift check's shadow) finds its WebAssembly and data files next to its own modules.
    external: ['postgres', '@supabase/supabase-js', 'ws', '@electric-sql/pglite', '@electric-sql/pglite/*'],
    metafile: true,
    logLevel: 'error',
  });
  // Renames are atomic: two first runs at once both finish with a whole bundle.
  fs.renameSync(temporary, bundle);
  const inputs = [...Object.keys(result.metafile.inputs), launcher];
  fs.writeFileSync(`${manifest}.${process.pid}.tmp`, JSON.stringify({ builtAt, inputs }));
  fs.renameSync(`${manifest}.${process.pid}.tmp`, manifest);
}

const dir = cacheDir();
const bundle = path.join(dir, 'console.mjs');
const manifest = path.join(dir, 'inputs.json');
if (!isFresh(bundle, manifest)) {
  try {
    await build(bundle, manifest);
  } catch (error) {
    process.stderr.write(
      `Building the console command line failed: ${error instanceof Error ? error.message : String(error)}\n` +
        'Run it without the bundle: npx tsx --conditions=react-server cli/console.ts <command>\n',
    );
    process.exit(2);
  }
}
const { main } = await import(pathToFileURL(bundle).href);
await main(process.argv.slice(2));
