/**
 * Vitest global setup for the integration project: one real dev stack (PostgreSQL 17 + gateway)
 * on free ports with a fresh data folder, shared by the suites and stopped at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { findFreePort } from '../ports';
import { startStack, type RunningStack } from '../stack';

export type TestStack = { apiUrl: string; anonKey: string; serviceRoleKey: string; dbUrl: string };

declare module 'vitest' {
  export interface ProvidedContext {
    stack: TestStack;
  }
}

let stack: RunningStack | undefined;
let stateDir: string | undefined;

export async function setup(project: TestProject) {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-it-'));
  stack = await startStack({
    stateDir,
    apiPort: await findFreePort(),
    dbPort: await findFreePort(),
    // Strict rotation so the tests can show that a used refresh token is refused at once.
    refreshTokenReuseInterval: 0,
  });
  const provided: TestStack = { apiUrl: stack.apiUrl, anonKey: stack.anonKey, serviceRoleKey: stack.serviceRoleKey, dbUrl: stack.dbUrl };
  project.provide('stack', provided);
  process.env.TEST_DATABASE_URL = stack.dbUrl;
  process.env.TEST_API_URL = stack.apiUrl;
  process.env.TEST_ANON_KEY = stack.anonKey;
  process.env.TEST_SERVICE_ROLE_KEY = stack.serviceRoleKey;
}

export async function teardown() {
  await stack?.stop();
  if (stack) fs.rmSync(stack.dataDir, { recursive: true, force: true });
  if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
}
