import type { NextRequest } from 'next/server';
import { contentSecurityPolicy, newNonce } from '@/lib/security/headers';
import { refusesOrigin } from '@/lib/security/origin';
import { updateSession } from '@/lib/supabase/proxy';

/** Refreshes the session and sets this request's CSP nonce. No authorization here: see requireRole. */
export async function proxy(request: NextRequest) {
  // Cross-site and Origin-less requests that could change something stop here, before any action runs.
  const refusal = refusesOrigin(request.method, request.headers);
  if (refusal) return new Response(refusal, { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  const policy = contentSecurityPolicy(newNonce(), process.env.NODE_ENV === 'development');
  // Next.js reads the nonce from the request's CSP header and applies it to its scripts.
  const response = await updateSession(request, new Headers({ 'content-security-policy': policy }));
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp)$).*)'],
};
