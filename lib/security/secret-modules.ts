/**
 * The modules that hold the console's secrets (the service-role key, the database URL) and the
 * variables those come from. Shared by the server-only scan (server-only.test.ts) and the build
 * check (server-only-build.int.test.ts), so that a module added here is covered by both.
 */
export const SECRET_MODULES: readonly string[] = ['lib/supabase/admin', 'lib/env/server'];
export const SECRET_VARIABLES: readonly string[] = ['SUPABASE_SERVICE_ROLE_KEY', 'SUPABASE_DB_URL'];
