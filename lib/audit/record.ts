import 'server-only';
import { createAdminClient } from '@/lib/supabase/admin';
import { getRequestId } from '@/lib/supabase/request-id';

export type AuditOutcome = 'ok' | 'refused' | 'failed';

export type AuditEntry = {
  /** Verified user id from the session, or null when nobody is signed in. */
  actorId: string | null;
  action: string;
  target?: string | null;
  outcome: AuditOutcome;
  details?: Record<string, unknown>;
};

/**
 * Records what the server decided outside SQL (sign-ins, refusals by the role gate). SQL functions
 * audit their own acts in the same transaction; this is for everything else. The actor comes
 * from the verified session, never from input. A failure to audit is logged and rethrown: a
 * sensitive act must not proceed unrecorded.
 */
export async function recordAudit(entry: AuditEntry): Promise<void> {
  const requestId = await getRequestId();
  const { error } = await createAdminClient(requestId)
    .schema('console')
    .rpc('record_audit', {
      p_actor_id: entry.actorId,
      p_action: entry.action,
      p_target: entry.target ?? null,
      p_outcome: entry.outcome,
      p_details: entry.details ?? {},
      p_request_id: requestId,
    });
  if (error) {
    console.error('audit: could not record entry', { action: entry.action, outcome: entry.outcome, requestId, error: error.message });
    throw new Error('The audit log could not be written');
  }
}
