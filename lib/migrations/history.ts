/**
 * The Supabase CLI's migration history table, exactly as CLI 2.117.0 creates and fills it, so that
 * `supabase migration list` and the console always read the same history.
 */
export const HISTORY_SCHEMA = 'supabase_migrations';
export const HISTORY_TABLE = 'supabase_migrations.schema_migrations';

/** Run inside one transaction with `lock_timeout = '4s'`, as the CLI does on first push or repair. */
export const HISTORY_SETUP_STATEMENTS = [
  'CREATE SCHEMA IF NOT EXISTS supabase_migrations',
  'CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations (version text NOT NULL PRIMARY KEY)',
  'ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS statements text[]',
  'ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS name text',
] as const;

/** Same text and parameter order as the CLI's insert; it runs in the file's own transaction. */
export const INSERT_HISTORY_ROW = 'INSERT INTO supabase_migrations.schema_migrations(version, name, statements) VALUES($1, $2, $3)';

/** True when the history table already has the three columns (the CLI then skips its setup). */
export const HISTORY_COLUMNS_PRESENT = `
  select count(*) = 3 as present
  from pg_attribute
  where attrelid = to_regclass('supabase_migrations.schema_migrations')
    and attname in ('version', 'statements', 'name')
    and not attisdropped`;
