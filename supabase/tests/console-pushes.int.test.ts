/**
 * The push rules, enforced by the database itself and proven by calling the SQL functions directly
 * through the API with real sessions: who may request, approve, reject, cancel and run; the
 * two-person rule; approval bound to the reviewed snapshot; every act and refusal audited.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole } from '../../devstack/testing/as-role';
import { DEMO, signedInClient, superuserSql } from '../../devstack/testing/clients';
import { parsePushDetail, parsePushSummaries } from '../../lib/migrations/push-records';
import { snapshotHash } from '../../lib/migrations/push-snapshot';
import { act, getPush, signInPeople, type People } from '../../devstack/testing/push-fixtures';

const sql = superuserSql();
let people: People;

beforeAll(async () => {
  people = await signInPeople();
});

afterAll(() => sql.end());

let versionSeed = 30000000000000;

type FileSpec = { outOfOrder?: boolean; nonTransactional?: boolean; statementCount?: number };

/** A snapshot as the console's server builds it, for files that need not exist: the rules do not read files. */
function snapshot(files: FileSpec[] = [{}], lastApplied: string | null = null) {
  return {
    last_applied_version: lastApplied,
    history_fingerprint: createHash('sha256').update(`history ${versionSeed}`).digest('hex'),
    findings: [],
    files: files.map((file) => {
      const version = String(++versionSeed);
      return {
        version,
        name: `rules_${version}`,
        file_name: `${version}_rules_${version}.sql`,
        module: 'shared',
        sha256: createHash('sha256').update(version).digest('hex'),
        size_bytes: 20,
        statement_count: file.statementCount ?? 1,
        out_of_order: file.outOfOrder ?? false,
        non_transactional: file.nonTransactional ?? false,
        transaction_issues: [],
        findings: [],
      };
    }),
  };
}

async function requested(by: keyof Omit<People, 'ids'> = 'operator', files: FileSpec[] = [{}]) {
  const result = await act(people[by], 'request_push', { p_snapshot: snapshot(files), p_note: 'rules test' });
  if (!result.ok || !result.id || !result.snapshot_hash) throw new Error(`request refused: ${JSON.stringify(result)}`);
  return { id: result.id, hash: result.snapshot_hash };
}

async function stateOf(id: string): Promise<string> {
  const [row] = await sql<{ state: string }[]>`select state from console.push_requests where id = ${id}`;
  return row?.state ?? 'missing';
}

async function auditOf(id: string) {
  return sql<{ action: string; outcome: string; actor_email: string | null; details: { code?: string } }[]>`
    select action, outcome, actor_email, details from console.audit_log where target = ${`push:${id}`} order by id`;
}

