import fs from 'node:fs';
import path from 'node:path';
import { test as base, expect } from '@playwright/test';
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { ConsolePage } from '../pages/console-page';
import { LoginPage } from '../pages/login-page';
import { E2E_STATE_DIR } from './paths';

type StackInfo = { apiUrl: string; anonKey: string; serviceRoleKey: string; dbUrl: string; controlUrl: string };

export function stackInfo(): StackInfo {
  return JSON.parse(fs.readFileSync(path.join(E2E_STATE_DIR, 'stack.json'), 'utf8')) as StackInfo;
}

/** A new project user, created through the Auth admin API, optionally with console roles. */
async function createUser(roles: string[]): Promise<{ email: string; password: string }> {
  const stack = stackInfo();
  const admin = createClient(stack.apiUrl, stack.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  });
  const email = `e2e-${Math.random().toString(36).slice(2, 10)}@example.test`;
  const password = 'e2e-password-123';
  const { data, error } = await admin.auth.admin.createUser({ email, password, email_confirm: true });
  if (error || !data.user) throw new Error(`could not create ${email}: ${error?.message}`);
  if (roles.length) {
    const postgres = (await import('postgres')).default;
    const sql = postgres(stack.dbUrl, { max: 1, onnotice: () => {} });
    for (const role of roles) await sql`insert into console.member_roles (user_id, role) values (${data.user.id}, ${role}::console.member_role)`;
    await sql.end();
  }
  return { email, password };
}

export const test = base.extend<{
  loginPage: LoginPage;
  consolePage: ConsolePage;
  newUser: (roles?: string[]) => Promise<{ email: string; password: string }>;
}>({
  loginPage: async ({ page }, use) => use(new LoginPage(page)),
  consolePage: async ({ page }, use) => use(new ConsolePage(page)),

  newUser: async ({}, use) => use((roles = []) => createUser(roles)),
});

export { expect };
