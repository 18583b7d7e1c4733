'use server';

import { redirect } from 'next/navigation';
import { recordAudit } from '@/lib/audit/record';
import { getViewer } from '@/lib/auth/viewer';
import { createClient } from '@/lib/supabase/server';

/**
 * Signs out everywhere: `scope: 'global'` makes Auth revoke every refresh token of the person,
 * so a copied cookie stops working too.
 */
export async function signOut(): Promise<void> {
  const viewer = await getViewer().catch(() => null);
  const supabase = await createClient();
  const { error } = await supabase.auth.signOut({ scope: 'global' });
  if (error) console.error('sign-out: Auth refused the logout', error.message);
  if (viewer) await recordAudit({ actorId: viewer.userId, action: 'console.sign_out', target: viewer.email, outcome: error ? 'failed' : 'ok' }).catch(() => {});
  redirect('/login');
}