describe('request_push', () => {
  it('lets an operator request, records the snapshot and audits it', async () => {
    const { id, hash } = await requested('operator', [{}, { nonTransactional: false }]);
    expect(await stateOf(id)).toBe('requested');
    const [request] = await sql<{ requested_by_email: string; file_count: number; snapshot_hash: string }[]>`
      select requested_by_email, file_count, snapshot_hash from console.push_requests where id = ${id}`;
    expect(request).toMatchObject({ requested_by_email: DEMO.operator, file_count: 2, snapshot_hash: hash });
    expect(await auditOf(id)).toEqual([expect.objectContaining({ action: 'push.request', outcome: 'ok', actor_email: DEMO.operator })]);
  });

  it('computes the same snapshot hash as the TypeScript side', async () => {
    const { id, hash } = await requested();
    const [request] = await sql<
      { last_applied_version: string | null; history_fingerprint: string; include_all: boolean; acknowledge_non_transactional: boolean }[]
    >`
      select last_applied_version, history_fingerprint, include_all, acknowledge_non_transactional from console.push_requests where id = ${id}`;
    const files = await sql<
      { version: string; sha256: string; statement_count: number; out_of_order: boolean; non_transactional: boolean; file_name: string }[]
    >`
      select version, sha256, statement_count, out_of_order, non_transactional, file_name from console.push_request_files where request_id = ${id} order by ordinal`;
    expect(
      snapshotHash({
        lastAppliedVersion: request!.last_applied_version,
        historyFingerprint: request!.history_fingerprint,
        includeAll: request!.include_all,
        acknowledgeNonTransactional: request!.acknowledge_non_transactional,
        files: files.map((file) => ({
          version: file.version,
          sha256: file.sha256,
          statementCount: file.statement_count,
          outOfOrder: file.out_of_order,
          nonTransactional: file.non_transactional,
          fileName: file.file_name,
        })),
      }),
    ).toBe(hash);
  });

  it('refuses support and people without a role, and audits the refusal', async () => {
    const support = await signedInClient(DEMO.support);
    const result = await act(support, 'request_push', { p_snapshot: snapshot() });
    expect(result).toMatchObject({ ok: false, code: 'forbidden' });
    const outsider = await signedInClient(DEMO.outsider);
    expect(await act(outsider, 'request_push', { p_snapshot: snapshot() })).toMatchObject({ ok: false, code: 'forbidden' });
    const [row] =
      await sql`select outcome, actor_email from console.audit_log where action = 'push.request' and actor_email = ${DEMO.support} order by id desc limit 1`;
    expect(row).toMatchObject({ outcome: 'refused' });
  });

  it('needs the acknowledgements for out-of-order and non-transactional files', async () => {
    const old = snapshot([{}], '99999999999999');
    old.files[0]!.out_of_order = true;
    expect(await act(people.operator, 'request_push', { p_snapshot: old })).toMatchObject({ ok: false, code: 'acknowledgement_required' });
    expect(await act(people.operator, 'request_push', { p_snapshot: old, p_include_all: true })).toMatchObject({ ok: true });

    const unwrapped = snapshot([{ nonTransactional: true }]);
    expect(await act(people.operator, 'request_push', { p_snapshot: unwrapped })).toMatchObject({ ok: false, code: 'acknowledgement_required' });
    expect(await act(people.operator, 'request_push', { p_snapshot: unwrapped, p_acknowledge_non_transactional: true })).toMatchObject({ ok: true });
  });

  it('refuses snapshots that are inconsistent or empty', async () => {
    const lying = snapshot([{}], '99999999999999');
    // Older than the last applied version but not flagged: the request function recomputes it.
    expect(await act(people.operator, 'request_push', { p_snapshot: lying })).toMatchObject({ ok: false, code: 'invalid_snapshot' });
    const unordered = snapshot([{}, {}]);
    unordered.files.reverse();
    expect(await act(people.operator, 'request_push', { p_snapshot: unordered })).toMatchObject({ ok: false, code: 'invalid_snapshot' });
    const badHash = snapshot();
    badHash.files[0]!.sha256 = 'not-a-hash';
    expect(await act(people.operator, 'request_push', { p_snapshot: badHash })).toMatchObject({ ok: false, code: 'invalid_snapshot' });
    expect(await act(people.operator, 'request_push', { p_snapshot: { ...snapshot(), files: [] } })).toMatchObject({ ok: false, code: 'nothing_pending' });
  });
});

describe('approve_push', () => {
  it('refuses self-approval even when the requester is an admin calling the function directly', async () => {
    const { id, hash } = await requested('admin');
    const result = await act(people.admin, 'approve_push', { p_id: id, p_snapshot_hash: hash });
    expect(result).toMatchObject({ ok: false, code: 'self_approval' });
    expect(await stateOf(id)).toBe('requested');
    const audit = await auditOf(id);
    expect(audit.at(-1)).toMatchObject({ action: 'push.approve', outcome: 'refused', actor_email: DEMO.admin, details: { code: 'self_approval' } });
  });

  it('refuses an operator', async () => {
    const { id, hash } = await requested('admin');
    expect(await act(people.operator, 'approve_push', { p_id: id, p_snapshot_hash: hash })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await stateOf(id)).toBe('requested');
  });

  it("refuses a hash other than the request's snapshot", async () => {
    const { id } = await requested();
    const result = await act(people.approver, 'approve_push', { p_id: id, p_snapshot_hash: 'f'.repeat(64) });
    expect(result).toMatchObject({ ok: false, code: 'snapshot_mismatch' });
    expect(await stateOf(id)).toBe('requested');
  });

  it('lets a different admin approve the reviewed snapshot, once', async () => {
    const { id, hash } = await requested('admin');
    expect(await act(people.approver, 'approve_push', { p_id: id, p_snapshot_hash: hash })).toMatchObject({ ok: true, state: 'approved' });
    expect(await stateOf(id)).toBe('approved');
    expect(await act(people.approver, 'approve_push', { p_id: id, p_snapshot_hash: hash })).toMatchObject({ ok: false, code: 'invalid_state' });
    const [approval] = await sql`select approved_by_email, snapshot_hash from console.push_approvals where request_id = ${id}`;
    expect(approval).toEqual({ approved_by_email: DEMO.approver, snapshot_hash: hash });
  });
});

