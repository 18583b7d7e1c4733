/**
 * `npm run console` end to end, as CI runs it: a real process against a scratch database the
 * Supabase CLI pushed to (or the test stack's API), JSON on stdout and the exit codes.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '@/devstack/ports';
import { testStack } from '@/devstack/testing/clients';
import { PROJECT_ROOT, createScratchProject, databaseUrl, type ScratchProject } from '@/devstack/testing/scratch-project';
import { splitStatements } from '@/lib/sql/split-statements';
import type { LocalMigration, StatusReport } from '@/lib/migrations/types';

type Run = { code: number | null; stdout: string; stderr: string };

const CONNECTION_VARIABLES = [
  'SUPABASE_DB_URL',
  'NEXT_PUBLIC_SUPABASE_URL',
  'SUPABASE_SERVICE_ROLE_KEY',
  'NEXT_PUBLIC_SUPABASE_ANON_KEY',
  'CONSOLE_MIGRATIONS_DIR',
];

function consoleCli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  // The run sees only the connection the test gives it.
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !CONNECTION_VARIABLES.includes(name)));
  const childEnv = { ...base, ...env } as NodeJS.ProcessEnv;
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', 'console', '--', ...args],
      { cwd: PROJECT_ROOT, env: childEnv, timeout: 60_000, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
      },
    );
  });
}

function report(run: Run): StatusReport {
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as StatusReport;
}

describe('npm run console', () => {
  const baseUrl = process.env.TEST_DATABASE_URL ?? '';
  let project: ScratchProject;

  beforeAll(async () => {
    if (!baseUrl) throw new Error('TEST_DATABASE_URL is not set; the integration global setup provides it.');
    project = await createScratchProject(baseUrl, 'console_cli');
    project.write({ '20240101000000_aloha_calls.sql': 'create table public.calls (id int);\n', '20240102000000_b.sql': 'select 2;\n' });
    const push = await project.cli('db', 'push', '--yes');
    expect(push.code, push.output).toBe(0);
  });

  afterAll(async () => {
    await project?.drop();
  });

  it('status --json --db-url: exit 0 when nothing blocks', async () => {
    project.write({ '20240103000000_c.sql': 'select 3;\n' });
    const run = await consoleCli(['status', '--json', '--db-url', project.url, '--dir', project.migrationsDir]);
    expect(run.code, run.stderr).toBe(0);
    const json = report(run);
    expect(json.rows.map((row) => [row.key, row.status, row.module])).toEqual([
      ['20240101000000', 'applied', 'aloha'],
      ['20240102000000', 'applied', 'shared'],
      ['20240103000000', 'pending', 'shared'],
    ]);
    expect(json.rows[0]?.remote?.statements).toEqual(['create table public.calls (id int)']);
    expect(json.blocking).toBe(false);
    expect(json.historyTableExists).toBe(true);
  });

  it('status: exit 1 on a blocking finding, in JSON and in the table', async () => {
    project.remove('20240101000000_aloha_calls.sql');
    try {
      const run = await consoleCli(['status', '--json', '--db-url', project.url, '--dir', project.migrationsDir]);
      expect(run.code).toBe(1);
      const json = report(run);
      expect(json.blocking).toBe(true);
      expect(json.rows[0]).toMatchObject({ key: '20240101000000', status: 'remote_only' });

      const table = await consoleCli(['status', `--db-url=${project.url}`, `--dir=${project.migrationsDir}`]);
      expect(table.code).toBe(1);
      expect(table.stdout).toMatch(/20240101000000 +aloha_calls +aloha +remote only/);
      expect(table.stdout).toContain('$ supabase migration repair --status reverted 20240101000000');
      expect(table.stdout).toContain(`history from the database 127.0.0.1:${new URL(baseUrl).port}/${project.database}`);
      expect(table.stdout).not.toContain(new URL(baseUrl).password);
    } finally {
      project.write({ '20240101000000_aloha_calls.sql': 'create table public.calls (id int);\n' });
    }
  });

  it('status reads SUPABASE_DB_URL, and the CLI-style URL with sslmode=disable', async () => {
    const run = await consoleCli(['status', '--json', '--dir', project.migrationsDir], { SUPABASE_DB_URL: project.cliUrl });
    expect(run.code, run.stderr).toBe(0);
    expect(report(run).counts.applied).toBe(2);
  });

  it("status through the API with the service-role key: the project's migrations are applied", async () => {
    const stack = testStack();
    const run = await consoleCli(['status', '--json'], { NEXT_PUBLIC_SUPABASE_URL: stack.apiUrl, SUPABASE_SERVICE_ROLE_KEY: stack.serviceRoleKey });
    const json = report(run);
    // Only the committed migrations are checked: in a shared working tree, a file someone is
    // writing right now may be pending or edited.
    expect(run.code).toBe(json.blocking ? 1 : 0);
    for (const [version, module] of [
      ['20261101090000', 'shared'],
      ['20261125100000', 'console'],
      ['20261126090000', 'console'],
    ]) {
      expect(json.rows.find((row) => row.key === version)).toMatchObject({ status: 'applied', module });
    }
  });

  it('a missing folder: still a report, with the folder problem and the remote side', async () => {
    const run = await consoleCli(['status', '--json', '--db-url', project.url, '--dir', path.join(project.workdir, 'nope')]);
    expect(run.code).toBe(1);
    const json = report(run);
    expect(json.folderProblem).toContain('does not exist');
    expect(json.rows.map((row) => row.status)).toEqual(['remote_only', 'remote_only']);
  });

  it('exit 2 with a clear message on connection and usage errors', async () => {
    const closed = await findFreePort();
    const refused = await consoleCli(['status', '--db-url', `postgresql://postgres:s3cret@127.0.0.1:${closed}/postgres`, '--dir', project.migrationsDir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`127.0.0.1:${closed}/postgres failed: nothing listens there`);
    expect(refused.stderr).not.toContain('s3cret');

    const wrongPassword = new URL(databaseUrl(baseUrl, project.database));
    wrongPassword.password = 'wrong-password';
    const denied = await consoleCli(['status', '--db-url', wrongPassword.toString(), '--dir', project.migrationsDir]);
    expect(denied.code).toBe(2);
    expect(denied.stderr).toContain('the user name or password was refused');

    const noDatabase = await consoleCli(['status', '--db-url', databaseUrl(baseUrl, 'no_such_database_here'), '--dir', project.migrationsDir]);
    expect(noDatabase.code).toBe(2);
    expect(noDatabase.stderr).toContain('that database does not exist');

    const nothing = await consoleCli(['status', '--dir', project.migrationsDir]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('No connection to the project');

    const usage = await consoleCli(['status', '--bogus']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Unknown option --bogus for status');
  });

  it("status loads only its own code from the launcher's build, not the other commands", async () => {
    expect((await consoleCli(['--help'])).code).toBe(0);
    const cache = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'migration-console-cli');
    const { entry } = JSON.parse(fs.readFileSync(path.join(cache, 'build.json'), 'utf8')) as { entry: string };
    // The entry and the chunks it imports statically, transitively: what every status run parses.
    const loaded = new Set<string>();
    const visit = (file: string) => {
      if (loaded.has(file)) return;
      loaded.add(file);
      const text = fs.readFileSync(file, 'utf8');
      for (const match of text.matchAll(/^import\s[^;]*?from\s*"(\.\/[^"]+)"/gm)) visit(path.join(path.dirname(file), match[1] ?? ''));
    };
    visit(path.join(cache, entry));
    const names = [...loaded].map((file) => path.basename(file));
    expect(names.some((name) => /^(push|lint|drift)-command/.test(name))).toBe(false);
    const bytes = [...loaded].reduce((sum, file) => sum + fs.statSync(file).size, 0);
    expect(bytes).toBeLessThan(250_000);
  });

  it('inspect: the file facts as JSON, exit 1 for a name the CLI skips, 2 for no file', async () => {
    const sql = '-- module: sync\ncreate function f() returns int language sql as $$ select 1; $$;\nselect f();\n';
    project.write({ '20240105000000_sync_fn.sql': sql, 'notes.sql': 'select 1;\n' });
    const file = path.join(project.migrationsDir, '20240105000000_sync_fn.sql');
    const run = await consoleCli(['inspect', file, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as LocalMigration & { findings: unknown[] };
    expect(json).toMatchObject({ version: '20240105000000', name: 'sync_fn', module: 'sync', sizeBytes: Buffer.byteLength(sql), findings: [] });
    expect(json.statements).toEqual(splitStatements(sql));
    expect(json.sha256).toMatch(/^[0-9a-f]{64}$/);

    const misnamed = await consoleCli(['inspect', path.join(project.migrationsDir, 'notes.sql')]);
    expect(misnamed.code).toBe(1);
    expect(misnamed.stdout).toContain('File name the CLI skips');

    const missing = await consoleCli(['inspect', path.join(project.migrationsDir, 'missing.sql')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No such file');
    project.remove('20240105000000_sync_fn.sql', 'notes.sql');
    expect(fs.existsSync(file)).toBe(false);
  });
});
