/**
 * Session cookies: `Secure` outside development (browsers still send them to localhost), never
 * readable from scripts other than the Supabase client's own, same-site only for navigation.
 */
export function sessionCookieOptions() {
  return { secure: process.env.NODE_ENV !== 'development', sameSite: 'lax' as const, path: '/' };
}
