/**
 * What makes a reason for revealing a number acceptable: a ticket id (SUP-1234, #48213,
 * "ticket 48213") or a sentence of at least three different words and 15 characters. The
 * database decides (`console_private.reveal_reason_problem`); the form uses this copy of the rules
 * to answer while the agent types. Keep the two in step (an integration test runs both on the
 * same cases).
 */

export const REVEAL_REASON_MAX = 500;

export type RevealReasonProblem = 'missing' | 'too_long' | 'too_vague';

const TICKET = /(^|[^a-z0-9])([a-z][a-z0-9]{0,9}-[0-9]{1,10}|#[0-9]{3,12}|(ticket|case|issue|incident) ?#? ?[0-9]{3,12})([^a-z0-9]|$)/i;
/** A word: two or more characters that are not space, digit, punctuation or symbol, in any script. */
const WORD = /[^\s\p{N}\p{P}\p{S}]{2,}/gu;

export function normalizeReason(reason: string): string {
  return reason.replace(/\s+/g, ' ').trim();
}

export function revealReasonProblem(input: string): RevealReasonProblem | null {
  const reason = normalizeReason(input);
  if (reason === '') return 'missing';
  if (reason.length > REVEAL_REASON_MAX) return 'too_long';
  if (TICKET.test(reason)) return null;
  const words = new Set((reason.match(WORD) ?? []).map((word) => word.toLowerCase()));
  if (words.size < 3 || reason.length < 15) return 'too_vague';
  return null;
}

export const REVEAL_REASON_HINT: Record<RevealReasonProblem, string> = {
  missing: 'Give a ticket id (e.g. SUP-1234) or a sentence saying why you need the full number.',
  too_long: `Keep the reason to ${REVEAL_REASON_MAX} characters or fewer.`,
  too_vague: 'Say why in a few words (e.g. “customer asked to confirm the number on file”) or give the ticket id.',
};
