import { createServerClient } from '@supabase/ssr';
import { NextResponse, type NextRequest } from 'next/server';
import { readPublicEnv } from '@/lib/env/public';

/**
 * Refreshes the session cookie on every request, and nothing else: authorization happens in
 * `requireRole` on each page and action, never here.
 */
export async function updateSession(request: NextRequest) {
  let response = NextResponse.next({ request });
  const env = readPublicEnv();
  const supabase = createServerClient(env.NEXT_PUBLIC_SUPABASE_URL, env.NEXT_PUBLIC_SUPABASE_ANON_KEY, {
    cookies: {
      getAll: () => request.cookies.getAll(),
      setAll: (cookiesToSet) => {
        for (const { name, value } of cookiesToSet) request.cookies.set(name, value);
        response = NextResponse.next({ request });
        for (const { name, value, options } of cookiesToSet) response.cookies.set(name, value, options);
      },
    },
  });
  // Do not run code between createServerClient and getClaims: a refreshed session must reach the
  // cookies before anything reads them. getClaims verifies the token locally and refreshes it
  // when it has expired.
  await supabase.auth.getClaims();
  return response;
}
