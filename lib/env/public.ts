import { z } from 'zod';

/**
 * Variables the browser may see. Next.js inlines `NEXT_PUBLIC_*` only when they are written out
 * literally, so each one is read by name here.
 */
const publicSchema = z.object({
  NEXT_PUBLIC_SUPABASE_URL: z.url({ message: 'NEXT_PUBLIC_SUPABASE_URL must be the project URL, e.g. http://127.0.0.1:54321' }),
  NEXT_PUBLIC_SUPABASE_ANON_KEY: z.string().min(20, 'NEXT_PUBLIC_SUPABASE_ANON_KEY must be the project anon (publishable) key'),
});

export type PublicEnv = z.infer<typeof publicSchema>;

export function readPublicEnv(): PublicEnv {
  const parsed = publicSchema.safeParse({
    NEXT_PUBLIC_SUPABASE_URL: process.env.NEXT_PUBLIC_SUPABASE_URL,
    NEXT_PUBLIC_SUPABASE_ANON_KEY: process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY,
  });
  if (!parsed.success) throw new Error(`Console configuration is incomplete: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  return parsed.data;
}
