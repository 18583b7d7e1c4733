'use server';

import { refresh } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/auth/action';
import { defaultPhoneRegion } from '@/lib/support/default-region';
import { isPhoneRegion } from '@/lib/support/phone';
import { REVEAL_REASON_HINT, REVEAL_REASON_MAX, normalizeReason } from '@/lib/support/reveal-reason';
import { revealPhoneNumber } from '@/lib/support/reveal';
import { searchSupportUsers } from '@/lib/support/search';
import type { RevealedNumber, SupportSearchResult } from '@/lib/support/types';

/** Results as the agent types; the search box calls it (debounced) with the query and its region. */
export const searchUsers = defineAction({
  name: 'support.search',
  roles: ['support'],
  input: z.object({
    q: z.string().max(200, 'Searches are limited to 200 characters.'),
    region: z.string().refine(isPhoneRegion, 'Choose a country from the list.').optional(),
  }),
  async run(input) {
    const region = input.region && isPhoneRegion(input.region) ? input.region : defaultPhoneRegion();
    const data: SupportSearchResult = await searchSupportUsers(input.q, region);
    return { ok: true, data };
  },
});

/**
 * Reveals one full number. Reason rules, the hourly cap and the audit row all live in the SQL
 * function; the input here is only shaped (a reason over the limit is refused by both with the same words),
 * so every other refusal reaches the database and is recorded.
 */
export const revealNumber = defineAction({
  name: 'support.reveal',
  roles: ['support'],
  input: z.object({
    phoneNumberId: z.uuid('Unknown phone number.'),
    // The same limit and words as the database (which counts after collapsing whitespace, as here).
    reason: z.string().default('').transform(normalizeReason).pipe(z.string().max(REVEAL_REASON_MAX, REVEAL_REASON_HINT.too_long)),
  }),
  async run(input) {
    try {
      const data: RevealedNumber = await revealPhoneNumber(input.phoneNumberId, input.reason);
      return { ok: true, data };
    } finally {
      // The allowance shown on the page changed (or a refusal was recorded): re-render it, masked.
      refresh();
    }
  },
});
