/**
 * A link to `path` with the given query values, leaving out empty ones and those equal to their
 * default, so list pages keep short, shareable URLs.
 */
export function queryHref(path: string, values: Record<string, string | number | null | undefined>, defaults: Record<string, string | number> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null || value === '' || value === defaults[key]) continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}
