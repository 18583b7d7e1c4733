/**
 * Row level security policies in one plain sentence each, for people who do not read SQL: who can
 * do what to which rows. Common shapes (owner checks, role checks, membership sub-queries,
 * published flags…) get their own wording; anything else gets a careful generic sentence that
 * quotes the condition instead of guessing at it.
 */
import { stripOuterParens } from '@/lib/advisor/policy-expressions';
import type { CatalogPolicy } from './types';

export type PolicyExplanation = {
  sentence: string;
  /** False when part of the sentence is the generic fallback (the condition is quoted as SQL). */
  understood: boolean;
};

export function explainPolicy(policy: Pick<CatalogPolicy, 'command' | 'permissive' | 'roles' | 'using' | 'withCheck'>): PolicyExplanation {
  const who = describeWho(policy.roles);
  let understood = true;
  const rows = (expression: string | null) => {
    const description = describeCondition(expression);
    if (!description.understood) understood = false;
    return description.text;
  };

  let sentence: string;
  switch (policy.command) {
    case 'select':
      sentence = `${who} can read ${rows(policy.using)}`;
      break;
    case 'insert':
      sentence = `${who} can add ${addedRows(policy.withCheck, rows)}`;
      break;
    case 'delete':
      sentence = `${who} can delete ${rows(policy.using)}`;
      break;
    case 'update':
      sentence = `${who} can change ${rows(policy.using)}${afterChange(policy.using, policy.withCheck, rows)}`;
      break;
    default:
      sentence = `${who} can read, add, change and delete ${rows(policy.using)}${afterChange(policy.using, policy.withCheck, rows)}`;
  }
  if (!policy.permissive) {
    sentence = `Restriction: whatever other policies allow, ${lowerFirst(sentence.replace(' can ', ' can only '))}`;
  }
  return { sentence: `${sentence}.`, understood };
}

function addedRows(withCheck: string | null, rows: (expression: string | null) => string): string {
  if (withCheck === null || isTrue(withCheck)) return 'any row';
  const condition = rows(withCheck);
  return condition.replace(/^rows /, 'rows, but only ').replace(/^rows, but only where they are the owner/, 'rows only as their owner');
}

function afterChange(using: string | null, withCheck: string | null, rows: (expression: string | null) => string): string {
  if (withCheck === null) return '';
  if (isTrue(withCheck)) return ', and may change them in any way';
  if (using !== null && normalize(withCheck) === normalize(using)) return ', and the changed row must still meet that condition';
  return `; the changed row must be one of the ${rows(withCheck).replace(/^rows /, '')}`.replace('one of the any row', 'any row');
}

const ROLE_WORDS: Record<string, string> = {
  authenticated: 'signed-in people',
  anon: 'visitors who are not signed in',
  service_role: 'the server (service role)',
  public: 'everyone, signed in or not',
};

