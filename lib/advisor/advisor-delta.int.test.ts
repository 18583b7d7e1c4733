/**
 * The push request's advisor delta on a real shadow (PGlite) built from the project's migrations.
 * No database of the test stack is touched.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitStatements } from '@/lib/sql/split-statements';
import { readMigrationsFolder } from '@/lib/migrations/read-folder';
import { advisorDelta } from './advisor-delta';

describe('advisorDelta', () => {
  it('lists the findings a push adds and removes, and the lints of its files', async () => {
    const base = readMigrationsFolder(path.join(process.cwd(), 'supabase', 'migrations')).files;
    const pending = [
      {
        version: '20991231000000',
        fileName: '20991231000000_aloha_call_notes.sql',
        statements: splitStatements('-- module: aloha\ncreate table public.call_notes (id bigint primary key, body text);\n'),
      },
      {
        version: '20991231000001',
        fileName: '20991231000001_audit_policy.sql',
        statements: splitStatements(
          'create policy "audit_read_admins" on console.audit_log for select to authenticated using (console.has_role(\'admin\'));\n',
        ),
      },
    ];
    const delta = await advisorDelta(pending, { baseFiles: base, exposedSchemas: ['public', 'console'] });
    expect(delta.failures).toEqual([]);
    expect(delta.added.map((finding) => [finding.lint, finding.objectLabel])).toEqual([['rls_disabled_in_public', 'table public.call_notes']]);
    expect(delta.removed.map((finding) => [finding.lint, finding.objectLabel])).toEqual([['rls_enabled_no_policy', 'table console.audit_log']]);
    expect(delta.pending.map((finding) => [finding.lint, finding.source?.fileName])).toEqual([
      ['new_table_without_rls', '20991231000000_aloha_call_notes.sql'],
      ['missing_lock_timeout', '20991231000001_audit_policy.sql'],
    ]);
  }, 60_000);
});
