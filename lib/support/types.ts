/**
 * What the support pages receive: only the fields they show. Phone numbers are always the masked
 * text produced by SQL; a full number exists only in the answer to a reveal.
 */

export type SearchMatch = 'id' | 'phone' | 'email' | 'name';

export type SupportSearchHit = {
  userId: string;
  email: string | null;
  fullName: string | null;
  matchedOn: SearchMatch;
  /** The masked number that matched, for phone matches. */
  matchedPhone: string | null;
  primaryPhone: string | null;
  phoneCount: number;
};

/** How the console read the query, shown under the search box. */
export type QueryReading =
  | { kind: 'text' }
  | { kind: 'too_short' }
  /** Two characters: only emails that start with them; names need three (trigram search). */
  | { kind: 'email_start_only' }
  | { kind: 'phone'; international: string; regionName: string | null; valid: boolean }
  /** Written like a phone number but not a whole one: phones are matched only as whole numbers. */
  | { kind: 'phone_digits'; problem: string }
  /** The agent's hourly search budget is spent; nothing was searched. */
  | { kind: 'limit_reached'; message: string };

/** Searches left to the agent in the current hour (each search is an audited look-up). */
export type SearchBudget = { left: number; perHour: number; resetsAt: string | null };

export type SupportSearchResult = { query: string; hits: SupportSearchHit[]; reading: QueryReading; budget: SearchBudget | null };

export type SupportProfile = {
  userId: string;
  email: string | null;
  fullName: string | null;
  createdAt: string;
  updatedAt: string;
  lastSignInAt: string | null;
};

export type SupportPhoneNumber = {
  id: string;
  masked: string;
  countryCode: string;
  label: string;
  isPrimary: boolean;
  verifiedAt: string | null;
  createdAt: string;
};

export type PhoneChangeActor = { kind: 'customer' } | { kind: 'account'; email: string | null } | { kind: 'system' };

export type PhoneHistoryEntry = {
  id: number;
  changedAt: string;
  operation: 'insert' | 'update' | 'delete';
  phoneNumberId: string;
  oldMasked: string | null;
  newMasked: string | null;
  numberChanged: boolean;
  oldLabel: string | null;
  newLabel: string | null;
  oldIsPrimary: boolean | null;
  newIsPrimary: boolean | null;
  oldVerifiedAt: string | null;
  newVerifiedAt: string | null;
  actor: PhoneChangeActor;
  source: string;
};

export type RevealQuota = { perHour: number; used: number; resetsAt: string | null };

export type RevealedNumber = { international: string; e164: string; revealsLeft: number };
