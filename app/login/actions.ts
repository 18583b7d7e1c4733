'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { recordAudit } from '@/lib/audit/record';
import { safeNextPath, signInErrorMessage } from '@/lib/auth/sign-in';
import { createClient } from '@/lib/supabase/server';

export type SignInState = { error: string | null; email: string };

const credentials = z.object({
  email: z.email({ message: 'Enter the email address you sign in with.' }),
  password: z.string().min(1, 'Enter your password.'),
  next: z.string().optional(),
});

export async function signIn(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const parsed = credentials.safeParse({
    email: formData.get('email'),
    password: formData.get('password'),
    next: formData.get('next') ?? undefined,
  });
  const typedEmail = String(formData.get('email') ?? '');
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? 'Check the form.', email: typedEmail };

  const supabase = await createClient();
  const { data, error } = await supabase.auth.signInWithPassword({ email: parsed.data.email, password: parsed.data.password });
  if (error || !data.user) {
    await recordAudit({
      actorId: null,
      action: 'console.sign_in',
      target: parsed.data.email.toLowerCase(),
      outcome: 'failed',
      details: { reason: error?.code ?? 'unknown' },
    }).catch(() => {});
    return { error: signInErrorMessage(error), email: typedEmail };
  }
  await recordAudit({ actorId: data.user.id, action: 'console.sign_in', target: data.user.email ?? null, outcome: 'ok' });
  redirect(safeNextPath(parsed.data.next));
}
