import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseMigrationFileName } from './file-name';
import { historyFingerprint, planPush, requestPayload, snapshotHash, snapshotText, staleReasons, type PushPlan } from './push-snapshot';
import { splitStatements } from '@/lib/sql/split-statements';
import { computeStatus } from './status';
import type { LocalMigration, RemoteMigration } from './types';

function local(fileName: string, sql = `select '${fileName}';`): LocalMigration {
  const parsed = parseMigrationFileName(fileName);
  return {
    fileName,
    version: parsed?.version ?? null,
    name: parsed?.name ?? null,
    module: 'shared',
    sizeBytes: Buffer.byteLength(sql),
    sha256: createHash('sha256').update(sql).digest('hex'),
    statements: parsed ? splitStatements(sql) : null,
  };
}

const pushed = (file: LocalMigration): RemoteMigration => ({ version: file.version ?? '', name: file.name, statements: file.statements });

describe('planPush', () => {
  it('lists the pending files in push order with hashes, counts and flags', () => {
    const a = local('20240101000000_a.sql');
    const b = local('20240103000000_b.sql', 'create table b (id int);\ncreate index concurrently b_id on b (id);');
    const old = local('20240102000000_old.sql');
    const plan = planPush(computeStatus([a, b, old], [pushed(a), { version: '20240102500000', name: 'x', statements: [] }]));
    // 20240102500000 is remote-only: the plan lists files but is blocked.
    expect(plan.blockers.map((blocker) => blocker.code)).toEqual(['remote_only']);
    const ok = planPush(computeStatus([a, b, old], [pushed(a)]));
    expect(ok.blockers).toEqual([]);
    expect(ok.files.map((file) => [file.fileName, file.statementCount, file.outOfOrder, file.nonTransactional])).toEqual([
      ['20240102000000_old.sql', 1, false, false],
      ['20240103000000_b.sql', 2, false, true],
    ]);
    expect(ok.files[1]?.sha256).toBe(b.sha256);
    expect(ok.files[1]?.transactionIssues[0]).toMatchObject({ statementIndex: 1, code: 'index_concurrently' });
    expect(ok.needsNonTransactionalAck).toBe(true);
    expect(ok.needsIncludeAll).toBe(false);
    expect(ok.lastAppliedVersion).toBe('20240101000000');
  });

  it('marks files older than the last applied version as out of order', () => {
    const a = local('20240101000000_a.sql');
    const c = local('20240105000000_c.sql');
    const plan = planPush(computeStatus([a, c], [pushed(c)]));
    expect(plan.files.map((file) => [file.version, file.outOfOrder])).toEqual([['20240101000000', true]]);
    expect(plan.needsIncludeAll).toBe(true);
  });

  it('says when there is nothing to push', () => {
    const a = local('20240101000000_a.sql');
    expect(planPush(computeStatus([a], [pushed(a)])).blockers.map((blocker) => blocker.code)).toEqual(['nothing_pending']);
  });

  it('blocks duplicate versions, unreadable pending files and names the CLI skips, keeps other findings for the record', () => {
    const one = local('20240101000000_one.sql');
    const two = local('20240101000000_two.sql');
    const broken = { ...local('20240102000000_broken.sql'), sha256: null, statements: null, unreadable: 'not_utf8' as const };
    const misnamed = local('init.sql');
    const plan = planPush(computeStatus([one, two, broken, misnamed], []));
    expect(plan.blockers.map((blocker) => blocker.code)).toEqual(['duplicate_version', 'unreadable', 'invalid_name']);
    expect(plan.blockers[2]?.message).toContain('init.sql');
    expect(plan.findings.map((finding) => finding.key)).toContain('init.sql');
  });

  it('gives the request function snake_case JSON', () => {
    const plan = planPush(computeStatus([local('20240101000000_a.sql')], null));
    expect(requestPayload(plan)).toMatchObject({
      last_applied_version: null,
      files: [{ file_name: '20240101000000_a.sql', statement_count: 1, out_of_order: false }],
    });
  });
});

