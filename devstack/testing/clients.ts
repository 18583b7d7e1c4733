/**
 * Helpers for integration tests: real supabase-js clients and a superuser SQL connection to the
 * stack that the global setup started.
 */
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import postgres from 'postgres';
import { inject } from 'vitest';
import WebSocket from 'ws';
import { DEMO, DEMO_PASSWORD } from '../demo-people';

export { DEMO, DEMO_PASSWORD };

export function testStack() {
  return inject('stack');
}

export type ClientOptions = { fetch?: typeof fetch };

/** A supabase-js client with the anon key, as the console's server uses it. */
export function anonClient(options: ClientOptions = {}): SupabaseClient {
  const stack = testStack();
  return createClient(stack.apiUrl, stack.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
    global: options.fetch ? { fetch: options.fetch } : {},
  });
}

export function serviceClient(): SupabaseClient {
  const stack = testStack();
  return createClient(stack.apiUrl, stack.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  });
}

/** Signs in and returns the client holding that session. */
export async function signedInClient(email: string, password = DEMO_PASSWORD, options: ClientOptions = {}): Promise<SupabaseClient> {
  const client = anonClient(options);
  const { error } = await client.auth.signInWithPassword({ email, password });
  if (error) throw new Error(`sign-in of ${email} failed: ${error.message}`);
  return client;
}

/** Superuser connection to the stack's database, for arranging data and reading it back. */
export function superuserSql() {
  return postgres(testStack().dbUrl, { max: 2, onnotice: () => {} });
}

/** A fresh project user (no console membership) created through the Auth admin API. */
export async function createProjectUser(prefix = 'user'): Promise<{ id: string; email: string; password: string }> {
  const email = `${prefix}-${Math.random().toString(36).slice(2, 10)}@example.test`;
  const password = 'test-password-123';
  const { data, error } = await serviceClient().auth.admin.createUser({ email, password, email_confirm: true });
  if (error || !data.user) throw new Error(`creating ${email} failed: ${error?.message}`);
  return { id: data.user.id, email, password };
}
