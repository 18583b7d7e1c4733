import { createServerClient } from '@supabase/ssr';
import { NextResponse, type NextRequest } from 'next/server';
import { readPublicEnv } from '@/lib/env/public';
import { sessionCookieOptions } from './cookie-options';
import { fetchWithDeadline } from './timed-fetch';

/**
 * Refreshes the session cookie on every request, and nothing else: authorization happens in
 * `requireRole` on each page and action, never here. `forwardHeaders` are added to the request
 * the app sees (the CSP nonce).
 */
export async function updateSession(request: NextRequest, forwardHeaders: Headers) {
  const forward = () => {
    const headers = new Headers(request.headers);
    forwardHeaders.forEach((value, name) => headers.set(name, value));
    return NextResponse.next({ request: { headers } });
  };
  let response = forward();
  const env = readPublicEnv();
  const supabase = createServerClient(env.NEXT_PUBLIC_SUPABASE_URL, env.NEXT_PUBLIC_SUPABASE_ANON_KEY, {
    cookieOptions: sessionCookieOptions(),
    global: { fetch: fetchWithDeadline() },
    cookies: {
      getAll: () => request.cookies.getAll(),
      setAll: (cookiesToSet) => {
        for (const { name, value } of cookiesToSet) request.cookies.set(name, value);
        response = forward();
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