describe('reject_push and cancel_push', () => {
  it('lets any admin reject with a reason, and nobody else', async () => {
    const { id } = await requested();
    expect(await act(people.operator, 'reject_push', { p_id: id, p_reason: 'no' })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await act(people.admin, 'reject_push', { p_id: id, p_reason: '  ' })).toMatchObject({ ok: false, code: 'reason_required' });
    expect(await act(people.admin, 'reject_push', { p_id: id, p_reason: 'drops a column still in use' })).toMatchObject({ ok: true, state: 'rejected' });
    const [row] = await sql`select state, close_reason, closed_by_email from console.push_requests where id = ${id}`;
    expect(row).toEqual({ state: 'rejected', close_reason: 'drops a column still in use', closed_by_email: DEMO.admin });
  });

  it('lets the requester or an admin cancel, not another operator, and not a push that ran', async () => {
    const other = await signedInClient(DEMO.admin);
    const mine = await requested('operator');
    expect(await act(people.operator, 'cancel_push', { p_id: mine.id })).toMatchObject({ ok: true, state: 'cancelled' });

    const admins = await requested('admin');
    expect(await act(people.operator, 'cancel_push', { p_id: admins.id })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await act(people.approver, 'approve_push', { p_id: admins.id, p_snapshot_hash: admins.hash })).toMatchObject({ ok: true });
    expect(await act(other, 'cancel_push', { p_id: admins.id, p_reason: 'not today' })).toMatchObject({ ok: true, state: 'cancelled' });
    expect(await act(other, 'cancel_push', { p_id: admins.id })).toMatchObject({ ok: false, code: 'invalid_state' });
  });
});

describe('start_push_run', () => {
  const startArgs = (id: string) => ({ p_id: id, p_target_database: 'postgres', p_backend_pid: 1, p_lock_timeout: '5s', p_statement_timeout: '15min' });

  it('refuses an operator, and a request that is not approved', async () => {
    const { id, hash } = await requested();
    expect(await act(people.admin, 'start_push_run', startArgs(id))).toMatchObject({ ok: false, code: 'not_approved' });
    expect(await act(people.approver, 'approve_push', { p_id: id, p_snapshot_hash: hash })).toMatchObject({ ok: true });
    expect(await act(people.operator, 'start_push_run', startArgs(id))).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await stateOf(id)).toBe('approved');
    const audit = await auditOf(id);
    expect(audit.filter((row) => row.action === 'push.run').map((row) => row.details.code)).toEqual(['not_approved', 'forbidden']);
  });

  it('starts a run once; a second start says push in progress', async () => {
    const { id, hash } = await requested();
    await act(people.approver, 'approve_push', { p_id: id, p_snapshot_hash: hash });
    const first = await act(people.admin, 'start_push_run', startArgs(id));
    expect(first).toMatchObject({ ok: true });
    expect(await act(people.approver, 'start_push_run', startArgs(id))).toMatchObject({ ok: false, code: 'push_in_progress' });
    const steps =
      await sql`select s.ordinal, s.status, s.mode from console.push_steps s join console.push_runs r on r.id = s.run_id where r.request_id = ${id}`;
    expect(steps).toEqual([{ ordinal: 0, status: 'pending', mode: 'transaction' }]);
    // No engine holds the lock for it: the page can tell it is not really running.
    const detail = (await getPush(people.admin, id)) as { runs: { engine_active: boolean }[] };
    expect(detail.runs[0]?.engine_active).toBe(false);
    // Tidy up as the engine's recovery would.
    await sql`select console_private.finish_push_run(r.id, 'failed', '{"kind":"internal","message":"test"}') from console.push_runs r where r.request_id = ${id}`;
    expect(await act(people.admin, 'start_push_run', startArgs(id))).toMatchObject({ ok: false, code: 'already_ran' });
  });

  it('does not count an approval whose approver is no longer an admin', async () => {
    const { id, hash } = await requested();
    await act(people.approver, 'approve_push', { p_id: id, p_snapshot_hash: hash });
    // In a transaction that is rolled back: the approver loses the admin role, then an admin tries to run.
    let code: string | undefined;
    await sql
      .begin(async (tx) => {
        await tx`delete from console.member_roles where user_id = ${people.ids.approver} and role = 'admin'`;
        await tx`select set_config('role', 'authenticated', true),
                      set_config('request.jwt.claims', ${JSON.stringify({ role: 'authenticated', sub: people.ids.admin })}, true)`;
        const [row] = await tx<{ result: { code: string } }[]>`select console.start_push_run(${id}::uuid, 'postgres', 1, '5s', '15min') as result`;
        code = row?.result.code;
        throw new Error('rollback');
      })
      .catch((error: Error) => {
        if (error.message !== 'rollback') throw error;
      });
    expect(code).toBe('not_approved');
  });
});

