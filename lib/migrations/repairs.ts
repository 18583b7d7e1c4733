import 'server-only';
import { z } from 'zod';
import { createClient } from '@/lib/supabase/server';
import { rpcFailure } from '@/lib/supabase/rpc-error';
import { loadStatusReport } from './load-status';
import { parseActAnswer, sentence } from './push-records';
import type { MigrationRow } from './types';

/**
 * Repairs of the migration history (what `supabase migration repair` does), with the two-person
 * rule of pushes: one admin requests, another approves, and the approval writes the history in
 * SQL (`console.approve_repair`), under the push lock. Everything goes through the person's own
 * session; the SQL functions check the role, the state and the second person themselves.
 */

export type RepairKind = 'applied' | 'reverted';

export type RepairRecord = {
  id: string;
  kind: RepairKind;
  version: string;
  name: string | null;
  fileName: string | null;
  fileSha256: string | null;
  statementCount: number;
  reason: string;
  state: 'requested' | 'done' | 'rejected' | 'cancelled';
  requestedByEmail: string | null;
  requestedAt: string;
  decidedByEmail: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  canApprove: boolean;
  canClose: boolean;
};

const recordSchema = z.object({
  id: z.string(),
  kind: z.enum(['applied', 'reverted']),
  version: z.string(),
  name: z.string().nullable(),
  file_name: z.string().nullable(),
  file_sha256: z.string().nullable(),
  statement_count: z.number(),
  reason: z.string(),
  state: z.enum(['requested', 'done', 'rejected', 'cancelled']),
  requested_by_email: z.string().nullable(),
  requested_at: z.string(),
  decided_by_email: z.string().nullable(),
  decided_at: z.string().nullable(),
  decision_note: z.string().nullable(),
  can_approve: z.boolean(),
  can_close: z.boolean(),
});

export type RepairResult = { ok: true; message: string } | { ok: false; message: string };

/** What a repair of this row may be, and why not; the migration page offers only what applies. */
export function repairOptions(row: MigrationRow): { applied: string | null; reverted: string | null } {
  const file = row.local;
  // A file PostgreSQL cannot read never ran anywhere: recording it as applied would be a lie.
  const broken = row.findings.some((finding) => finding.severity === 'blocking' && finding.risk);
  const canRecord =
    !broken &&
    file !== null &&
    file.version !== null &&
    file.sha256 !== null &&
    file.statements !== null &&
    !file.skipped &&
    (row.status === 'pending' ||
      row.status === 'pending_out_of_order' ||
      row.status === 'edited_after_apply' ||
      (row.status === 'applied' && row.remote?.statements === null));
  return {
    applied: canRecord
      ? row.status === 'edited_after_apply'
        ? 'Record the file as it is now: use this only if the database already has the change (made by other means); the edit itself never runs.'
        : 'Record the file as applied without running it: use this only if its SQL already ran by other means.'
      : null,
    reverted: row.remote
      ? row.local
        ? 'Delete the history row: the file becomes pending and runs again on the next push. What it created stays in the database.'
        : 'Delete the history row of a file that is gone. What the migration created stays in the database.'
      : null,
  };
}

export async function requestRepair(kind: RepairKind, version: string, reason: string): Promise<RepairResult> {
  const report = await loadStatusReport();
  const row = report.rows.find((candidate) => candidate.version === version);
  if (!row) return { ok: false, message: `There is no version ${version} in the folder or the history.` };
  const options = repairOptions(row);
  if (kind === 'applied' && !options.applied)
    return {
      ok: false,
      message: `Version ${version} cannot be recorded as applied: it needs a readable file that is not applied yet (or edited after apply).`,
    };
  if (kind === 'reverted' && !options.reverted) return { ok: false, message: `Version ${version} is not in the history; there is nothing to revert.` };
  const file = kind === 'applied' ? row.local : null;
  const supabase = await createClient();
  const { data, error } = await supabase.schema('console').rpc('request_repair', {
    p_kind: kind,
    p_version: version,
    p_name: file?.name ?? null,
    p_statements: file?.statements ?? null,
    p_file_name: file?.fileName ?? null,
    p_file_sha256: file?.sha256 ?? null,
    p_reason: reason,
  });
  if (error) throw rpcFailure('request the repair', error);
  const answer = parseActAnswer(data);
  return answer.ok
    ? { ok: true, message: 'Requested. Another admin must approve it before the history changes.' }
    : { ok: false, message: sentence(answer.message) };
}

/** Approval by another admin; an 'applied' repair whose file changed since the request is refused first. */
export async function approveRepair(id: string): Promise<RepairResult> {
  const repair = (await listRepairs()).find((candidate) => candidate.id === id);
  if (!repair) return { ok: false, message: 'There is no such repair request.' };
  if (repair.kind === 'applied') {
    const row = (await loadStatusReport()).rows.find((candidate) => candidate.version === repair.version);
    if (row?.local?.sha256 !== repair.fileSha256) {
      return {
        ok: false,
        message: `${repair.fileName ?? repair.version} changed since the repair was requested; close this request and ask again for the file as it is now.`,
      };
    }
  }
  const supabase = await createClient();
  const { data, error } = await supabase.schema('console').rpc('approve_repair', { p_id: id });
  if (error) throw rpcFailure('approve the repair', error);
  const answer = parseActAnswer(data);
  return answer.ok ? { ok: true, message: `Done: version ${repair.version} is recorded as ${repair.kind}.` } : { ok: false, message: sentence(answer.message) };
}

export async function closeRepair(id: string, note: string | null): Promise<RepairResult> {
  const supabase = await createClient();
  const { data, error } = await supabase.schema('console').rpc('close_repair', { p_id: id, p_note: note });
  if (error) throw rpcFailure('close the repair', error);
  const answer = parseActAnswer(data);
  return answer.ok ? { ok: true, message: 'Closed.' } : { ok: false, message: sentence(answer.message) };
}

export async function listRepairs(): Promise<RepairRecord[]> {
  const supabase = await createClient();
  const { data, error } = await supabase.schema('console').rpc('list_repairs', { p_limit: 100 });
  if (error) throw rpcFailure('list the repairs', error);
  return z
    .array(recordSchema)
    .parse(data ?? [])
    .map((row) => ({
      id: row.id,
      kind: row.kind,
      version: row.version,
      name: row.name,
      fileName: row.file_name,
      fileSha256: row.file_sha256,
      statementCount: row.statement_count,
      reason: row.reason,
      state: row.state,
      requestedByEmail: row.requested_by_email,
      requestedAt: row.requested_at,
      decidedByEmail: row.decided_by_email,
      decidedAt: row.decided_at,
      decisionNote: row.decision_note,
      canApprove: row.can_approve,
      canClose: row.can_close,
    }));
}
