/**
 * Same-origin rule for every request that can change something. Next.js refuses a server action
 * whose `Origin` names another host, but lets one without any `Origin` through (a handcrafted
 * request); the console refuses both. Browsers send `Origin` on every POST, same-origin included.
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function refusesOrigin(method: string, headers: Headers): string | null {
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  const origin = headers.get('origin');
  if (!origin || origin === 'null') return 'A request that changes something must say where it comes from (Origin header).';
  const host = headers.get('x-forwarded-host')?.split(',')[0]?.trim() || headers.get('host');
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return 'The Origin header is not a valid origin.';
  }
  if (!host || originHost !== host) return 'Requests from other sites are refused.';
  return null;
}
