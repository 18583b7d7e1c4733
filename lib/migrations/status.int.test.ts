/**
 * Every status category against a real database: the Supabase CLI pushes into a scratch database
 * of the test stack, the history is read back over a direct connection (as `--db-url` does), and
 * the folder is changed around it. Bad files give findings, never a crash.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createScratchProject, type ScratchProject } from '@/devstack/testing/scratch-project';
import { HISTORY_SETUP_STATEMENTS, INSERT_HISTORY_ROW } from './history';
import { readMigrationsFolder } from './read-folder';
import { computeStatus } from './status';
import type { MigrationRow, StatusReport } from './types';

vi.mock('server-only', () => ({}));
const { fetchRemoteHistoryFromDb } = await import('./remote-history');

const baseUrl = process.env.TEST_DATABASE_URL ?? '';

async function statusOf(project: ScratchProject, dir = project.migrationsDir): Promise<StatusReport> {
  const history = await fetchRemoteHistoryFromDb(project.sql);
  const folder = readMigrationsFolder(dir);
  return computeStatus(folder.files, history.tableExists ? history.rows : null, {
    folderProblem: folder.problem,
    ignoredFiles: folder.ignored,
    migrationsDir: 'supabase/migrations',
  });
}

function byKey(report: StatusReport): Record<string, MigrationRow> {
  return Object.fromEntries(report.rows.map((row) => [row.key, row]));
}

describe('migration status against a real database', () => {
  let project: ScratchProject;

  beforeAll(async () => {
    if (!baseUrl) throw new Error('TEST_DATABASE_URL is not set; the integration global setup provides it.');
    project = await createScratchProject(baseUrl, 'status_it');
  });

  afterAll(async () => {
    await project?.drop();
  });

  it('no history table yet: every file pending, "nothing pushed yet", not an error', async () => {
    project.write({
      '20240101000000_aloha_calls.sql': 'create table public.calls (id int primary key);\n',
      '20240102000000_profiles.sql': '-- module: sync\ncreate table public.mailboxes (id int primary key);\n',
      '20240103000000_metrics.sql': 'create table if not exists public.metrics (id int primary key);\n',
    });
    const report = await statusOf(project);
    expect(report.historyTableExists).toBe(false);
    expect(report.notices?.[0]?.code).toBe('history_table_missing');
    expect(report.rows.map((row) => [row.key, row.status, row.module])).toEqual([
      ['20240101000000', 'pending', 'aloha'],
      ['20240102000000', 'pending', 'sync'],
      ['20240103000000', 'pending', 'shared'],
    ]);
  });

  it('applied: after the CLI pushes, the recorded statements equal the files', async () => {
    const push = await project.cli('db', 'push', '--yes');
    expect(push.code, push.output).toBe(0);
    const report = await statusOf(project);
    expect(report.historyTableExists).toBe(true);
    expect(report.counts.applied).toBe(3);
    for (const row of report.rows) {
      expect(row.status).toBe('applied');
      expect(row.remote?.statements).toEqual(row.local?.statements);
      expect(row.remote?.name).toBe(row.local?.name);
    }
    expect(report.lastApplied).toEqual({ version: '20240103000000', name: 'metrics', timestamp: '2024-01-03T00:00:00Z' });
    expect(report.blocking).toBe(false);
  });

  it('pending, pending_out_of_order, remote_only, edited_after_apply, duplicate_version, invalid_name, unreadable', async () => {
    // Remote only: the file of an applied version disappears.
    project.remove('20240101000000_aloha_calls.sql');
    // Edited after apply, behind the IF NOT EXISTS trap.
    project.write({ '20240103000000_metrics.sql': 'create table if not exists public.metrics (id int primary key, label text);\n' });
    // Pending, and two pending files with one version.
    project.write({
      '20240110000000_studio_layouts.sql': 'create table public.layouts (id int);\n',
      '20240111000000_a.sql': 'select 1;\n',
      '20240111000000_b.sql': 'select 2;\n',
    });
    // Out of order: older than the newest applied version, never pushed.
    project.write({ '20240102120000_late_branch.sql': 'create table public.late (id int);\n' });
    // Invalid names, and things that are not migrations.
    project.write({ 'init.sql': 'select 1;\n', '2024_x.SQL': 'select 1;\n', 'README.md': '# notes\n' });
    // Unreadable in every way the folder can hold.
    project.write({ '20240112000000_binary.sql': Buffer.from([0x73, 0xff, 0xfe, 0x00, 0x3b]) });
    const huge = path.join(project.migrationsDir, '20240113000000_huge.sql');
    fs.writeFileSync(huge, Buffer.alloc(20 * 1024 * 1024, 0x20));
    fs.symlinkSync(path.join(project.workdir, 'nowhere.sql'), path.join(project.migrationsDir, '20240114000000_dangling.sql'));
    fs.mkdirSync(path.join(project.migrationsDir, '20240115000000_folder.sql'));
    fs.mkdirSync(path.join(project.migrationsDir, 'archive'));

    const report = await statusOf(project);
    const rows = byKey(report);
    expect(rows['20240101000000']).toMatchObject({ status: 'remote_only', local: null, name: 'aloha_calls', module: 'aloha' });
    expect(rows['20240101000000']?.findings[0]?.command).toBe('supabase migration repair --status reverted 20240101000000');
    expect(rows['20240102000000']?.status).toBe('applied');
    expect(rows['20240102120000']?.status).toBe('pending_out_of_order');
    expect(rows['20240103000000']?.status).toBe('edited_after_apply');
    expect(rows['20240103000000']?.findings[0]?.explanation).toContain('IF NOT EXISTS trap');
    expect(rows['20240110000000']).toMatchObject({ status: 'pending', module: 'studio' });
    expect(rows['20240111000000']?.status).toBe('duplicate_version');
    expect(rows['20240111000000']?.duplicates?.map((file) => file.fileName)).toEqual(['20240111000000_b.sql']);
    expect(rows['init.sql']?.status).toBe('invalid_name');
    expect(rows['2024_x.SQL']?.status).toBe('invalid_name');
    expect(rows['20240112000000']?.local?.unreadable).toBe('not_utf8');
    expect(rows['20240113000000']?.local?.unreadable).toBe('too_large');
    expect(rows['20240114000000']?.local?.unreadable).toBe('unreadable');
    expect(rows['20240115000000']?.local?.unreadable).toBe('not_a_file');
    for (const key of ['20240112000000', '20240113000000', '20240114000000', '20240115000000']) {
      expect(rows[key]?.status).toBe('unreadable');
      expect(rows[key]?.findings[0]?.nextStep).toBeTruthy();
    }
    expect(report.ignoredFiles).toEqual(['README.md', 'archive']);
    expect(report.blocking).toBe(true);
    expect(report.counts).toEqual({
      applied: 1,
      pending: 1,
      pending_out_of_order: 1,
      remote_only: 1,
      edited_after_apply: 1,
      invalid_name: 2,
      duplicate_version: 1,
      unreadable: 4,
    });
  });

  it('a missing folder is a folder problem; the remote side is still listed', async () => {
    const report = await statusOf(project, path.join(project.workdir, 'no-such-folder'));
    expect(report.folderProblem).toContain('does not exist');
    expect(report.rows.map((row) => row.status)).toEqual(['remote_only', 'remote_only', 'remote_only']);
  });

  it('history rows without statements or names (old CLIs, repair by hand) are applied but unverifiable', async () => {
    const old = await createScratchProject(baseUrl, 'status_old_history');
    try {
      // A history table as very old CLIs made it: the version column only, then the columns added later.
      await old.sql.unsafe('create schema supabase_migrations');
      await old.sql.unsafe('create table supabase_migrations.schema_migrations (version text not null primary key)');
      await old.sql.unsafe("insert into supabase_migrations.schema_migrations values ('20240101000000')");
      old.write({ '20240101000000_first.sql': 'select 1;\n', '20240102000000_second.sql': 'select 2;\n' });
      let report = await statusOf(old);
      expect(report.rows[0]).toMatchObject({ status: 'applied', remote: { version: '20240101000000', name: null, statements: null } });
      expect(report.rows[0]?.findings[0]?.title).toBe('Applied; recorded without statements');
      expect(report.rows[1]?.status).toBe('pending');

      // The CLI's own setup on top of it, and a row written with the CLI's insert.
      await old.sql.begin(async (tx) => {
        for (const statement of HISTORY_SETUP_STATEMENTS) await tx.unsafe(statement);
        await tx.unsafe(INSERT_HISTORY_ROW, ['20240102000000', 'second', ['select 2']]);
      });
      report = await statusOf(old);
      expect(report.rows.map((row) => row.status)).toEqual(['applied', 'applied']);
      expect(report.rows[1]?.findings).toEqual([]);
    } finally {
      await old.drop();
    }
  });
});
