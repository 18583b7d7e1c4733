import 'server-only';
import type { CountryCode } from 'libphonenumber-js/max';
import { createClient } from '@/lib/supabase/server';
import { rpcFailure } from '@/lib/supabase/rpc-error';
import { looksLikePhoneNumber, normalizePhone, regionName } from './phone';
import type { QueryReading, SearchMatch, SearchBudget, SupportSearchHit, SupportSearchResult } from './types';

export const SEARCH_MIN_LENGTH = 2;
export const SEARCH_LIMIT = 20;

type SearchRow = {
  user_id: string;
  email: string | null;
  full_name: string | null;
  matched_on: SearchMatch;
  matched_phone_masked: string | null;
  primary_phone_masked: string | null;
  phone_count: number;
};

/** The answer of `console.support_search`: the hits, why none were looked for, and the budget left. */
type SearchAnswer = {
  hits: SearchRow[];
  refusal: 'too_short' | 'limit_reached' | 'partial_phone' | null;
  message: string | null;
  searches_left?: number;
  searches_per_hour?: number;
  resets_at?: string | null;
};

/**
 * Reads the query (a phone number is normalised to E.164 in the agent's region) and asks
 * `console.support_search` through the agent's own session. The function checks the role, matches
 * a phone only as a whole number, masks the numbers, records the look-up in the audit log and
 * keeps the agent's hourly search budget; a query is sent only when the agent submits it.
 */
export async function searchSupportUsers(rawQuery: string, region: CountryCode): Promise<SupportSearchResult> {
  const query = rawQuery.replace(/\s+/g, ' ').trim();
  if (query.length < SEARCH_MIN_LENGTH) return { query, hits: [], reading: { kind: 'too_short' }, budget: null };

  let reading: QueryReading = query.length < 3 ? { kind: 'email_start_only' } : { kind: 'text' };
  let phoneE164: string | null = null;
  if (looksLikePhoneNumber(query)) {
    const phone = normalizePhone(query, region);
    if (phone.ok) {
      phoneE164 = phone.e164;
      reading = { kind: 'phone', international: phone.international, regionName: phone.region ? regionName(phone.region) : null, valid: phone.valid };
    } else {
      reading = { kind: 'phone_digits', problem: phone.message };
    }
  }

  const supabase = await createClient();
  const { data, error } = await supabase.schema('console').rpc('support_search', { p_query: query, p_phone_e164: phoneE164, p_limit: SEARCH_LIMIT });
  if (error) throw rpcFailure('search for people', error);
  const answer = data as SearchAnswer;
  if (answer.refusal === 'limit_reached') reading = { kind: 'limit_reached', message: answer.message ?? 'The hourly search limit is reached.' };
  const hits: SupportSearchHit[] = (answer.hits ?? []).map((row) => ({
    userId: row.user_id,
    email: row.email,
    fullName: row.full_name,
    matchedOn: row.matched_on,
    matchedPhone: row.matched_phone_masked,
    primaryPhone: row.primary_phone_masked,
    phoneCount: row.phone_count,
  }));
  const budget: SearchBudget | null =
    typeof answer.searches_left === 'number' && typeof answer.searches_per_hour === 'number'
      ? { left: answer.searches_left, perHour: answer.searches_per_hour, resetsAt: answer.resets_at ?? null }
      : null;
  return { query, hits, reading, budget };
}

/** The agent's search budget for the page's first render (no search is spent reading it). */
export async function readSearchBudget(): Promise<SearchBudget> {
  const supabase = await createClient();
  const { data, error } = await supabase.schema('console').rpc('support_search_quota');
  if (error) throw rpcFailure('read the search allowance', error);
  const row = ((data ?? []) as { searches_per_hour: number; used: number; resets_at: string | null }[])[0];
  if (!row) throw new Error('support_search_quota returned no row');
  return { left: Math.max(row.searches_per_hour - row.used, 0), perHour: row.searches_per_hour, resetsAt: row.resets_at };
}
