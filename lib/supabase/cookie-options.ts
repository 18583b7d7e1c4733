import { isDevelopment } from '@/lib/env/environment';

/**
 * Session cookies: `Secure` outside development (browsers still send them to localhost), never
 * readable from scripts other than the Supabase client's own, same-site only for navigation.
 */
export function sessionCookieOptions() {
  return { secure: !isDevelopment(), sameSite: 'lax' as const, path: '/' };
}
