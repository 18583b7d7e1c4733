/**
 * A client component that imports a module holding a secret (the service-role key, the database
 * URL) fails the production build instead of shipping the secret to the browser. The scan in
 * server-only.test.ts shows that those modules start with `import 'server-only'`; this test runs
 * the real `next build` to show that the marker stops such a build, naming the module.
 *
 * Each case builds a throwaway Next.js app (a layout, and a page that renders one 'use client'
 * component importing one real module of this repository). The probe lives inside the repository,
 * in the git-ignored .devstack/ folder, so that it resolves the repository's node_modules and
 * compiles the real lib/ files rather than copies; its next.config sets turbopack.root to the
 * repository root, since Turbopack compiles no file outside its root. A control case imports a
 * harmless module and builds, so the failures come from 'server-only', not from the probe.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SECRET_MODULES } from './secret-modules';

const root = fileURLToPath(new URL('../..', import.meta.url));
const BUILD_TIMEOUT_MS = 180_000;
const HARMLESS_MODULE = 'lib/ui/cn';

const PROBE_FILES: Record<string, string> = {
  'next.config.ts': `import path from 'node:path';
import type { NextConfig } from 'next';

const root = path.resolve(import.meta.dirname, '../..');
const config: NextConfig = {
  turbopack: { root },
  outputFileTracingRoot: root,
  // The probe checks bundling only; the repository's own type check covers the types.
  typescript: { ignoreBuildErrors: true },
};
export default config;
`,
  'tsconfig.json': `${JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        lib: ['dom', 'dom.iterable', 'esnext'],
        strict: true,
        noEmit: true,
        esModuleInterop: true,
        module: 'esnext',
        moduleResolution: 'bundler',
        resolveJsonModule: true,
        isolatedModules: true,
        jsx: 'react-jsx',
        skipLibCheck: true,
        // The repository's own alias, as its modules import one another with it.
        paths: { '@/*': ['../../*'] },
      },
      include: ['**/*.ts', '**/*.tsx'],
    },
    null,
    2,
  )}\n`,
  'app/layout.tsx': `export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
`,
  'app/page.tsx': `import { Probe } from './probe';

export default function Page() {
  return <Probe />;
}
`,
};

function clientComponent(module: string): string {
  return `'use client';
import * as probed from '@/${module}';

export function Probe() {
  return <p data-test="probe-exports">{Object.keys(probed).sort().join(',')}</p>;
}
`;
}

type BuildResult = { code: number | null; output: string; html: string | null };

/** Builds a probe app whose client component imports `module`, then removes the probe. */
async function buildProbe(module: string): Promise<BuildResult> {
  fs.mkdirSync(path.join(root, '.devstack'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(root, '.devstack', 'build-probe-'));
  try {
    for (const [file, text] of Object.entries({ ...PROBE_FILES, 'app/probe.tsx': clientComponent(module) })) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    const child = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], {
      cwd: dir,
      // Vitest runs with NODE_ENV=test, which `next build` would keep.
      env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    const page = path.join(dir, '.next', 'server', 'app', 'index.html');
    // Turbopack colours its code frames even when NO_COLOR is set.
    return { code, output: stripVTControlCharacters(output), html: fs.existsSync(page) ? fs.readFileSync(page, 'utf8') : null };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The errors of a failed Turbopack build by the file each points at: every error starts with a
 * line such as `./lib/env/server.ts:1:1` and runs until the next such line.
 */
function errorsByFile(output: string): Map<string, string[]> {
  const parts = output.split(/^\.\/(\S+?):\d+:\d+[ \t]*$/m);
  const errors = new Map<string, string[]>();
  for (let i = 1; i + 1 < parts.length; i += 2) {
    const file = parts[i]!;
    errors.set(file, [...(errors.get(file) ?? []), parts[i + 1]!]);
  }
  return errors;
}

describe("a client component that imports a secret-holding module fails the build ('server-only')", () => {
  it.each(SECRET_MODULES)(
    '%s',
    async (module) => {
      const { code, output } = await buildProbe(module);

      expect(code, output).not.toBe(0);
      // The module's own `import 'server-only'` is what stops the build, not only a module it imports.
      const ownErrors = errorsByFile(output).get(`${module}.ts`) ?? [];
      const serverOnly = ownErrors.find((error) => error.includes("'server-only' cannot be imported from a Client Component module"));
      expect(serverOnly, output).toBeDefined();
      expect(serverOnly).toMatch(/import 'server-only'/);
      expect(serverOnly).toMatch(/app\/probe\.tsx \[Client Component Browser\]/);
    },
    BUILD_TIMEOUT_MS,
  );

  it(
    `builds when the client component imports a harmless module instead (${HARMLESS_MODULE}: the probe itself works)`,
    async () => {
      const { code, output, html } = await buildProbe(HARMLESS_MODULE);

      expect(code, output).toBe(0);
      expect(output).not.toMatch(/server-only/);
      // The page was prerendered with the imported module's exports, so the import really was bundled.
      expect(html).toMatch(/data-test="probe-exports">cn</);
    },
    BUILD_TIMEOUT_MS,
  );
});
