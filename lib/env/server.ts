import 'server-only';
import { z } from 'zod';
import { readPublicEnv, type PublicEnv } from './public';

/**
 * Server-only configuration, parsed once. Secrets (service-role key, database URL) are read here
 * and nowhere else.
 */
const serverSchema = z.object({
  SUPABASE_SERVICE_ROLE_KEY: z.string().min(20, 'SUPABASE_SERVICE_ROLE_KEY must be the project service-role (secret) key'),
  // Optional: without it the console is read-only (no pushes, no drift check) and says so.
  SUPABASE_DB_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'SUPABASE_DB_URL must be a postgresql:// connection string')
    .optional(),
  CONSOLE_MIGRATIONS_DIR: z.string().min(1).default('supabase/migrations'),
  CONSOLE_MODULES: z.string().default('aloha,sync,insights,studio,console'),
});

export type ServerEnv = PublicEnv & z.infer<typeof serverSchema>;

let cached: ServerEnv | undefined;

export function serverEnv(): ServerEnv {
  if (cached) return cached;
  const parsed = serverSchema.safeParse({
    SUPABASE_SERVICE_ROLE_KEY: process.env.SUPABASE_SERVICE_ROLE_KEY,
    SUPABASE_DB_URL: process.env.SUPABASE_DB_URL || undefined,
    CONSOLE_MIGRATIONS_DIR: process.env.CONSOLE_MIGRATIONS_DIR || undefined,
    CONSOLE_MODULES: process.env.CONSOLE_MODULES || undefined,
  });
  if (!parsed.success) throw new Error(`Console configuration is incomplete: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  cached = { ...readPublicEnv(), ...parsed.data };
  return cached;
}
