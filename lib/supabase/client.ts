'use client';

import { createBrowserClient } from '@supabase/ssr';
import { readPublicEnv } from '@/lib/env/public';

/** Browser client: anon key and the signed-in person's session cookie, nothing else. */
export function createClient() {
  const env = readPublicEnv();
  return createBrowserClient(env.NEXT_PUBLIC_SUPABASE_URL, env.NEXT_PUBLIC_SUPABASE_ANON_KEY);
}
