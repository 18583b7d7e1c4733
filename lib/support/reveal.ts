import 'server-only';
import { ActionError } from '@/lib/errors';
import { createClient } from '@/lib/supabase/server';
import { rpcFailure } from '@/lib/supabase/rpc-error';
import { formatInternational } from './phone';
import type { RevealedNumber } from './types';

type RevealRow = {
  revealed: boolean;
  phone_e164: string | null;
  refusal: string | null;
  message: string | null;
  reveals_left: number;
  resets_at: string | null;
};

/**
 * Reveals one number through the agent's own session. The SQL function decides everything (role,
 * reason, hourly cap) and audits the reveal or the refusal itself, in its own transaction; so a
 * refusal here is reported as 'invalid' and not audited a second time by the action wrapper.
 */
export async function revealPhoneNumber(phoneNumberId: string, reason: string): Promise<RevealedNumber> {
  const supabase = await createClient();
  const { data, error } = await supabase.schema('console').rpc('reveal_phone_number', { p_phone_number_id: phoneNumberId, p_reason: reason });
  if (error) throw rpcFailure('reveal the number', error);
  const row = ((data ?? []) as RevealRow[])[0];
  if (!row) throw new Error('reveal_phone_number returned no row');
  if (!row.revealed || !row.phone_e164) throw new ActionError(row.message ?? 'The number was not revealed.', 'invalid');
  return { e164: row.phone_e164, international: formatInternational(row.phone_e164), revealsLeft: row.reveals_left };
}
