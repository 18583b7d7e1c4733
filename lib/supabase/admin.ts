import 'server-only';
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { serverEnv } from '@/lib/env/server';
import { fetchWithDeadline } from './timed-fetch';

/**
 * Service-role client for the console's catalog and history functions. Server-only: call it only
 * after `requireRole`, and never hand its results to the browser unfiltered.
 */
export function createAdminClient(requestId?: string) {
  const env = serverEnv();
  return createClient(env.NEXT_PUBLIC_SUPABASE_URL, env.SUPABASE_SERVICE_ROLE_KEY, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: { headers: requestId ? { 'x-request-id': requestId } : {}, fetch: fetchWithDeadline() },
    realtime: { transport: WebSocket as never },
  });
}