describe('historyFingerprint', () => {
  it('is the same for a missing and an empty table, and for any row order', () => {
    const rows: RemoteMigration[] = [
      { version: '2', name: 'b', statements: ['select 2'] },
      { version: '1', name: 'a', statements: null },
    ];
    expect(historyFingerprint(null)).toBe(historyFingerprint([]));
    expect(historyFingerprint(rows)).toBe(historyFingerprint([...rows].reverse()));
  });

  it('changes with any version, name or statement', () => {
    const base: RemoteMigration[] = [{ version: '1', name: 'a', statements: ['select 1'] }];
    const fingerprint = historyFingerprint(base);
    expect(historyFingerprint([{ version: '1', name: 'b', statements: ['select 1'] }])).not.toBe(fingerprint);
    expect(historyFingerprint([{ version: '1', name: 'a', statements: ['select 2'] }])).not.toBe(fingerprint);
    expect(historyFingerprint([{ version: '1', name: 'a', statements: null }])).not.toBe(fingerprint);
    expect(historyFingerprint([...base, { version: '2', name: null, statements: [] }])).not.toBe(fingerprint);
  });
});

describe('snapshotHash', () => {
  const input = {
    lastAppliedVersion: null,
    historyFingerprint: 'a'.repeat(64),
    includeAll: false,
    acknowledgeNonTransactional: true,
    files: [{ version: '1', sha256: 'b'.repeat(64), statementCount: 2, outOfOrder: false, nonTransactional: true, fileName: '1_x y.sql' }],
  };

  it('has a documented canonical text (the SQL side builds the same)', () => {
    expect(snapshotText(input)).toBe(
      [
        'migration-console push snapshot v1',
        'last_applied_version -',
        `history_fingerprint ${'a'.repeat(64)}`,
        'include_all false',
        'acknowledge_non_transactional true',
        `file 0 1 ${'b'.repeat(64)} 2 false true ${Buffer.from('1_x y.sql').toString('hex')}`,
        '',
      ].join('\n'),
    );
    expect(snapshotHash(input)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with every covered field', () => {
    const hash = snapshotHash(input);
    expect(snapshotHash({ ...input, includeAll: true })).not.toBe(hash);
    expect(snapshotHash({ ...input, lastAppliedVersion: '0' })).not.toBe(hash);
    expect(snapshotHash({ ...input, files: [{ ...input.files[0]!, sha256: 'c'.repeat(64) }] })).not.toBe(hash);
    expect(snapshotHash({ ...input, files: [{ ...input.files[0]!, fileName: '1_x_y.sql' }] })).not.toBe(hash);
  });
});

describe('staleReasons', () => {
  const a = local('20240101000000_a.sql');
  const b = local('20240102000000_b.sql');
  const approved = (plan: PushPlan) => ({ historyFingerprint: plan.historyFingerprint, files: plan.files });
  const before = planPush(computeStatus([a, b], []));

  it('finds nothing when the files and the history are the same', () => {
    expect(staleReasons(approved(before), planPush(computeStatus([a, b], null)))).toEqual([]);
  });

  it('names an edited file, a new pending file and a changed history', () => {
    const edited = { ...b, sha256: 'f'.repeat(64) };
    expect(staleReasons(approved(before), planPush(computeStatus([a, edited], []))).map((reason) => [reason.code, reason.fileName])).toEqual([
      ['file_changed', '20240102000000_b.sql'],
    ]);
    const c = local('20240103000000_c.sql');
    expect(staleReasons(approved(before), planPush(computeStatus([a, b, c], []))).map((reason) => reason.code)).toEqual(['file_added']);
    // The CLI pushed both files meanwhile.
    const reasons = staleReasons(approved(before), planPush(computeStatus([a, b], [pushed(a), pushed(b)])));
    expect(reasons.map((reason) => reason.code)).toEqual(['file_not_pending', 'file_not_pending', 'history_changed']);
  });
});
