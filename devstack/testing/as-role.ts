import type { Sql, TransactionSql } from 'postgres';

/**
 * Runs `work` in a transaction as PostgREST would for this caller: the API role and the JWT
 * claims as transaction-local settings. The transaction is rolled back unless `commit` is set,
 * so tests do not leak data into each other.
 */
export async function asRole<T>(
  sql: Sql,
  caller: { role: 'anon' | 'authenticated' | 'service_role'; userId?: string; email?: string },
  work: (tx: TransactionSql) => Promise<T>,
  options: { commit?: boolean } = {},
): Promise<T> {
  const rollback = Symbol('rollback');
  let result: T | undefined;
  try {
    await sql.begin(async (tx) => {
      const claims = { role: caller.role, ...(caller.userId ? { sub: caller.userId, email: caller.email ?? '' } : {}) };
      await tx`select set_config('role', ${caller.role}, true), set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
      result = await work(tx);
      if (!options.commit) throw rollback;
    });
  } catch (error) {
    if (error !== rollback) throw error;
  }
  return result as T;
}
