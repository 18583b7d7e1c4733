/**
 * The console's server calls the project's API with a deadline. A project that refuses
 * connections fails at once; one that hangs (a stuck load balancer, a half-open connection) would
 * otherwise hold a page until Node's own timeouts, minutes later. Past the deadline the call fails
 * like a network failure (supabase-js reports status 0), which pages treat as "cannot be reached":
 * the outage banner and the last known state.
 */
export const API_DEADLINE_MS = 15_000;

export function fetchWithDeadline(deadlineMs: number = API_DEADLINE_MS): typeof fetch {
  return (input, init) => {
    const deadline = AbortSignal.timeout(deadlineMs);
    return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline });
  };
}
