/**
 * The drift check against a real database: a scratch database of the test stack gets the platform
 * bootstrap and the project's migrations (recorded as `supabase db push` records them); the check
 * builds the PGlite shadow from the same files and compares. One booted shadow is cloned per test.
 */
import { readPlatformBootstrap } from '../platform/bootstrap';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyPendingMigrations } from '@/devstack/apply-migrations';
import { createScratchProject, PROJECT_ROOT, type ScratchProject } from '@/devstack/testing/scratch-project';
import { directFromPostgres } from '@/lib/catalog/direct-postgres';
import { readMigrationsFolder } from '@/lib/migrations/read-folder';
import { checkDrift, type DriftReport } from './check-drift';
import { Shadow } from './shadow';

vi.mock('server-only', () => ({}));
const { fetchRemoteHistoryFromDb } = await import('@/lib/migrations/remote-history');

const baseUrl = process.env.TEST_DATABASE_URL ?? '';
const BASELINE = '20261101090000_shared_baseline.sql';

describe('drift check', () => {
  let project: ScratchProject;
  let shadow: Shadow;

  async function check(): Promise<DriftReport> {
    const history = await fetchRemoteHistoryFromDb(project.sql);
    return checkDrift({
      files: readMigrationsFolder(project.migrationsDir).files,
      history,
      live: directFromPostgres(project.sql),
      createShadow: () => shadow.clone(),
    });
  }

  function counted(report: DriftReport) {
    return report.items.filter((item) => item.counts).map((item) => ({ kind: item.kind, object: item.object, cause: item.cause }));
  }

  beforeAll(async () => {
    if (!baseUrl) throw new Error('TEST_DATABASE_URL is not set; the integration global setup provides it.');
    [project, shadow] = await Promise.all([createScratchProject(baseUrl, 'drift_it'), Shadow.create()]);
    await project.sql.unsafe(readPlatformBootstrap(PROJECT_ROOT));
    fs.cpSync(path.join(PROJECT_ROOT, 'supabase', 'migrations'), project.migrationsDir, { recursive: true });
    await applyPendingMigrations(project.sql, project.migrationsDir);
  }, 120_000);

  afterAll(async () => {
    await shadow?.close();
    await project?.drop();
  });

  it('reports no drift for a project whose database is exactly what its migrations made', async () => {
    const report = await check();
    expect(counted(report)).toEqual([]);
    expect(report.shadow.failures).toEqual([]);
    expect(report.shadow.appliedVersions).toContain('20261101090000');
    // PGlite has no pg_stat_statements: the bootstrap says so instead of hiding it.
    expect(report.shadow.bootstrapIssues.map((issue) => issue.message)).toEqual([expect.stringContaining('pg_stat_statements')]);
  });

  it('reports a table created by hand as created outside the migrations, and a policy changed by hand', async () => {
    await project.sql.unsafe('create table public.hand_made (id bigint primary key, note text)');
    await project.sql.unsafe('alter policy "profiles_select_own" on public.profiles using (true)');
    try {
      const report = await check();
      expect(counted(report)).toEqual([
        { kind: 'extra_table', object: { type: 'table', schema: 'public', table: 'hand_made', name: 'hand_made' }, cause: 'outside_migrations' },
        {
          kind: 'policy_differs',
          object: { type: 'policy', schema: 'public', table: 'profiles', name: 'profiles_select_own' },
          cause: 'changed_outside_migrations',
        },
      ]);
      const policy = report.items.find((item) => item.kind === 'policy_differs');
      expect(policy?.differences).toEqual(['USING: (( SELECT auth.uid() AS uid) = id) in the migrations, true live']);
      expect(policy?.source).toMatchObject({ version: '20261101090000', fileName: BASELINE });
    } finally {
      await project.sql.unsafe('drop table public.hand_made');
      await project.sql.unsafe('alter policy "profiles_select_own" on public.profiles using ((select auth.uid()) = id)');
    }
  });

  it('reports a column added to an applied CREATE TABLE IF NOT EXISTS as missing live, caused by the skipped IF NOT EXISTS', async () => {
    const file = path.join(project.migrationsDir, BASELINE);
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, original.replace('  avatar_url text,\n', "  avatar_url text,\n  timezone text not null default 'UTC',\n"));
    try {
      const report = await check();
      expect(counted(report)).toEqual([
        { kind: 'missing_column', object: { type: 'column', schema: 'public', table: 'profiles', name: 'timezone' }, cause: 'skipped_if_not_exists' },
      ]);
      const [item] = report.items;
      expect(item?.source).toEqual({ version: '20261101090000', fileName: BASELINE, statementIndex: 0 });
      expect(item?.explanation).toContain('edited after it was applied');
      expect(item?.fixSql).toBe("alter table public.profiles add column timezone text not null default 'UTC'::text;");
    } finally {
      fs.writeFileSync(file, original);
    }
  });

  it('leaves out a statement the shadow cannot run, replays the rest of its file, and says how much was checked', async () => {
    project.write({
      '20991231000000_stats.sql':
        'create extension if not exists pg_stat_statements with schema extensions;\ncreate table public.call_stats (id bigint primary key);\nalter table public.call_stats enable row level security;\n',
    });
    await applyPendingMigrations(project.sql, project.migrationsDir);
    try {
      const report = await check();
      expect(report.shadow.failures).toEqual([
        expect.objectContaining({ version: '20991231000000', statementIndex: 0, missingExtension: 'pg_stat_statements', partial: true }),
      ]);
      expect(report.shadow.replayedInPart).toEqual(['20991231000000']);
      // The table of the same file still replayed under its own savepoint: nothing differs.
      expect(counted(report)).toEqual([]);
      expect(report.items).toEqual([]);
      expect(report.shadow.coverage).toMatchObject({ skippedStatements: 1, replayedInFull: report.shadow.coverage.files - 1 });
      expect(report.shadow.coverage.summary).toMatch(
        /^\d+ of \d+ files replayed in full; 1 statement skipped: extension pg_stat_statements not available in the shadow$/,
      );
    } finally {
      await project.sql.unsafe('drop table public.call_stats');
      await project.sql.unsafe("delete from supabase_migrations.schema_migrations where version = '20991231000000'");
      project.remove('20991231000000_stats.sql');
    }
  });

  it("replays under the live project's roles: a grant to a role made outside the migrations replays, nothing is skipped", async () => {
    await project.sql.unsafe('drop role if exists drift_reporting');
    await project.sql.unsafe('create role drift_reporting nologin');
    // One role made by hand, one by the file itself: the shadow gets the first before replaying, and
    // leaves the second to the file (made beforehand, its CREATE ROLE would fail).
    await project.sql.unsafe('drop role if exists drift_made_by_file');
    project.write({
      '20991231100000_reporting.sql':
        'create role drift_made_by_file nologin;\ncreate table public.reports (id bigint primary key);\nalter table public.reports enable row level security;\ngrant select on public.reports to drift_reporting, drift_made_by_file;\n',
    });
    await applyPendingMigrations(project.sql, project.migrationsDir);
    try {
      const report = await check();
      expect(report.shadow.failures).toEqual([]);
      expect(report.shadow.appliedVersions).toContain('20991231100000');
      expect(counted(report)).toEqual([]);
    } finally {
      await project.sql.unsafe('drop table public.reports');
      await project.sql.unsafe("delete from supabase_migrations.schema_migrations where version = '20991231100000'");
      await project.sql.unsafe('drop role drift_reporting');
      await project.sql.unsafe('drop role if exists drift_made_by_file');
      project.remove('20991231100000_reporting.sql');
    }
  });

  it("replays under the live project's default privileges where they differ from the bootstrap and no migration sets them", async () => {
    // A project whose platform never granted the API roles anything on new tables in public.
    const other = await createScratchProject(baseUrl, 'drift_defaults');
    try {
      await other.sql.unsafe(readPlatformBootstrap(PROJECT_ROOT));
      await other.sql.unsafe('alter default privileges for role postgres in schema public revoke all on tables from anon, authenticated');
      fs.cpSync(path.join(PROJECT_ROOT, 'supabase', 'migrations'), other.migrationsDir, { recursive: true });
      await applyPendingMigrations(other.sql, other.migrationsDir);
      const report = await checkDrift({
        files: readMigrationsFolder(other.migrationsDir).files,
        history: await fetchRemoteHistoryFromDb(other.sql),
        live: directFromPostgres(other.sql),
        createShadow: () => shadow.clone(),
      });
      expect(report.shadow.adoptedDefaultPrivileges).toEqual(['postgres in public on tables']);
      expect(counted(report)).toEqual([]);
    } finally {
      await other.drop();
    }
  });
});
