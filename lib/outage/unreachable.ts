/**
 * Whether a failed call to the project's API means the project did not answer — the network
 * failed (supabase-js reports status 0), the gateway could not reach its upstream, or PostgREST
 * could not reach the database — as opposed to an answer that refused or failed (a 4xx, a SQL
 * error). Only the first kind lets the console fall back to its last known state: an answer,
 * even an error, is the project's current word.
 */
export function projectUnreachable(failure: { status: number; code?: string | null }): boolean {
  if (failure.status === 0) return true;
  // PostgREST's connection errors: db-uri or database down, internal connection error, schema cache, pool timeout.
  if (failure.code && CONNECTION_ERROR_CODES.has(failure.code)) return true;
  // 502/503/504 from a gateway; 520–599 are the edge's "origin unreachable" family (and 540, a paused project).
  return failure.status === 502 || failure.status === 503 || failure.status === 504 || (failure.status >= 520 && failure.status <= 599);
}

const CONNECTION_ERROR_CODES = new Set(['PGRST000', 'PGRST001', 'PGRST002', 'PGRST003']);
