/**
 * Lint rules of the console (`npm run lint` runs them, then Prettier's check; `npm test` runs lint
 * first). Next.js's own rules (core web vitals, TypeScript) and React's hooks rules, the
 * type-aware rules that catch what tsc does not (floating promises, promises passed where none is
 * awaited, assertions that do nothing, switches that miss a case), and the architecture's
 * boundaries as import rules (see eslint/boundaries.mjs; eslint/boundaries.test.ts proves each one fires).
 */
import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import prettier from 'eslint-config-prettier/flat';
import { boundaries } from './eslint/boundaries.mjs';

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/require-await': 'error',
      // A `default:` covers the rest on purpose (unknown codes from the database, new node types).
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false }],
      // `_name` marks a value left out on purpose (`const { before: _before, ...rest } = filter`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Tests stand in for async APIs with async functions that need no await.
    files: ['**/*.test.ts', '**/*.int.test.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    // Playwright's fixtures hand each one a `use` function: not React's use() hook.
    files: ['e2e/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    // Plain Node code that Next.js never bundles: a local `module` variable is harmless there.
    files: ['bench/**', 'devstack/**', 'cli/**'],
    rules: { '@next/next/no-assign-module-variable': 'off' },
  },
  ...boundaries,
  prettier,
  globalIgnores([
    '.next/**',
    '.next-*/**',
    'node_modules/**',
    'lib/drift/__fixtures__/**',
    'eslint/__fixtures__/**',
    'test-results/**',
    'playwright-report/**',
    'bench/results/**',
    '.devstack/**',
    'next-env.d.ts',
  ]),
]);
