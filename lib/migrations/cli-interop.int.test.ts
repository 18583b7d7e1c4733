/**
 * The console and the real Supabase CLI 2.117.0 agree, both ways:
 * - after the CLI pushes, the console shows those versions applied with the recorded statements;
 * - the versions the console calls pending are exactly what `supabase db push --dry-run` would
 *   push, in the CLI's order; out-of-order and remote-only verdicts match the CLI's errors;
 * - the history the dev stack writes for the project (as the console will) reads the same in
 *   `supabase migration list`, and the CLI finds nothing to push.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PROJECT_ROOT, createScratchProject, parseDryRun, parseMigrationList, runSupabaseCli, type ScratchProject } from '@/devstack/testing/scratch-project';
import { readMigrationsFolder } from './read-folder';
import { computeStatus } from './status';
import type { MigrationStatus, StatusReport } from './types';

vi.mock('server-only', () => ({}));
const { fetchRemoteHistoryFromDb } = await import('./remote-history');
type RemoteHistory = Awaited<ReturnType<typeof fetchRemoteHistoryFromDb>>;

const baseUrl = process.env.TEST_DATABASE_URL ?? '';
const corpusDir = fileURLToPath(new URL('../sql/__fixtures__/split-corpus/', import.meta.url));

async function consoleStatus(project: ScratchProject): Promise<StatusReport> {
  const history = await fetchRemoteHistoryFromDb(project.sql);
  const folder = readMigrationsFolder(project.migrationsDir);
  return computeStatus(folder.files, history.tableExists ? history.rows : null, { folderProblem: folder.problem, ignoredFiles: folder.ignored });
}

/** File names of the rows with these statuses, in the console's row order. */
function filesWith(report: StatusReport, ...statuses: MigrationStatus[]): string[] {
  return report.rows.filter((row) => statuses.includes(row.status)).map((row) => row.local?.fileName ?? row.key);
}

