import type { Sql } from 'postgres';
import type { DirectDb } from './read-catalog';

/** A postgres.js connection as a {@link DirectDb}. */
export function directFromPostgres(sql: Sql): DirectDb {
  return {
    transaction: async (work) => {
      const result = await sql.begin((tx) =>
        work(async (text, params = []) => {
          const rows = await tx.unsafe(text, params as never[]);
          return rows;
        }),
      );
      return result as Awaited<ReturnType<typeof work>>;
    },
  };
}
