import fs from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { Catalog } from './types';
import { processEnvironment } from '@/lib/env/environment';

export type ExposedSchemas = {
  schemas: string[];
  /** Where the list came from, for the page: the database, the environment or supabase/config.toml. */
  source: 'database' | 'environment' | 'config' | 'default';
};

/**
 * The project's own `supabase/config.toml`: the one beside its migrations folder
 * (`<project>/supabase/migrations` → `<project>/supabase/config.toml`), not the console's.
 */
export function projectConfigPath(migrationsDir: string): string {
  return path.join(/* turbopackIgnore: true */ path.dirname(path.resolve(migrationsDir)), 'config.toml');
}

/**
 * The schemas the Data API serves, which decide whether a table without RLS is reachable with
 * the anon key. In order: PostgREST's `pgrst.db_schemas` when the database carries it (hosted
 * projects), CONSOLE_EXPOSED_SCHEMAS, `[api] schemas` of the project's supabase/config.toml (the
 * one beside the migrations folder being checked), else `public`.
 */
export function resolveExposedSchemas(
  catalog: Pick<Catalog, 'exposedSchemasSetting'> | null,
  env: Readonly<Record<string, string | undefined>> = processEnvironment(),
  configPath: string | null = null,
): ExposedSchemas {
  if (catalog?.exposedSchemasSetting?.length) return { schemas: catalog.exposedSchemasSetting, source: 'database' };
  const fromEnv = env.CONSOLE_EXPOSED_SCHEMAS?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (fromEnv?.length) return { schemas: fromEnv, source: 'environment' };
  try {
    if (!configPath) throw new Error('no project config');
    const config = parseToml(fs.readFileSync(configPath, 'utf8')) as { api?: { schemas?: unknown } };
    const schemas = config.api?.schemas;
    if (Array.isArray(schemas) && schemas.every((schema) => typeof schema === 'string') && schemas.length) {
      return { schemas: schemas, source: 'config' };
    }
  } catch {
    // No readable config: fall through to the API's default.
  }
  return { schemas: ['public'], source: 'default' };
}
