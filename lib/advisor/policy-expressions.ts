/**
 * Small facts about policy expressions as PostgreSQL deparses them (`( SELECT auth.uid() AS uid)`,
 * `(auth.jwt() -> 'user_metadata'::text)`), shared by the lints and the policy explainer.
 */

/** Strips outer parentheses that wrap the whole expression. */
export function stripOuterParens(expression: string): string {
  let text = expression.trim();
  for (;;) {
    if (!text.startsWith('(') || !text.endsWith(')')) return text;
    let depth = 0;
    let wrapsAll = true;
    for (let i = 0; i < text.length; i++) {
      const char = text[i];
      if (char === '(') depth++;
      else if (char === ')') depth--;
      if (depth === 0 && i < text.length - 1) {
        wrapsAll = false;
        break;
      }
    }
    if (!wrapsAll) return text;
    text = text.slice(1, -1).trim();
  }
}

/** `true`, `(true)`, `1 = 1`: the expression lets every row through. */
export function isAlwaysTrue(expression: string | null): boolean {
  if (expression === null) return false;
  const normalized = stripOuterParens(expression).toLowerCase().replace(/\s+/g, '');
  return normalized === 'true' || normalized === '1=1' || normalized === "'t'::boolean" || normalized === 'true::boolean';
}

const PER_ROW_CALL = /\b(auth\.(uid|jwt|role|email)\(\)|current_setting\()/gi;

/**
 * Calls to `auth.uid()`/`auth.jwt()`/`auth.role()`/`auth.email()`/`current_setting()` that are not
 * wrapped in a scalar sub-select, so PostgreSQL evaluates them once per row instead of once per
 * query. Returns the calls as written (e.g. `auth.uid()`).
 */
export function perRowAuthCalls(expression: string | null): string[] {
  if (!expression) return [];
  const calls: string[] = [];
  for (const match of expression.matchAll(PER_ROW_CALL)) {
    const before = expression.slice(0, match.index);
    if (/\(\s*select\s+$/i.test(before)) continue;
    calls.push(match[1]!.endsWith('(') ? 'current_setting()' : match[1]!);
  }
  return calls;
}

/** Reads the user-editable `user_metadata` of the JWT (or of auth.users). */
export function readsUserMetadata(expression: string | null): boolean {
  return expression !== null && /user_metadata|raw_user_meta_data/i.test(expression);
}
