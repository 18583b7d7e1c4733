import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseMigrationFileName } from './file-name';
import { moduleOf } from './read-folder';
import { splitStatements } from '@/lib/sql/split-statements';
import { reviewMigrationFile } from '@/lib/sql/review-file';
import { computeStatus, fileFindings, versionTimestamp } from './status';
import type { LocalMigration, MigrationRow, RemoteMigration, StatusReport, UnreadableReason } from './types';

const MODULES = ['aloha', 'sync', 'insights', 'studio', 'console'];

function local(fileName: string, sql = `select '${fileName}';`, extra: Partial<LocalMigration> = {}): LocalMigration {
  const parsed = parseMigrationFileName(fileName);
  return {
    fileName,
    version: parsed?.version ?? null,
    name: parsed?.name ?? null,
    module: moduleOf(parsed?.name ?? fileName, sql, MODULES),
    sizeBytes: Buffer.byteLength(sql),
    sha256: createHash('sha256').update(sql).digest('hex'),
    statements: parsed ? splitStatements(sql) : null,
    risks: parsed ? reviewMigrationFile(fileName, sql, splitStatements(sql)) : [],
    ...extra,
  };
}

function unreadable(fileName: string, reason: UnreadableReason, detail = 'detail'): LocalMigration {
  return local(fileName, '', {
    sha256: null,
    statements: null,
    unreadable: reason,
    unreadableDetail: detail,
    sizeBytes: reason === 'too_large' ? 20 * 1024 * 1024 : 0,
  });
}

/** The history row `supabase db push` would have written for this file. */
function pushed(file: LocalMigration): RemoteMigration {
  return { version: file.version ?? '', name: file.name, statements: file.statements };
}

function rowOf(report: StatusReport, key: string): MigrationRow {
  const row = report.rows.find((candidate) => candidate.key === key);
  if (!row) throw new Error(`no row ${key} in ${report.rows.map((r) => r.key).join(', ')}`);
  return row;
}

