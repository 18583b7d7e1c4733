/**
 * `npm run console -- lint` and `-- drift` as CI runs them: real processes against a scratch
 * database holding the platform bootstrap and the project's migrations; JSON and exit codes.
 */
import { readPlatformBootstrap } from '../lib/platform/bootstrap';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPendingMigrations } from '@/devstack/apply-migrations';
import { PROJECT_ROOT, createScratchProject, type ScratchProject } from '@/devstack/testing/scratch-project';
import type { DriftReport } from '@/lib/drift/check-drift';
import type { LintResult } from './lint-command';

type Run = { code: number | null; stdout: string; stderr: string };

const CONNECTION_VARIABLES = [
  'SUPABASE_DB_URL',
  'NEXT_PUBLIC_SUPABASE_URL',
  'SUPABASE_SERVICE_ROLE_KEY',
  'NEXT_PUBLIC_SUPABASE_ANON_KEY',
  'CONSOLE_MIGRATIONS_DIR',
];

function consoleCli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !CONNECTION_VARIABLES.includes(name)));
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', 'console', '--', ...args],
      { cwd: PROJECT_ROOT, env: { ...base, ...env } as NodeJS.ProcessEnv, timeout: 120_000, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
      },
    );
  });
}

describe('npm run console -- lint / drift', () => {
  const baseUrl = process.env.TEST_DATABASE_URL ?? '';
  let project: ScratchProject;
  let env: Record<string, string>;

  beforeAll(async () => {
    if (!baseUrl) throw new Error('TEST_DATABASE_URL is not set; the integration global setup provides it.');
    project = await createScratchProject(baseUrl, 'check_cli');
    await project.sql.unsafe(readPlatformBootstrap(PROJECT_ROOT));
    fs.cpSync(path.join(PROJECT_ROOT, 'supabase', 'migrations'), project.migrationsDir, { recursive: true });
    await applyPendingMigrations(project.sql, project.migrationsDir);
    env = { SUPABASE_DB_URL: project.url, CONSOLE_MIGRATIONS_DIR: project.migrationsDir };
  }, 120_000);

  afterAll(async () => {
    await project?.drop();
  });

  it('lint exits 0 on the project as its migrations make it, and drift finds nothing', async () => {
    const [lint, drift] = await Promise.all([consoleCli(['lint', '--json'], env), consoleCli(['drift', '--json'], env)]);
    expect(lint.code, lint.stderr).toBe(0);
    const result = JSON.parse(lint.stdout) as LintResult;
    expect(result.counts.error).toBe(0);
    expect(result.pendingFiles).toEqual([]);
    expect(drift.code, drift.stderr).toBe(0);
    expect((JSON.parse(drift.stdout) as DriftReport).driftCount).toBe(0);
  });

  it('exits 1 when a table made by hand has no RLS (lint) and is not in the migrations (drift)', async () => {
    await project.sql.unsafe('create table public.hand_made (id bigint primary key)');
    try {
      const [lint, drift] = await Promise.all([consoleCli(['lint'], env), consoleCli(['drift', '--json'], env)]);
      expect(lint.code).toBe(1);
      expect(lint.stdout).toContain('ERROR rls_disabled_in_public  table public.hand_made');
      expect(drift.code).toBe(1);
      const report = JSON.parse(drift.stdout) as DriftReport;
      expect(report.items.map((item) => [item.kind, `${item.object.schema}.${item.object.name}`, item.cause])).toEqual([
        ['extra_table', 'public.hand_made', 'outside_migrations'],
      ]);
    } finally {
      await project.sql.unsafe('drop table public.hand_made');
    }
  });

  it('lints pending files against the live project', async () => {
    project.write({ '20991231000000_aloha_drop.sql': 'drop table public.user_phone_number_changes;\n' });
    try {
      const lint = await consoleCli(['lint', '--json'], env);
      expect(lint.code).toBe(1);
      const result = JSON.parse(lint.stdout) as LintResult;
      expect(result.pendingFiles).toEqual(['20991231000000_aloha_drop.sql']);
      expect(result.pending.map((finding) => finding.lint)).toEqual(['drop_table', 'missing_lock_timeout']);
      expect(result.lockImpact).toEqual([
        expect.objectContaining({ fileName: '20991231000000_aloha_drop.sql', table: 'user_phone_number_changes', mode: 'ACCESS EXCLUSIVE', statementIndex: 0 }),
      ]);
    } finally {
      project.remove('20991231000000_aloha_drop.sql');
    }
  });

  it('status --json and lint --json give every file of the risk corpus its finding, and broken files fail both', async () => {
    const corpusDir = path.join(PROJECT_ROOT, 'lib', 'sql', '__fixtures__', 'risk-corpus');
    const expected = JSON.parse(fs.readFileSync(path.join(corpusDir, 'expected.json'), 'utf8')) as Record<string, { code: string; line: number | null }[]>;
    const names = Object.keys(expected).sort();
    const fileName = (name: string, index: number) => `${29990101000000 + index}_${name}`;
    names.forEach((name, index) => fs.copyFileSync(path.join(corpusDir, name), path.join(project.migrationsDir, fileName(name, index))));
    try {
      const [status, lint] = await Promise.all([consoleCli(['status', '--json'], env), consoleCli(['lint', '--json'], env)]);
      expect(status.code, status.stderr).toBe(1);
      expect(lint.code, lint.stderr).toBe(1);
      type Row = { local: { fileName: string } | null; findings: { severity: string; risk?: { code: string; line: number | null } }[] };
      const report = JSON.parse(status.stdout) as { blocking: boolean; rows: Row[] };
      const result = JSON.parse(lint.stdout) as LintResult;
      expect(report.blocking).toBe(true);
      names.forEach((name, index) => {
        const want = expected[name]!.map((finding) => [finding.code, finding.line]);
        const row = report.rows.find((candidate) => candidate.local?.fileName === fileName(name, index));
        expect(
          row?.findings.filter((finding) => finding.risk).map((finding) => [finding.risk!.code, finding.risk!.line]),
          `status: ${name}`,
        ).toEqual(want);
        expect(
          result.fileRisks.filter((risk) => risk.fileName === fileName(name, index)).map((risk) => [risk.code, risk.line]),
          `lint: ${name}`,
        ).toEqual(want);
        for (const risk of result.fileRisks.filter((candidate) => candidate.fileName === fileName(name, index))) {
          expect(risk.level, `lint level: ${name}`).toBe(name.startsWith('b') ? 'error' : 'warning');
        }
      });
    } finally {
      names.forEach((name, index) => project.remove(fileName(name, index)));
    }
  }, 60_000);

  it('drift without a database connection is a usage error (exit 2), not a silent pass', async () => {
    const run = await consoleCli(['drift'], { CONSOLE_MIGRATIONS_DIR: project.migrationsDir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('needs a direct database connection');
  });
});
