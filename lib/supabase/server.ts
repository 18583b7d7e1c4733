import 'server-only';
import { createServerClient } from '@supabase/ssr';
import { cookies } from 'next/headers';
import WebSocket from 'ws';
import { readPublicEnv } from '@/lib/env/public';
import { sessionCookieOptions } from './cookie-options';
import { getRequestId } from './request-id';
import { fetchWithDeadline } from './timed-fetch';

/**
 * A client acting as the signed-in person (anon key + their session cookie); RLS and the SQL
 * functions decide what they may do. Create one per request: never keep it in a global.
 */
export async function createClient() {
  // Cookies first: it marks the page as dynamic, so nothing is prerendered at build time.
  const cookieStore = await cookies();
  const env = readPublicEnv();
  return createServerClient(env.NEXT_PUBLIC_SUPABASE_URL, env.NEXT_PUBLIC_SUPABASE_ANON_KEY, {
    cookieOptions: sessionCookieOptions(),
    cookies: {
      getAll: () => cookieStore.getAll(),
      setAll: (cookiesToSet) => {
        try {
          for (const { name, value, options } of cookiesToSet) cookieStore.set(name, value, options);
        } catch {
          // Called from a server component, where cookies are read-only; proxy.ts refreshes them.
        }
      },
    },
    global: { headers: { 'x-request-id': await getRequestId() }, fetch: fetchWithDeadline() },
    // Node 20 has no global WebSocket; supabase-js builds its realtime client eagerly.
    realtime: { transport: WebSocket as never },
  });
}
