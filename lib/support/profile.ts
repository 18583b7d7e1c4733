import 'server-only';
import { createClient } from '@/lib/supabase/server';
import { rpcFailure } from '@/lib/supabase/rpc-error';
import type { PhoneHistoryEntry, RevealQuota, SupportPhoneNumber, SupportProfile } from './types';

type ProfileRow = { user_id: string; email: string | null; full_name: string | null; created_at: string; updated_at: string; last_sign_in_at: string | null };
type NumberRow = {
  phone_number_id: string;
  masked: string;
  country_code: string;
  label: string;
  is_primary: boolean;
  verified_at: string | null;
  created_at: string;
};
type HistoryRow = {
  change_id: number;
  changed_at: string;
  operation: PhoneHistoryEntry['operation'];
  phone_number_id: string;
  old_masked: string | null;
  new_masked: string | null;
  number_changed: boolean;
  old_label: string | null;
  new_label: string | null;
  old_is_primary: boolean | null;
  new_is_primary: boolean | null;
  old_verified_at: string | null;
  new_verified_at: string | null;
  changed_by: 'customer' | 'account' | 'system';
  changed_by_email: string | null;
  source: string;
};
type QuotaRow = { reveals_per_hour: number; used: number; resets_at: string | null };

export type SupportUserView = {
  profile: SupportProfile;
  numbers: SupportPhoneNumber[];
  history: PhoneHistoryEntry[];
  quota: RevealQuota;
};

/**
 * Everything the person page shows, read through the agent's own session (four SQL functions,
 * each checking the support role; numbers arrive masked). Null when there is no such profile.
 */
export async function loadSupportUser(userId: string): Promise<SupportUserView | null> {
  const supabase = await createClient();
  const db = supabase.schema('console');
  const [profile, numbers, history, quota] = await Promise.all([
    db.rpc('support_profile', { p_user_id: userId }),
    db.rpc('support_phone_numbers', { p_user_id: userId }),
    db.rpc('support_phone_history', { p_user_id: userId }),
    db.rpc('support_reveal_quota'),
  ]);
  for (const [operation, result] of [
    ['read the profile', profile],
    ['read the phone numbers', numbers],
    ['read the phone history', history],
    ['read your reveal allowance', quota],
  ] as const) {
    if (result.error) throw rpcFailure(operation, result.error);
  }
  const profileRow = ((profile.data ?? []) as ProfileRow[])[0];
  if (!profileRow) return null;
  const quotaRow = ((quota.data ?? []) as QuotaRow[])[0];

  return {
    profile: {
      userId: profileRow.user_id,
      email: profileRow.email,
      fullName: profileRow.full_name,
      createdAt: profileRow.created_at,
      updatedAt: profileRow.updated_at,
      lastSignInAt: profileRow.last_sign_in_at,
    },
    numbers: ((numbers.data ?? []) as NumberRow[]).map((row) => ({
      id: row.phone_number_id,
      masked: row.masked,
      countryCode: row.country_code,
      label: row.label,
      isPrimary: row.is_primary,
      verifiedAt: row.verified_at,
      createdAt: row.created_at,
    })),
    history: ((history.data ?? []) as HistoryRow[]).map((row) => ({
      id: Number(row.change_id),
      changedAt: row.changed_at,
      operation: row.operation,
      phoneNumberId: row.phone_number_id,
      oldMasked: row.old_masked,
      newMasked: row.new_masked,
      numberChanged: row.number_changed,
      oldLabel: row.old_label,
      newLabel: row.new_label,
      oldIsPrimary: row.old_is_primary,
      newIsPrimary: row.new_is_primary,
      oldVerifiedAt: row.old_verified_at,
      newVerifiedAt: row.new_verified_at,
      actor: row.changed_by === 'account' ? { kind: 'account', email: row.changed_by_email } : { kind: row.changed_by },
      source: row.source,
    })),
    quota: { perHour: quotaRow?.reveals_per_hour ?? 0, used: quotaRow?.used ?? 0, resetsAt: quotaRow?.resets_at ?? null },
  };
}
