import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

// Two projects: `unit` is pure logic (no database), `integration` runs against a real
// dev stack (PostgreSQL + gateway) that the global setup starts on free ports.
export default defineConfig({
  resolve: { alias: { '@': root } },
  test: {
    setupFiles: ['./lib/sql/test-setup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{lib,devstack,cli,components,app,eslint}/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', 'node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['{lib,devstack,cli,app,supabase}/**/*.int.test.ts'],
          globalSetup: ['./devstack/testing/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // The suites share one stack; files run one at a time so that they never race on it.
          fileParallelism: false,
        },
      },
    ],
  },
});