describe('computeStatus', () => {
  it('applied: the file and the recorded statements agree', () => {
    const a = local('20240101000000_create_users.sql', 'create table users (id int);\ncreate index on users (id);');
    const report = computeStatus([a], [pushed(a)], { modules: MODULES });
    const row = rowOf(report, '20240101000000');
    expect(row.status).toBe('applied');
    expect(row.findings).toEqual([]);
    expect(row.local).toBe(a);
    expect(row.remote?.statements).toEqual(['create table users (id int)', 'create index on users (id)']);
    expect(report.blocking).toBe(false);
    expect(report.historyTableExists).toBe(true);
    expect(report.lastApplied).toEqual({ version: '20240101000000', name: 'create_users', timestamp: '2024-01-01T00:00:00Z' });
  });

  it('pending: newer than everything applied, with the push command', () => {
    const a = local('20240101000000_a.sql');
    const b = local('20240102000000_b.sql');
    const report = computeStatus([a, b], [pushed(a)], {});
    const row = rowOf(report, '20240102000000');
    expect(row.status).toBe('pending');
    expect(row.findings[0]).toMatchObject({ code: 'pending', severity: 'info', command: 'supabase db push' });
    expect(report.blocking).toBe(false);
  });

  it('pending everywhere when the history table does not exist, with a notice instead of an error', () => {
    const files = [local('20240101000000_a.sql'), local('20240102000000_b.sql')];
    const report = computeStatus(files, null, {});
    expect(report.rows.map((row) => row.status)).toEqual(['pending', 'pending']);
    expect(report.historyTableExists).toBe(false);
    expect(report.lastApplied).toBeNull();
    expect(report.notices?.map((notice) => notice.code)).toEqual(['history_table_missing']);
  });

  it('an empty history table is not a missing one', () => {
    const report = computeStatus([local('20240101000000_a.sql')], [], {});
    expect(report.historyTableExists).toBe(true);
    expect(report.notices).toEqual([]);
    expect(report.rows[0]?.status).toBe('pending');
  });

  it('pending_out_of_order: older than the newest applied version, with --include-all', () => {
    const a = local('20240101000000_a.sql');
    const b = local('20240102000000_b.sql');
    const c = local('20240103000000_c.sql');
    const report = computeStatus([a, b, c], [pushed(a), pushed(c)], {});
    const row = rowOf(report, '20240102000000');
    expect(row.status).toBe('pending_out_of_order');
    expect(row.findings[0]).toMatchObject({ code: 'pending_out_of_order', severity: 'warning', command: 'supabase db push --include-all' });
    expect(row.findings[0]?.explanation).toContain('20240103000000');
    expect(row.findings[0]?.explanation).toContain('Found local migration files to be inserted before the last migration on remote database.');
    // A warning: the CLI pushes it with --include-all, so it is not one of the blocking statuses.
    expect(report.blocking).toBe(false);
  });

  it('compares versions as text, like the CLI: 9 and 2 are newer than 10', () => {
    const files = ['1_a.sql', '10_b.sql', '2_c.sql', '9_d.sql', '0_e.sql'].map((name) => local(name));
    const report = computeStatus(files, [pushed(files[0]!), pushed(files[1]!)], {});
    expect(report.rows.map((row) => [row.key, row.status])).toEqual([
      ['0', 'pending_out_of_order'],
      ['1', 'applied'],
      ['10', 'applied'],
      ['2', 'pending'],
      ['9', 'pending'],
    ]);
    expect(report.lastApplied?.version).toBe('10');
    expect(report.lastApplied?.timestamp).toBeNull();
  });

  it('remote_only: recorded but no file, with the exact repair command', () => {
    const b = local('20240102000000_b.sql');
    const report = computeStatus([b], [{ version: '20240101000000', name: 'a', statements: ['select 1'] }, pushed(b)], {});
    const row = rowOf(report, '20240101000000');
    expect(row.status).toBe('remote_only');
    expect(row.local).toBeNull();
    expect(row.name).toBe('a');
    expect(row.findings[0]).toMatchObject({
      code: 'remote_only',
      severity: 'blocking',
      command: 'supabase migration repair --status reverted 20240101000000',
    });
    expect(row.findings[0]?.explanation).toContain('Remote migration versions not found in local migrations directory.');
    expect(report.blocking).toBe(true);
  });

  it('remote_only rows take their module from the recorded header comment, else the name', () => {
    const report = computeStatus(
      [],
      [
        { version: '1', name: 'x', statements: ['-- module: Sync\n-- calendars\ncreate table t (id int)'] },
        { version: '2', name: 'studio_layouts', statements: null },
        { version: '3', name: 'misc', statements: [] },
      ],
      { modules: MODULES },
    );
    expect(report.rows.map((row) => row.module)).toEqual(['sync', 'studio', 'shared']);
  });

  it('edited_after_apply: a changed statement, with the ALTER TABLE advice', () => {
    const before = local('20240101000000_users.sql', 'create table users (id int);\nalter table users enable row level security;');
    const after = local('20240101000000_users.sql', 'create table users (id int, email text);\nalter table users enable row level security;');
    const report = computeStatus([after], [pushed(before)], {});
    const row = rowOf(report, '20240101000000');
    expect(row.status).toBe('edited_after_apply');
    const finding = row.findings[0];
    expect(finding).toMatchObject({ code: 'edited_after_apply', severity: 'blocking' });
    expect(finding?.explanation).toContain('Statement 1 of 2 differs');
    expect(finding?.nextStep).toContain('write a new migration with ALTER TABLE');
    expect(finding?.nextStep).toContain('edits to an applied migration never run again');
    expect(finding?.explanation).not.toContain('IF NOT EXISTS');
    expect(report.blocking).toBe(true);
  });

  it('edited_after_apply explains the IF NOT EXISTS trap when the change hides behind it', () => {
    const before = local('20240101000000_users.sql', 'create table if not exists users (id int);');
    const after = local('20240101000000_users.sql', 'create table if not exists users (id int, email text);');
    const finding = rowOf(computeStatus([after], [pushed(before)], {}), '20240101000000').findings[0];
    expect(finding?.explanation).toContain('IF NOT EXISTS trap');
  });

  it('edited_after_apply: statements added or removed', () => {
    const before = local('5_x.sql', 'select 1;');
    const after = local('5_x.sql', 'select 1;\nselect 2;');
    expect(rowOf(computeStatus([after], [pushed(before)], {}), '5').findings[0]?.explanation).toContain('The file now has 2 statements; 1 were recorded');
    expect(rowOf(computeStatus([before], [pushed(after)], {}), '5').status).toBe('edited_after_apply');
  });

  it('a history row with an empty statements array against a non-empty file is an edit, explained as such', () => {
    const file = local('5_x.sql', 'select 1;');
    const row = rowOf(computeStatus([file], [{ version: '5', name: 'x', statements: [] }], {}), '5');
    expect(row.status).toBe('edited_after_apply');
    expect(row.findings[0]?.explanation).toContain('recorded with no statements');
    expect(row.findings[0]?.nextStep).toContain('supabase migration repair --status applied 5');
  });

  it('a history row without statements (old CLIs, hand-written rows) is applied but unverifiable', () => {
    const file = local('5_x.sql', 'select 1;');
    const row = rowOf(computeStatus([file], [{ version: '5', name: 'x', statements: null }], {}), '5');
    expect(row.status).toBe('applied');
    expect(row.findings).toHaveLength(1);
    expect(row.findings[0]).toMatchObject({ code: 'applied', severity: 'info', title: 'Applied; recorded without statements' });
  });

  it('a file renamed after apply stays applied, with a note', () => {
    const file = local('5_new_name.sql', 'select 1;');
    const row = rowOf(computeStatus([file], [{ version: '5', name: 'old_name', statements: ['select 1'] }], {}), '5');
    expect(row.status).toBe('applied');
    expect(row.findings.map((finding) => finding.title)).toEqual(['Renamed after it was applied']);
  });

  it('invalid_name: a .sql file the CLI skips, keyed by its file name', () => {
    const report = computeStatus([local('20240101000000_a.sql'), local('init.sql'), local('2024_x.SQL')], [], {});
    const row = rowOf(report, 'init.sql');
    expect(row).toMatchObject({ status: 'invalid_name', version: null, name: 'init.sql' });
    expect(row.findings[0]).toMatchObject({ code: 'invalid_name', severity: 'blocking', command: 'supabase migration new init' });
    expect(rowOf(report, '2024_x.SQL').findings[0]?.command).toBe('supabase migration new 2024_x');
    expect(report.rows.map((r) => r.key)).toEqual(['20240101000000', '2024_x.SQL', 'init.sql']);
    expect(report.blocking).toBe(true);
  });

  it('a skipped legacy _init file never runs: invalid_name with the rename advice', () => {
    const init = local('20200101000000_init.sql', 'create table a (id int);', { skipped: 'legacy_init' });
    const report = computeStatus([init], [], {});
    const row = rowOf(report, '20200101000000_init.sql');
    expect(row.status).toBe('invalid_name');
    expect(row.version).toBeNull();
    expect(row.findings[0]).toMatchObject({ code: 'skipped_legacy_init', severity: 'blocking' });
    expect(row.findings[0]?.nextStep).toContain('20200101000000_initial_schema.sql');
  });

  it('a skipped legacy _init file whose version is recorded: the CLI sees a remote-only version', () => {
    const init = local('20200101000000_init.sql', 'create table a (id int);', { skipped: 'legacy_init' });
    const report = computeStatus([init], [{ version: '20200101000000', name: 'init', statements: ['create table a (id int)'] }], {});
    expect(rowOf(report, '20200101000000').status).toBe('remote_only');
    expect(rowOf(report, '20200101000000').findings.map((finding) => finding.code)).toEqual(['remote_only', 'skipped_legacy_init']);
    expect(rowOf(report, '20200101000000_init.sql').status).toBe('invalid_name');
  });

  it('duplicate_version: two pending files with one version', () => {
    const x = local('20240101000000_x.sql');
    const y = local('20240101000000_y.sql');
    const row = rowOf(computeStatus([y, x], [], {}), '20240101000000');
    expect(row.status).toBe('duplicate_version');
    expect(row.local).toBe(x);
    expect(row.duplicates).toEqual([y]);
    expect(row.findings[0]).toMatchObject({ code: 'duplicate_version', severity: 'blocking', command: 'supabase migration new y' });
    expect(row.findings[0]?.explanation).toContain('schema_migrations_pkey');
  });

  it('duplicate_version: the applied file is the one to keep', () => {
    const x = local('20240101000000_x.sql');
    const y = local('20240101000000_y.sql');
    const report = computeStatus([x, y], [pushed(y)], {});
    const row = rowOf(report, '20240101000000');
    expect(row.status).toBe('duplicate_version');
    expect(row.local).toBe(y);
    expect(row.duplicates).toEqual([x]);
    expect(row.remote?.name).toBe('y');
    expect(row.findings[0]?.nextStep).toContain('Keep 20240101000000_y.sql');
    expect(row.findings[0]?.command).toBe('supabase migration new x');
    expect(report.blocking).toBe(true);
  });

  it.each([
    ['not_utf8', 'Not UTF-8 text'],
    ['too_large', 'Too large to check'],
    ['not_a_file', 'Not a file'],
    ['unreadable', 'Cannot be read'],
  ] as const)('unreadable (%s) blocks while pending, with a next step, never a crash', (reason, title) => {
    const file = unreadable(`20240101000000_${reason}.sql`, reason);
    const report = computeStatus([file], [], {});
    const row = rowOf(report, '20240101000000');
    expect(row.status).toBe('unreadable');
    expect(row.findings[0]).toMatchObject({ code: 'unreadable', severity: 'blocking', title });
    expect(row.findings[0]?.nextStep.length).toBeGreaterThan(10);
    expect(report.blocking).toBe(true);
    // Once applied, only the edit check is lost: a warning, and nothing blocks.
    const applied = computeStatus([file], [{ version: '20240101000000', name: reason, statements: ['select 1'] }], {});
    expect(rowOf(applied, '20240101000000').findings[0]).toMatchObject({ code: 'unreadable', severity: 'warning' });
    expect(applied.blocking).toBe(false);
  });

  it('an unreadable file whose version is recorded says so', () => {
    const file = unreadable('20240101000000_x.sql', 'not_utf8');
    const row = rowOf(computeStatus([file], [{ version: '20240101000000', name: 'x', statements: ['select 1'] }], {}), '20240101000000');
    expect(row.status).toBe('unreadable');
    expect(row.remote?.version).toBe('20240101000000');
    expect(row.findings[0]?.explanation).toContain('recorded as applied');
  });

  it('pending comment-only and empty files carry a warning; applied ones an info finding', () => {
    const comment = local('1_comment.sql', '-- only a comment\n');
    const empty = local('2_empty.sql', '');
    const report = computeStatus([comment, empty], [], {});
    expect(rowOf(report, '1').findings.map((finding) => [finding.code, finding.severity, finding.risk?.code])).toEqual([
      ['pending', 'info', undefined],
      ['oddity', 'warning', 'no_statements'],
    ]);
    expect(rowOf(report, '2').findings.map((finding) => [finding.code, finding.title])).toEqual([
      ['pending', expect.any(String)],
      ['oddity', 'Empty file'],
    ]);
    expect(report.blocking).toBe(false);
    const applied = computeStatus([comment], [pushed(comment)], {});
    expect(rowOf(applied, '1').findings.map((finding) => [finding.code, finding.severity])).toEqual([['comment_only', 'info']]);
  });

  it('a pending file that PostgreSQL cannot parse blocks, with the place of the error', () => {
    const broken = local('1_broken.sql', 'create table t (a int);\ncreate tabel u (b int);\n');
    const report = computeStatus([broken], [], {});
    const finding = rowOf(report, '1').findings.find((item) => item.code === 'broken');
    expect(finding).toMatchObject({ severity: 'blocking', title: 'Syntax error', risk: { code: 'syntax_error', statementIndex: 1, line: 2, column: 8 } });
    expect(finding?.explanation).toContain('syntax error at or near "tabel"');
    expect(report.blocking).toBe(true);
  });

  it('an edit names every changed statement', () => {
    const file = local('1_t.sql', 'select 1;\nselect 2;\nselect 3;\nselect 4;\n');
    const recorded: RemoteMigration = { version: '1', name: 't', statements: ['select 0', 'select 2', 'select 3', 'select 9'] };
    const finding = rowOf(computeStatus([file], [recorded], {}), '1').findings[0];
    expect(finding?.explanation).toContain('Statements 1 and 4 of 4 differ from the ones recorded');
    expect(finding?.changedStatements).toEqual([1, 4]);
  });

  it('counts per status and per module; every known module is listed, shared last', () => {
    const files = [
      local('1_aloha_calls.sql'),
      local('2_sync_mail.sql'),
      local('3_x.sql', '-- module: insights\nselect 1;'),
      local('4_misc.sql'),
      local('5_custom.sql', '-- module: billing\nselect 1;'),
    ];
    const report = computeStatus(files, [pushed(files[0]!), pushed(files[1]!)], { modules: MODULES });
    expect(report.modules).toEqual(['aloha', 'sync', 'insights', 'studio', 'console', 'billing', 'shared']);
    expect(report.counts).toMatchObject({ applied: 2, pending: 3 });
    expect(report.byModule.aloha).toMatchObject({ applied: 1, pending: 0 });
    expect(report.byModule.insights).toMatchObject({ pending: 1 });
    expect(report.byModule.studio).toMatchObject({ applied: 0, pending: 0 });
    expect(report.byModule.billing).toMatchObject({ pending: 1 });
    expect(report.byModule.shared).toMatchObject({ pending: 1 });
    expect(Object.values(report.counts).reduce((sum, count) => sum + count, 0)).toBe(report.rows.length);
  });

  it('passes the folder problem and the ignored files through', () => {
    const report = computeStatus([], [{ version: '1', name: 'a', statements: [] }], {
      folderProblem: 'The migrations folder x does not exist.',
      ignoredFiles: ['README.md'],
    });
    expect(report.folderProblem).toBe('The migrations folder x does not exist.');
    expect(report.ignoredFiles).toEqual(['README.md']);
    expect(report.rows[0]?.status).toBe('remote_only');
  });

  it('every finding explains and says what to do', () => {
    const a = local('20240101000000_a.sql');
    const edited = local('20240102000000_b.sql', 'select 2;');
    const files = [
      a,
      edited,
      local('20240103000000_c.sql'),
      local('20240103000000_d.sql'),
      local('bad.sql'),
      unreadable('20240105000000_e.sql', 'unreadable'),
      local('20240105100000_h.sql'),
      local('20240106000000_f.sql'),
    ];
    const remote = [
      pushed(a),
      { version: '20240102000000', name: 'b', statements: ['select 1'] },
      { version: '20240104000000', name: 'gone', statements: [] },
      { version: '20240105500000', name: 'g', statements: [] },
    ];
    const report = computeStatus(files, remote, {});
    const statuses = new Set(report.rows.map((row) => row.status));
    expect(statuses).toEqual(
      new Set(['applied', 'edited_after_apply', 'duplicate_version', 'remote_only', 'invalid_name', 'unreadable', 'pending', 'pending_out_of_order']),
    );
    for (const finding of report.rows.flatMap((row) => row.findings)) {
      expect(finding.title.length).toBeGreaterThan(3);
      expect(finding.explanation.length).toBeGreaterThan(20);
      expect(finding.nextStep.length).toBeGreaterThan(10);
    }
  });
});