describe('interoperation with the Supabase CLI', () => {
  const projects: ScratchProject[] = [];
  const scratch = async (label: string) => {
    const project = await createScratchProject(baseUrl, label);
    projects.push(project);
    return project;
  };

  beforeAll(() => {
    if (!baseUrl) throw new Error('TEST_DATABASE_URL is not set; the integration global setup provides it.');
  });

  afterAll(async () => {
    for (const project of projects) await project.drop();
  });

  it('after the CLI pushes tricky files, the console shows them applied with the recorded statements', async () => {
    const project = await scratch('interop_push');
    const corpus = [
      '12-crlf.sql',
      '13-byte-order-mark.sql',
      '19-function-fn-tag.sql',
      '25-do-blocks.sql',
      '31-begin-atomic-function.sql',
      '36-realistic-module.sql',
    ];
    corpus.forEach((file, index) => {
      fs.copyFileSync(path.join(corpusDir, file), path.join(project.migrationsDir, `2024010${index + 1}000000_${file.slice(3, -4).replaceAll('-', '_')}.sql`));
    });
    const push = await project.cli('db', 'push', '--yes');
    expect(push.code, push.output).toBe(0);

    const report = await consoleStatus(project);
    expect(report.rows).toHaveLength(corpus.length);
    for (const row of report.rows) {
      expect(row.status, row.key).toBe('applied');
      expect(row.local?.statements).toEqual(row.remote?.statements);
    }
    expect(report.rows.find((row) => row.name === 'realistic_module')?.module).toBe('insights');

    const dryRun = parseDryRun((await project.cli('db', 'push', '--dry-run')).output);
    expect(dryRun.upToDate).toBe(true);
  });

  it('pending is exactly what `db push --dry-run` would push, in the CLI order (versions compare as text)', async () => {
    const project = await scratch('interop_pending');
    project.write({ '1_a.sql': 'select 1;', '10_b.sql': 'select 10;' });
    expect((await project.cli('db', 'push', '--yes')).code).toBe(0);
    // 2 and 9 are newer than 10 as text, so they are pending, not out of order.
    project.write({ '9_d.sql': 'select 9;', '2_c.sql': 'select 2;', '20240101000000_e.sql': 'select 3;', '11_f.sql': 'select 11;' });

    const report = await consoleStatus(project);
    const run = await project.cli('db', 'push', '--dry-run');
    expect(run.code, run.output).toBe(0);
    const dryRun = parseDryRun(run.output);
    expect(dryRun.wouldPush).toEqual(['11_f.sql', '2_c.sql', '20240101000000_e.sql', '9_d.sql']);
    expect(filesWith(report, 'pending')).toEqual(dryRun.wouldPush);
    expect(filesWith(report, 'pending_out_of_order')).toEqual([]);
  });

  it('orders files as the CLI does: by version as text, then by whole file name', async () => {
    const project = await scratch('interop_order');
    const names = [
      '9_a.sql',
      '10_a.sql',
      '1_short.sql',
      '000_zero.sql',
      '20240101000000_a.sql',
      '7_B.sql',
      '7_a.sql',
      '7_.sql',
      '7_a.b.sql',
      '7_a_.sql',
      '07_x.sql',
      '8_é.sql',
      '8_Z.sql',
      '8_\uffff.sql',
      '8_😀.sql',
    ];
    project.write(Object.fromEntries(names.map((name) => [name, 'select 1;'])));
    const dryRun = parseDryRun((await project.cli('db', 'push', '--dry-run')).output);
    expect(dryRun.wouldPush).toHaveLength(names.length);
    expect(readMigrationsFolder(project.migrationsDir).files.map((file) => file.fileName)).toEqual(dryRun.wouldPush);
  });

  it('skips the same files: misnamed ones, and a first legacy _init file by byte-sorted listing', async () => {
    const project = await scratch('interop_skip');
    project.write({
      '20200101000000_init.sql': 'select 1;',
      '202_x.sql': 'select 2;',
      'init.sql': 'select 3;',
      'v2_x.sql': 'select 4;',
      'README.md': '# notes',
    });
    const dryRun = parseDryRun((await project.cli('db', 'push', '--dry-run')).output);
    expect(dryRun.wouldPush).toEqual(['202_x.sql']);
    expect(dryRun.skipped.sort()).toEqual(['20200101000000_init.sql', 'README.md', 'init.sql', 'v2_x.sql']);

    const report = await consoleStatus(project);
    expect(filesWith(report, 'pending')).toEqual(dryRun.wouldPush);
    expect([...filesWith(report, 'invalid_name'), ...(report.ignoredFiles ?? [])].sort()).toEqual(dryRun.skipped.sort());
    expect(report.rows.find((row) => row.key === '20200101000000_init.sql')?.findings[0]?.code).toBe('skipped_legacy_init');

    // A subfolder sorted first moves the _init file off index 0: then both tools apply it.
    fs.mkdirSync(path.join(project.migrationsDir, '0archive'));
    const shifted = parseDryRun((await project.cli('db', 'push', '--dry-run')).output);
    expect(shifted.wouldPush).toEqual(['202_x.sql', '20200101000000_init.sql']);
    expect(filesWith(await consoleStatus(project), 'pending')).toEqual(shifted.wouldPush);
  });

  it('out of order: the CLI refuses the same files, and --include-all pushes them first', async () => {
    const project = await scratch('interop_order_late');
    project.write({ '20240101000000_a.sql': 'select 1;', '20240103000000_c.sql': 'select 3;' });
    expect((await project.cli('db', 'push', '--yes')).code).toBe(0);
    project.write({ '20240102000000_b.sql': 'select 2;', '20240101120000_a2.sql': 'select 12;', '20240104000000_d.sql': 'select 4;' });

    const report = await consoleStatus(project);
    const refused = await project.cli('db', 'push', '--dry-run');
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('Found local migration files to be inserted before the last migration on remote database.');
    expect(filesWith(report, 'pending_out_of_order')).toEqual(parseDryRun(refused.output).outOfOrder);
    expect(filesWith(report, 'pending_out_of_order')).toEqual(['20240101120000_a2.sql', '20240102000000_b.sql']);

    const includeAll = parseDryRun((await project.cli('db', 'push', '--dry-run', '--include-all')).output);
    expect(includeAll.wouldPush).toEqual(filesWith(report, 'pending_out_of_order', 'pending'));
    expect(report.rows.find((row) => row.status === 'pending_out_of_order')?.findings[0]?.command).toBe('supabase db push --include-all');
  });

  it('remote only: the CLI refuses with the same versions and suggests the same repair', async () => {
    const project = await scratch('interop_remote_only');
    project.write({ '20240101000000_a.sql': 'select 1;', '20240102000000_b.sql': 'select 2;', '20240103000000_c.sql': 'select 3;' });
    expect((await project.cli('db', 'push', '--yes')).code).toBe(0);
    project.remove('20240101000000_a.sql', '20240103000000_c.sql');
    project.write({ '20240104000000_d.sql': 'select 4;' });

    const report = await consoleStatus(project);
    for (const args of [['--dry-run'], ['--dry-run', '--include-all']]) {
      const refused = await project.cli('db', 'push', ...args);
      expect(refused.code).toBe(1);
      expect(refused.output).toContain('Remote migration versions not found in local migrations directory.');
      const missing = parseDryRun(refused.output).missingLocally;
      expect(missing).toEqual(['20240101000000', '20240103000000']);
      expect(report.rows.filter((row) => row.status === 'remote_only').map((row) => row.version)).toEqual(missing);
      for (const version of missing) {
        expect(refused.output).toContain(`supabase migration repair --status reverted ${missing.join(' ')}`);
        expect(report.rows.find((row) => row.version === version)?.findings[0]?.command).toBe(`supabase migration repair --status reverted ${version}`);
      }
    }
    expect(report.blocking).toBe(true);

    // The console's next step works: after the repair, both tools agree there is one pending file.
    const repair = await project.cli('migration', 'repair', '--status', 'reverted', '20240101000000', '20240103000000');
    expect(repair.code, repair.output).toBe(0);
    const after = await consoleStatus(project);
    expect(filesWith(after, 'pending')).toEqual(parseDryRun((await project.cli('db', 'push', '--dry-run')).output).wouldPush);
    expect(after.blocking).toBe(false);
  });

  it('duplicate versions: the console blocks what the CLI would fail on at the history insert', async () => {
    const project = await scratch('interop_duplicate');
    project.write({ '20240101000000_a.sql': 'select 1;', '20240101000000_b.sql': 'select 2;' });
    const report = await consoleStatus(project);
    expect(report.rows.map((row) => row.status)).toEqual(['duplicate_version']);
    expect(report.blocking).toBe(true);

    const push = await project.cli('db', 'push', '--yes');
    expect(push.code).toBe(1);
    expect(push.output).toContain('duplicate key value violates unique constraint "schema_migrations_pkey"');
    // The first file went in with its row, the second never can: the console still blocks.
    const after = await consoleStatus(project);
    expect(after.rows[0]).toMatchObject({ status: 'duplicate_version', local: { fileName: '20240101000000_a.sql' }, remote: { name: 'a' } });
  });

  it('`migration list` shows the same versions on each side as the console', async () => {
    const project = await scratch('interop_list');
    project.write({ '20240101000000_a.sql': 'select 1;', '20240102000000_b.sql': 'select 2;' });
    expect((await project.cli('db', 'push', '--yes')).code).toBe(0);
    project.remove('20240101000000_a.sql');
    project.write({ '20240103000000_c.sql': 'select 3;' });
    const list = await project.cli('migration', 'list');
    expect(list.code, list.output).toBe(0);
    const report = await consoleStatus(project);
    expect(parseMigrationList(list.stdout)).toEqual(report.rows.map((row) => ({ local: row.local?.version ?? null, remote: row.remote?.version ?? null })));
  });

  it('the other way: the history the dev stack wrote for this project reads the same in the CLI', async () => {
    const { default: postgres } = await import('postgres');
    const sql = postgres(baseUrl, { max: 1, onnotice: () => {} });
    let history: RemoteHistory;
    try {
      history = await fetchRemoteHistoryFromDb(sql);
    } finally {
      await sql.end();
    }
    // The files the stack applied at its start (a shared working tree may hold newer ones by now),
    // copied so that the CLI writes nothing (supabase/.temp) into the checkout.
    const applied = new Set(history.rows.map((row) => row.version));
    const projectMigrations = path.join(PROJECT_ROOT, 'supabase', 'migrations');
    const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'interop-project-'));
    const migrationsDir = path.join(workdir, 'supabase', 'migrations');
    const home = path.join(workdir, 'home');
    fs.mkdirSync(migrationsDir, { recursive: true });
    fs.mkdirSync(home);
    for (const file of readMigrationsFolder(projectMigrations).files) {
      if (file.version && applied.has(file.version)) fs.copyFileSync(path.join(projectMigrations, file.fileName), path.join(migrationsDir, file.fileName));
    }
    // The shared stack's database, read only: `migration list` and `--dry-run` never write.
    const cliUrl = new URL(baseUrl);
    cliUrl.searchParams.set('sslmode', 'disable');
    const args = ['--db-url', cliUrl.toString(), '--workdir', workdir];
    try {
      const list = await runSupabaseCli(['migration', 'list', ...args], home);
      expect(list.code, list.output).toBe(0);
      const dryRun = await runSupabaseCli(['db', 'push', '--dry-run', ...args], home);
      expect(dryRun.code, dryRun.output).toBe(0);
      expect(parseDryRun(dryRun.output).upToDate).toBe(true);

      const report = computeStatus(readMigrationsFolder(migrationsDir).files, history.rows, {});
      expect(report.rows.length).toBeGreaterThanOrEqual(3);
      expect(report.rows.filter((row) => row.status === 'remote_only' || row.status.startsWith('pending'))).toEqual([]);
      expect(parseMigrationList(list.stdout)).toEqual(report.rows.map((row) => ({ local: row.version, remote: row.version })));
      // The committed migrations are recorded with exactly the statements the CLI would record.
      for (const version of ['20261101090000', '20261125100000', '20261126090000']) {
        expect(report.rows.find((row) => row.version === version)?.status).toBe('applied');
      }
    } finally {
      fs.rmSync(workdir, { recursive: true, force: true });
    }
  });
});