export function describeWho(roles: readonly string[]): string {
  const set = new Set(roles);
  if (set.has('public') || (set.has('anon') && set.has('authenticated'))) return 'Everyone, signed in or not,';
  const parts = roles.map((role) => ROLE_WORDS[role] ?? `members of the database role "${role}"`);
  const text = parts.length <= 1 ? (parts[0] ?? 'nobody') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

type Condition = { text: string; understood: boolean };

/** "rows where …", "any row", "no row". */
export function describeCondition(expression: string | null): Condition {
  if (expression === null || isTrue(expression)) return { text: 'any row', understood: true };
  const body = stripOuterParens(expression);
  if (/^false$/i.test(body)) return { text: 'no row', understood: true };
  const alternatives = splitTopLevel(body, 'OR');
  const clauses = alternatives.map((alternative) => splitTopLevel(stripOuterParens(alternative), 'AND').map(describeClause));
  const understood = clauses.every((parts) => parts.every((part) => part.understood));
  const text = clauses.map((parts) => parts.map((part) => part.text).join(' and ')).join(', or ');
  // A sentence made only of conditions on the caller ("when they hold the admin role") covers every row.
  const allAboutCaller = clauses.every((parts) => parts.every((part) => part.aboutCaller));
  return { text: allAboutCaller ? `any row ${text}` : `rows ${text}`, understood };
}

type Clause = { text: string; understood: boolean; aboutCaller: boolean };

const UID = String.raw`(?:\(\s*select\s+auth\.uid\(\)(?:\s+as\s+\w+)?\s*\)|auth\.uid\(\))`;
const COLUMN = String.raw`("(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)`;
const OWNER_LEFT = new RegExp(`^${UID}\\s*=\\s*${COLUMN}$`, 'i');
const OWNER_RIGHT = new RegExp(`^${COLUMN}\\s*=\\s*${UID}$`, 'i');
const JWT_CLAIM = /^\(*\s*(?:\(\s*select\s+auth\.jwt\(\)(?:\s+as\s+\w+)?\s*\)|auth\.jwt\(\))\s*((?:->>?\s*'[^']+'(?:::text)?\s*\)?\s*)+)\s*=\s*(.+)$/i;
const ROLE_CHECK = /^\(?\s*(?:\(\s*select\s+auth\.role\(\)(?:\s+as\s+\w+)?\s*\)|auth\.role\(\))\s*\)?\s*=\s*'([^']+)'(?:::text)?$/i;
const FUNCTION_CALL = /^(?:\(\s*select\s+)?([a-z_][\w$]*(?:\.[a-z_][\w$]*)?)\((.*)\)(?:\s+as\s+\w+\s*\))?$/i;
const EXISTS = /^exists\s*\(\s*select\b[\s\S]*?\bfrom\s+([\w$."]+)/i;
const IN_SUBQUERY = new RegExp(`^${COLUMN}\\s+in\\s*\\(\\s*select\\b[\\s\\S]*?\\bfrom\\s+([\\w$."]+)`, 'i');
const EQUALS_LITERAL = new RegExp(`^${COLUMN}\\s*=\\s*('(?:[^']|'')*'|\\d+(?:\\.\\d+)?|true|false)(?:::[\\w ]+)?$`, 'i');
const BARE_COLUMN = new RegExp(`^${COLUMN}$`, 'i');
const NOT_COLUMN = new RegExp(`^not\\s+${COLUMN}$`, 'i');
const IS_NULL = new RegExp(`^${COLUMN}\\s+is\\s+(not\\s+)?null$`, 'i');

function describeClause(raw: string): Clause {
  const clause = stripOuterParens(raw).replace(/\s+/g, ' ').trim();
  let match: RegExpExecArray | null;
  if ((match = OWNER_LEFT.exec(clause) ?? OWNER_RIGHT.exec(clause))) {
    const column = columnName(match[1]!);
    return { text: `where they are the owner (${column} = their id)`, understood: true, aboutCaller: false };
  }
  if ((match = ROLE_CHECK.exec(clause))) {
    const role = match[1]!;
    return { text: role === 'authenticated' ? 'as long as they are signed in' : `when their API role is ${role}`, understood: true, aboutCaller: true };
  }
  if ((match = JWT_CLAIM.exec(clause))) {
    const path = [...match[1]!.matchAll(/'([^']+)'/g)].map((part) => part[1]).join('.');
    const other = stripOuterParens(match[2]!.trim());
    const literal = /^'((?:[^']|'')*)'(?:::\w+)?$/.exec(other);
    if (literal) return { text: `when their sign-in token's ${path} is "${literal[1]!.replaceAll("''", "'")}"`, understood: true, aboutCaller: true };
    const column = BARE_COLUMN.exec(other);
    if (column) return { text: `where ${columnName(column[1]!)} matches their sign-in token's ${path}`, understood: true, aboutCaller: false };
  }
  if ((match = EXISTS.exec(clause))) {
    return { text: `where a matching row exists in ${match[1]}`, understood: true, aboutCaller: false };
  }
  if ((match = IN_SUBQUERY.exec(clause))) {
    return { text: `whose ${columnName(match[1]!)} is listed in ${match[2]}`, understood: true, aboutCaller: false };
  }
  if ((match = FUNCTION_CALL.exec(clause)) && balanced(match[2]!)) {
    const name = match[1]!;
    const args = match[2]!.replace(/::[\w.]+/g, '').trim();
    const roleArgument = /^'([^']+)'$/.exec(args);
    if (/(^|\.)has_role$/i.test(name) && roleArgument) {
      return { text: `when they hold the ${roleArgument[1]} role`, understood: true, aboutCaller: true };
    }
    return { text: `when the check ${name}(${args}) allows it`, understood: true, aboutCaller: !/[a-z_]\w*\s*(,|$)/i.test(args.replace(/'[^']*'/g, '')) };
  }
  if ((match = EQUALS_LITERAL.exec(clause))) {
    const value = match[2]!;
    const shown = value.startsWith("'") ? `"${value.slice(1, -1).replaceAll("''", "'")}"` : value.toLowerCase();
    return { text: `where ${columnName(match[1]!)} is ${shown}`, understood: true, aboutCaller: false };
  }
  if ((match = IS_NULL.exec(clause))) {
    return { text: `where ${columnName(match[1]!)} is ${match[2] ? 'set' : 'empty'}`, understood: true, aboutCaller: false };
  }
  if ((match = NOT_COLUMN.exec(clause))) return { text: `where ${columnName(match[1]!)} is false`, understood: true, aboutCaller: false };
  if ((match = BARE_COLUMN.exec(clause))) return { text: `where ${columnName(match[1]!)} is true`, understood: true, aboutCaller: false };
  return { text: `where this condition holds: ${clause}`, understood: false, aboutCaller: false };
}

function columnName(written: string): string {
  return written.startsWith('"') ? written.slice(1, -1).replaceAll('""', '"') : written;
}

function isTrue(expression: string): boolean {
  return /^true$/i.test(stripOuterParens(expression));
}

function normalize(expression: string): string {
  return stripOuterParens(expression).replace(/\s+/g, '').toLowerCase();
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const char of text) {
    if (char === '(') depth++;
    else if (char === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** Splits on a keyword (AND / OR) outside parentheses and quotes. */
function splitTopLevel(text: string, keyword: 'AND' | 'OR'): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  const pattern = new RegExp(`^\\s${keyword}\\s`, 'i');
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      if (char === quote) quote = null;
      continue;
    }
    if (char === "'" || char === '"') quote = char;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (depth === 0 && pattern.test(text.slice(i, i + keyword.length + 2))) {
      parts.push(text.slice(start, i));
      start = i + keyword.length + 2;
      i = start - 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim()).filter(Boolean);
}
