/**
 * The architecture's lines as lint rules, one rule per line (README, Architecture):
 * - lib/ never imports app/ or components/;
 * - components/ never import the Supabase clients, the viewer, or any server-only module of lib/
 *   (data loaders among them) except for their types: they receive data and actions as props;
 * - app/, components/, lib/ and cli/ never import devstack/ (tests may: they start dev stacks);
 * - only lib/env/ reads process.env.
 * The server-only modules are found, not listed: every file of lib/ that starts with
 * `import 'server-only'`. eslint/boundaries.test.ts lints a file that breaks each rule.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `@/lib/…` specifiers of the modules that declare themselves server-only. */
function serverOnlyModules() {
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '__fixtures__') walk(full);
      } else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && /^import 'server-only';/m.test(fs.readFileSync(full, 'utf8'))) {
        found.push(
          `@/${path
            .relative(root, full)
            .split(path.sep)
            .join('/')
            .replace(/\.tsx?$/, '')}`,
        );
      }
    }
  };
  walk(path.join(root, 'lib'));
  return found.sort();
}

const DEVSTACK = {
  regex: '^(@/|(\\.\\./)+)devstack(/|$)',
  message: 'Only tests, benchmarks and the dev stack itself import devstack/: the console runs against any Supabase project.',
};
const APP_OR_COMPONENTS = {
  regex: '^(@/|(\\.\\./)+)(app|components)(/|$)',
  message: 'lib/ never imports app/ or components/: pages and components use lib, not the other way round.',
};
const PROPS = 'Components receive data and actions as props: the page loads (lib/) and passes them; only types may be imported from here.';

const TESTS = ['**/*.test.ts', '**/*.test.tsx'];

export const boundaries = [
  {
    files: ['lib/**/*.{ts,tsx}'],
    ignores: TESTS,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [APP_OR_COMPONENTS, DEVSTACK] }] },
  },
  {
    files: ['components/**/*.{ts,tsx}'],
    ignores: TESTS,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...serverOnlyModules().map((name) => ({ name, allowTypeImports: true, message: PROPS })),
            { name: '@supabase/supabase-js', allowTypeImports: true, message: PROPS },
            { name: '@supabase/ssr', allowTypeImports: true, message: PROPS },
            { name: 'server-only', message: 'A component is not server-only; what needs the server is loaded by the page.' },
          ],
          patterns: [DEVSTACK, { regex: '^@/lib/supabase(/|$)', allowTypeImports: true, message: PROPS }],
        },
      ],
    },
  },
  {
    files: ['app/**/*.{ts,tsx}', 'cli/**/*.{ts,tsx}'],
    ignores: TESTS,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [DEVSTACK] }] },
  },
  {
    files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'lib/**/*.{ts,tsx}', 'cli/**/*.{ts,tsx}'],
    ignores: ['lib/env/**', ...TESTS],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Only lib/env/ reads process.env: take the configuration from there.' },
      ],
    },
  },
];