describe('reads and direct table access', () => {
  it('lists pushes and shows one with what the viewer may do', async () => {
    const { id, hash } = await requested('admin');
    const { data: list, error } = await people.operator.schema('console').rpc('list_pushes', { p_state: 'requested', p_limit: 200 });
    expect(error).toBeNull();
    const summary = parsePushSummaries(list).find((row) => row.id === id);
    expect(summary).toMatchObject({ state: 'requested', requestedByEmail: DEMO.admin, fileCount: 1, runStatus: null });

    const asApprover = parsePushDetail(await getPush(people.approver, id));
    expect(asApprover?.viewer).toEqual({ canApprove: true, canReject: true, canCancel: true, canRun: false });
    expect(asApprover).toMatchObject({ snapshotHash: hash, state: 'requested', files: [{ ordinal: 0, statementCount: 1 }], approvals: [], runs: [] });
    expect(parsePushDetail(await getPush(people.admin, id))?.viewer.canApprove).toBe(false);
    expect(parsePushDetail(await getPush(people.operator, id))?.viewer).toEqual({ canApprove: false, canReject: false, canCancel: false, canRun: false });
    expect(parsePushDetail(await getPush(people.operator, '00000000-0000-0000-0000-000000000000'))).toBeNull();
  });

  it('refuses reads to support', async () => {
    const support = await signedInClient(DEMO.support);
    const { error } = await support.schema('console').rpc('list_pushes', {});
    expect(error?.code).toBe('42501');
  });

  it("gives API roles no direct access to the tables, nor to the engine's functions", async () => {
    for (const table of ['push_requests', 'push_request_files', 'push_approvals', 'push_runs', 'push_steps']) {
      await expect(
        asRole(sql, { role: 'authenticated', userId: people.ids.admin }, (tx) => tx.unsafe(`select * from console.${table}`)),
        table,
      ).rejects.toThrow(/permission denied/);
      await expect(
        asRole(sql, { role: 'service_role' }, (tx) => tx.unsafe(`delete from console.${table}`)),
        table,
      ).rejects.toThrow(/permission denied/);
    }
    await expect(
      asRole(sql, { role: 'authenticated', userId: people.ids.admin }, (tx) => tx`select console_private.finish_push_run(gen_random_uuid(), 'succeeded')`),
    ).rejects.toThrow(/permission denied/);
    const { error } = await people.admin.schema('console').rpc('finish_push_run', { p_run: '00000000-0000-0000-0000-000000000000', p_status: 'succeeded' });
    expect(error).not.toBeNull();
  });
});
