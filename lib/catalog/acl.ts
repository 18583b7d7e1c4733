import type { Grants, Privilege } from './types';

const LETTERS: Record<string, Privilege> = {
  r: 'SELECT',
  a: 'INSERT',
  w: 'UPDATE',
  d: 'DELETE',
  D: 'TRUNCATE',
  x: 'REFERENCES',
  t: 'TRIGGER',
  m: 'MAINTAIN',
  X: 'EXECUTE',
  U: 'USAGE',
  C: 'CREATE',
  c: 'CONNECT',
  T: 'TEMPORARY',
};

/**
 * Parses PostgreSQL ACL items (`anon=arwd/postgres`, `=X/postgres` for PUBLIC, `"odd name"=r/x`)
 * into privileges by grantee. Grant options (`r*`) count as the privilege. Letters this console
 * does not know (e.g. `s` SET, `A` ALTER SYSTEM) are ignored.
 */
export function parseAcl(items: readonly string[]): Grants {
  const grants: Grants = {};
  for (const item of items) {
    const parsed = parsedItem(item);
    if (!parsed) continue;
    const list = grants[parsed.grantee];
    if (!list) grants[parsed.grantee] = [...parsed.privileges];
    else for (const privilege of parsed.privileges) if (!list.includes(privilege)) list.push(privilege);
  }
  return grants;
}

// Hundreds of tables share a handful of ACL items (`anon=arwdDxtm/postgres`): parse each text once.
// A pure function of the text, so the memo is correct in every process; its size is capped.
const memo = new Map<string, { grantee: string; privileges: readonly Privilege[] } | null>();

function parsedItem(item: string): { grantee: string; privileges: readonly Privilege[] } | null {
  let parsed = memo.get(item);
  if (parsed === undefined) {
    parsed = parseAclItem(item);
    if (memo.size >= 10_000) memo.clear();
    memo.set(item, parsed);
  }
  return parsed;
}

function parseAclItem(item: string): { grantee: string; privileges: Privilege[] } | null {
  let index = 0;
  let grantee = '';
  if (item.startsWith('"')) {
    index = 1;
    while (index < item.length) {
      const char = item[index]!;
      if (char === '"') {
        if (item[index + 1] === '"') {
          grantee += '"';
          index += 2;
          continue;
        }
        index++;
        break;
      }
      grantee += char;
      index++;
    }
  } else {
    const equals = item.indexOf('=');
    if (equals < 0) return null;
    grantee = item.slice(0, equals);
    index = equals;
  }
  if (item[index] !== '=') return null;
  const slash = item.indexOf('/', index);
  const letters = item.slice(index + 1, slash < 0 ? undefined : slash);
  const privileges: Privilege[] = [];
  for (const letter of letters) {
    const privilege = LETTERS[letter];
    if (privilege && !privileges.includes(privilege)) privileges.push(privilege);
  }
  return { grantee: grantee === '' ? 'PUBLIC' : grantee, privileges };
}
