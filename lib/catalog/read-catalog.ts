import { CATALOG_SQL } from './catalog-sql';
import { decodeCatalog } from './decode-catalog';
import type { Catalog } from './types';

/**
 * A direct database connection, whatever drives it (postgres.js for `--db-url` and the live side of
 * the drift check, PGlite for the shadow). `transaction` runs `work` in one transaction; `query`
 * returns the rows of one statement.
 */
export type DirectDb = {
  transaction<T>(work: (query: DirectQuery) => Promise<T>): Promise<T>;
};
export type DirectQuery = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

export type CatalogScope = {
  schema?: string | null;
  table?: string | null;
  /** Column defaults and index/constraint definitions (the table page and the drift check). */
  detail?: boolean;
};

/**
 * The catalog over a direct connection: the very query `console.catalog()` runs, with the same
 * empty search_path, so a shadow database and the live project are read identically.
 */
export async function readCatalogDirect(db: DirectDb, scope: CatalogScope = {}): Promise<Catalog> {
  const raw = await db.transaction(async (query) => {
    await query("select pg_catalog.set_config('search_path', '', true)");
    const [row] = await query(`select (${CATALOG_SQL}) as catalog`, [scope.schema ?? null, scope.table ?? null, scope.detail ?? false]);
    return row?.catalog;
  });
  return decodeCatalog(raw);
}
