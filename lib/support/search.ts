import 'server-only';
import type { CountryCode } from 'libphonenumber-js/max';
import { createClient } from '@/lib/supabase/server';
import { rpcFailure } from '@/lib/supabase/rpc-error';
import { looksLikePhoneNumber, normalizePhone, regionName } from './phone';
import type { QueryReading, SearchMatch, SupportSearchHit, SupportSearchResult } from './types';

export const SEARCH_MIN_LENGTH = 2;
export const SEARCH_LIMIT = 20;

type SearchRow = {
  user_id: string; email: string | null; full_name: string | null; matched_on: SearchMatch;
  matched_phone_masked: string | null; primary_phone_masked: string | null; phone_count: number;
};

/**
 * Reads the query (a phone number is normalised to E.164 in the agent's region) and asks
 * `console.support_search` through the agent's own session; the function checks the role and
 * masks the numbers.
 */
export async function searchSupportUsers(rawQuery: string, region: CountryCode): Promise<SupportSearchResult> {
  const query = rawQuery.replace(/\s+/g, ' ').trim();
  if (query.length < SEARCH_MIN_LENGTH) return { query, hits: [], reading: { kind: 'too_short' } };

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
  const hits: SupportSearchHit[] = ((data ?? []) as SearchRow[]).map((row) => ({
    userId: row.user_id,
    email: row.email,
    fullName: row.full_name,
    matchedOn: row.matched_on,
    matchedPhone: row.matched_phone_masked,
    primaryPhone: row.primary_phone_masked,
    phoneCount: row.phone_count,
  }));
  return { query, hits, reading };
}
