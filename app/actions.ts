'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { recordAudit } from '@/lib/audit/record';
import { getViewer } from '@/lib/auth/viewer';
import { createClient } from '@/lib/supabase/server';

/** The cookies @supabase/ssr keeps a session in: `sb-<ref>-auth-token`, its chunks `.0`, `.1`…, the PKCE verifier. */
const SESSION_COOKIE = /^sb-.+-auth-token(\.\d+|-code-verifier)?$/;

/**
 * Signs out everywhere: `scope: 'global'` makes Auth revoke every refresh token of the person,
 * so a copied cookie stops working too. When Auth cannot be reached, auth-js keeps the session;
 * the person is still signed out of this browser (its session cookies are deleted here) and told
 * that their other sessions end only when their tokens expire.
 */
export async function signOut(): Promise<void> {
  const viewer = await getViewer().catch(() => null);
  const supabase = await createClient();
  const { error } = await supabase.auth.signOut({ scope: 'global' });
  if (error) console.error('sign-out: Auth did not end the sessions', error.message);
  if (viewer) await recordAudit({ actorId: viewer.userId, action: 'console.sign_out', target: viewer.email, outcome: error ? 'failed' : 'ok' }).catch(() => {});
  if (!error) redirect('/login');
  const cookieStore = await cookies();
  for (const cookie of cookieStore.getAll()) {
    if (SESSION_COOKIE.test(cookie.name)) cookieStore.delete({ name: cookie.name, path: '/' });
  }
  redirect('/login?signed_out=this-browser');
}