describe('fileFindings', () => {
  it('reports what the file alone shows', () => {
    expect(fileFindings(local('20240101000000_a.sql'))).toEqual([]);
    expect(fileFindings(local('init.sql')).map((finding) => finding.code)).toEqual(['invalid_name']);
    expect(fileFindings(unreadable('bad.sql', 'not_utf8')).map((finding) => finding.code)).toEqual(['invalid_name', 'unreadable']);
    expect(fileFindings(local('1_x.sql', '/* nothing */')).map((finding) => [finding.code, finding.risk?.code])).toEqual([['oddity', 'no_statements']]);
  });

  it('recognises comment-only text: line comments, nested block comments, whitespace', () => {
    const codes = (sql: string) => fileFindings(local('1_x.sql', sql)).map((finding) => finding.risk?.code);
    expect(codes('-- a\n  /* b /* nested */ still comment */\n\t-- c')).toEqual(['no_statements']);
    // PostgreSQL reads an unclosed comment as an error, not as nothing.
    expect(codes('/* unterminated')).toEqual(['unterminated_comment']);
    expect(codes('-- a\nselect 1;')).toEqual([]);
    expect(codes('/* a */ select 1;')).toEqual([]);
    expect(codes('-- a;\n-- b;\n')).toEqual(['no_statements']);
  });
});

describe('versionTimestamp', () => {
  it('reads YYYYMMDDHHMMSS versions and nothing else', () => {
    expect(versionTimestamp('20240229235959')).toBe('2024-02-29T23:59:59Z');
    expect(versionTimestamp('20230229000000')).toBeNull();
    expect(versionTimestamp('20241301000000')).toBeNull();
    expect(versionTimestamp('2024010100000')).toBeNull();
    expect(versionTimestamp('1')).toBeNull();
  });
});
