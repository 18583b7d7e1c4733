import 'server-only';
import { z } from 'zod';
import { createClient } from '@/lib/supabase/server';
import { rpcFailure } from '@/lib/supabase/rpc-error';

export const AUDIT_PAGE_SIZE = 50;

/** Filters from the /audit query string; anything malformed is dropped rather than trusted. */
export const auditFilterSchema = z.object({
  actor: z.string().trim().max(200).optional().catch(undefined),
  action: z
    .string()
    .trim()
    .regex(/^[a-z0-9_.]*$/)
    .max(64)
    .optional()
    .catch(undefined),
  outcome: z.enum(['ok', 'refused', 'failed']).optional().catch(undefined),
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});

export type AuditFilter = z.infer<typeof auditFilterSchema>;

export type AuditEntryRow = {
  id: number;
  occurred_at: string;
  actor_id: string | null;
  actor_email: string | null;
  actor_roles: string[];
  action: string;
  target: string | null;
  outcome: 'ok' | 'refused' | 'failed';
  request_id: string | null;
  details: Record<string, unknown>;
};

export async function listAudit(filter: AuditFilter): Promise<{ entries: AuditEntryRow[]; nextBefore: number | null }> {
  const supabase = await createClient();
  const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString();
  const { data, error } = await supabase.schema('console').rpc('list_audit', {
    p_actor: filter.actor || null,
    p_action: filter.action || null,
    p_outcome: filter.outcome ?? null,
    p_from: filter.from ? `${filter.from}T00:00:00Z` : null,
    p_to: filter.to ? dayAfter(filter.to) : null,
    p_before_id: filter.before ?? null,
    p_limit: AUDIT_PAGE_SIZE + 1,
  });
  if (error) throw rpcFailure('read the audit log', error);
  const rows = (data ?? []) as AuditEntryRow[];
  const entries = rows.slice(0, AUDIT_PAGE_SIZE);
  return { entries, nextBefore: rows.length > AUDIT_PAGE_SIZE ? entries[entries.length - 1]!.id : null };
}
