/**
 * Each boundary rule of eslint/boundaries.mjs fires on a file that breaks it, and stays quiet on
 * one that keeps it: ESLint lints small sources as if they sat at the paths the rules look at.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { boundaries } from './boundaries.mjs';

const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    { files: ['**/*.{ts,tsx}'], languageOptions: { parser: tseslint.parser }, plugins: { '@typescript-eslint': tseslint.plugin } },
    ...boundaries,
  ],
});

async function findings(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
}

describe('boundary rules', () => {
  it('lib/ never imports app/ or components/', async () => {
    expect(await findings('lib/migrations/x.ts', "import { signIn } from '@/app/login/actions';\nexport const a = signIn;\n")).toEqual([
      expect.stringMatching(/^@typescript-eslint\/no-restricted-imports: .*lib\/ never imports app\/ or components\//),
    ]);
    expect(await findings('lib/migrations/x.ts', "import { Button } from '../../components/ui/button';\nexport const b = Button;\n")).toHaveLength(1);
    expect(await findings('lib/migrations/x.ts', "import { compareVersions } from './order';\nexport const c = compareVersions;\n")).toEqual([]);
  });

  it('components/ import no loader, client, viewer or server-only module, except their types', async () => {
    expect(await findings('components/x/y.tsx', "import { getViewer } from '@/lib/auth/viewer';\nexport const v = getViewer;\n")).toEqual([
      expect.stringMatching(/^@typescript-eslint\/no-restricted-imports: .*Components receive data and actions as props/),
    ]);
    expect(
      await findings('components/x/y.tsx', "import { loadStatusReport } from '@/lib/migrations/load-status';\nexport const l = loadStatusReport;\n"),
    ).toHaveLength(1);
    expect(await findings('components/x/y.tsx', "import { createClient } from '@supabase/supabase-js';\nexport const c = createClient;\n")).toHaveLength(1);
    // A server-only module of lib/supabase/: named by both the server-only list and the folder's pattern.
    expect(
      (await findings('components/x/y.tsx', "import { createClient } from '@/lib/supabase/server';\nexport const c = createClient;\n")).length,
    ).toBeGreaterThan(0);
    expect(await findings('components/x/y.tsx', "import 'server-only';\n")).toHaveLength(1);
    // Types are fine: a component describes what it is given.
    expect(await findings('components/x/y.tsx', "import type { Viewer } from '@/lib/auth/viewer';\nexport type V = Viewer;\n")).toEqual([]);
    expect(await findings('components/x/y.tsx', "import { cn } from '@/lib/ui/cn';\nexport const c = cn;\n")).toEqual([]);
  });

  it('app/, components/, lib/ and cli/ never import devstack/ (tests may)', async () => {
    for (const file of ['app/x/page.tsx', 'components/x.tsx', 'lib/x.ts', 'cli/x.ts']) {
      expect(await findings(file, "import { startStack } from '@/devstack/stack';\nexport const s = startStack;\n"), file).toEqual([
        expect.stringMatching(/^@typescript-eslint\/no-restricted-imports: .*Only tests, benchmarks and the dev stack itself import devstack\//),
      ]);
    }
    expect(await findings('lib/x.int.test.ts', "import { startStack } from '@/devstack/stack';\nexport const s = startStack;\n")).toEqual([]);
  });

  it('only lib/env/ reads process.env', async () => {
    expect(await findings('lib/migrations/x.ts', 'export const dir = process.env.CONSOLE_MIGRATIONS_DIR;\n')).toEqual([
      expect.stringMatching(/^no-restricted-properties: .*Only lib\/env\/ reads process\.env/),
    ]);
    expect(await findings('app/x/page.tsx', 'export const dir = process.env.CONSOLE_MIGRATIONS_DIR;\n')).toHaveLength(1);
    expect(await findings('lib/env/x.ts', 'export const dir = process.env.CONSOLE_MIGRATIONS_DIR;\n')).toEqual([]);
  });
});
