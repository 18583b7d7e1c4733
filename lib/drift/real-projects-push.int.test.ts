/**
 * Real, public Supabase projects (lib/drift/__fixtures__/real-projects) pushed by the real Supabase
 * CLI 2.117.0 onto the test stack's PostgreSQL after the platform bootstrap, as a hosted project
 * would receive them; then what the console says of them: `status` has every version applied and
 * nothing edited, the drift check replays every file and finds nothing, and the advisor's findings
 * are the ones listed here, each reviewed as true of the project (see the notes beside them).
 * Then hand-made changes on one of them: exactly those are reported, with their causes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createScratchProject, PROJECT_ROOT, type ScratchProject } from '@/devstack/testing/scratch-project';
import { lintCatalog } from '@/lib/advisor/live-lints';
import { directFromPostgres } from '@/lib/catalog/direct-postgres';
import { resolveExposedSchemas } from '@/lib/catalog/exposed-schemas';
import { readCatalogDirect } from '@/lib/catalog/read-catalog';
import { readMigrationsFolder } from '@/lib/migrations/read-folder';
import { computeStatus } from '@/lib/migrations/status';
import { readPlatformBootstrap } from '@/lib/platform/bootstrap';
import { checkDrift, type DriftReport } from './check-drift';
import { Shadow } from './shadow';

vi.mock('server-only', () => ({}));
const { fetchRemoteHistoryFromDb } = await import('@/lib/migrations/remote-history');

const baseUrl = process.env.TEST_DATABASE_URL ?? '';
const root = fileURLToPath(new URL('./__fixtures__/real-projects/', import.meta.url));

/** The advisor's findings on each project as `level lint: object`, reviewed one by one. */
const REVIEWED_LINTS: Record<string, string[]> = {
  'vercel-nextjs-subscription-payments': [
    // handle_new_user() is SECURITY DEFINER without a pinned search_path (a trigger function, so
    // not callable over the API: no "callable without signing in" finding).
    'error function_search_path_mutable: function public.handle_new_user()',
    // auth.uid() = id, evaluated per row.
    'warning auth_rls_initplan: policy "Can only view own subs data." on public.subscriptions',
    'warning auth_rls_initplan: policy "Can update own user data." on public.users',
    'warning auth_rls_initplan: policy "Can view own user data." on public.users',
    // customers is server-only by design ("No policies as this is a private table"): info level.
    'info rls_enabled_no_policy: table public.customers',
    'info unindexed_foreign_keys: foreign key prices_product_id_fkey on public.prices',
    'info unindexed_foreign_keys: foreign key subscriptions_price_id_fkey on public.subscriptions',
    'info unindexed_foreign_keys: foreign key subscriptions_user_id_fkey on public.subscriptions',
  ],
  'usebasejump-basejump': [
    'warning auth_rls_initplan: policy "users can view their own account_users" on basejump.account_user',
    'warning auth_rls_initplan: policy "Accounts are viewable by primary owner" on basejump.accounts',
    // None of basejump's functions pins its search_path.
    'warning function_search_path_mutable: function basejump.generate_token(length integer)',
    'warning function_search_path_mutable: function basejump.get_config()',
    'warning function_search_path_mutable: function basejump.is_set(field_name text)',
    'warning function_search_path_mutable: function basejump.protect_account_fields()',
    'warning function_search_path_mutable: function basejump.slugify_account_slug()',
    'warning function_search_path_mutable: function basejump.trigger_set_invitation_details()',
    'warning function_search_path_mutable: function basejump.trigger_set_timestamps()',
    'warning function_search_path_mutable: function basejump.trigger_set_user_tracking()',
    'warning function_search_path_mutable: function public.create_account(slug text, name text)',
    'warning function_search_path_mutable: function public.create_invitation(account_id uuid, account_role basejump.account_role, invitation_type basejump.invitation_type)',
    'warning function_search_path_mutable: function public.current_user_account_role(account_id uuid)',
    'warning function_search_path_mutable: function public.delete_invitation(invitation_id uuid)',
    'warning function_search_path_mutable: function public.get_account(account_id uuid)',
    'warning function_search_path_mutable: function public.get_account_by_slug(slug text)',
    'warning function_search_path_mutable: function public.get_account_id(slug text)',
    'warning function_search_path_mutable: function public.get_account_invitations(account_id uuid, results_limit integer, results_offset integer)',
    'warning function_search_path_mutable: function public.get_accounts()',
    'warning function_search_path_mutable: function public.get_personal_account()',
    'warning function_search_path_mutable: function public.remove_account_member(account_id uuid, user_id uuid)',
    'warning function_search_path_mutable: function public.service_role_upsert_customer_subscription(account_id uuid, customer jsonb, subscription jsonb)',
    'warning function_search_path_mutable: function public.update_account(account_id uuid, slug text, name text, public_metadata jsonb, replace_metadata boolean)',
    // "users can view their own account_users" and "users can view their teammates" both let
    // authenticated select; likewise two select policies on accounts.
    'warning multiple_permissive_policies: table basejump.account_user',
    'warning multiple_permissive_policies: table basejump.accounts',
    'info no_primary_key: table basejump.config',
    'info unindexed_foreign_keys: foreign key account_user_account_id_fkey on basejump.account_user',
    'info unindexed_foreign_keys: foreign key accounts_created_by_fkey on basejump.accounts',
    'info unindexed_foreign_keys: foreign key accounts_primary_owner_user_id_fkey on basejump.accounts',
    'info unindexed_foreign_keys: foreign key accounts_updated_by_fkey on basejump.accounts',
    'info unindexed_foreign_keys: foreign key billing_customers_account_id_fkey on basejump.billing_customers',
    'info unindexed_foreign_keys: foreign key billing_subscriptions_account_id_fkey on basejump.billing_subscriptions',
    'info unindexed_foreign_keys: foreign key billing_subscriptions_billing_customer_id_fkey on basejump.billing_subscriptions',
    'info unindexed_foreign_keys: foreign key invitations_account_id_fkey on basejump.invitations',
    'info unindexed_foreign_keys: foreign key invitations_invited_by_user_id_fkey on basejump.invitations',
  ],
  'razikus-supabase-nextjs-template': [
    // SECURITY DEFINER, search_path not pinned.
    'error function_search_path_mutable: function authenticative.is_user_authenticated()',
    'warning auth_rls_initplan: policy "Owner can do everything" on public.todo_list',
    'info unindexed_foreign_keys: foreign key todo_list_owner_fkey on public.todo_list',
  ],
};

describe('real Supabase projects pushed by the Supabase CLI', () => {
  let shadow: Shadow;
  const projects = new Map<string, ScratchProject>();

  async function drift(project: ScratchProject): Promise<DriftReport> {
    return checkDrift({
      files: readMigrationsFolder(project.migrationsDir).files,
      history: await fetchRemoteHistoryFromDb(project.sql),
      live: directFromPostgres(project.sql),
      createShadow: () => shadow.clone(),
    });
  }

  beforeAll(async () => {
    if (!baseUrl) throw new Error('TEST_DATABASE_URL is not set; the integration global setup provides it.');
    shadow = await Shadow.create();
    for (const name of Object.keys(REVIEWED_LINTS)) {
      const project = await createScratchProject(baseUrl, name.slice(0, 24));
      projects.set(name, project);
      await project.sql.unsafe(readPlatformBootstrap(PROJECT_ROOT));
      fs.cpSync(path.join(root, name, 'migrations'), project.migrationsDir, { recursive: true });
      const push = await project.cli('db', 'push', '--yes');
      if (push.code !== 0) throw new Error(`supabase db push of ${name} failed:\n${push.output}`);
    }
  }, 240_000);

  afterAll(async () => {
    await shadow?.close();
    for (const project of projects.values()) await project.drop();
  });

  it.each(Object.keys(REVIEWED_LINTS))('%s: status, drift and lint say what is true of it', async (name) => {
    const project = projects.get(name)!;
    const folder = readMigrationsFolder(project.migrationsDir);
    const history = await fetchRemoteHistoryFromDb(project.sql);
    const status = computeStatus(folder.files, history.rows);
    expect(status.counts.applied).toBe(folder.files.length);
    expect(status.rows.every((row) => row.status === 'applied')).toBe(true);
    expect(status.rows.flatMap((row) => row.findings.filter((finding) => finding.severity !== 'info').map((finding) => `${row.key} ${finding.code}`))).toEqual(
      [],
    );

    const report = await drift(project);
    expect(report.items.filter((item) => item.counts)).toEqual([]);
    expect(report.shadow.coverage.summary).toBe(
      `${folder.files.length} of ${folder.files.length} file${folder.files.length === 1 ? '' : 's'} replayed in full`,
    );

    const catalog = await readCatalogDirect(directFromPostgres(project.sql));
    const exposed = resolveExposedSchemas(catalog, {}, path.join(root, name, 'config.toml'));
    const lints = lintCatalog(catalog, { exposedSchemas: exposed.schemas }).map((finding) => `${finding.level} ${finding.lint}: ${finding.objectLabel}`);
    expect(lints).toEqual(REVIEWED_LINTS[name]);
  });

  it('reports exactly the changes made by hand on top of one of them, with their causes', async () => {
    const project = projects.get('usebasejump-basejump')!;
    await project.sql.unsafe(`
      alter table basejump.accounts add column nickname text;
      drop policy "Accounts are viewable by primary owner" on basejump.accounts;
      alter index basejump.accounts_slug_key set (fillfactor = 70);
      create table public.hand_notes (id bigint primary key, body text);
    `);
    const report = await drift(project);
    const counted = report.items
      .filter((item) => item.counts)
      .map((item) => `${item.kind} ${item.object.schema}.${item.object.table ?? ''}.${item.object.name}: ${item.cause}`);
    expect(counted.sort()).toEqual([
      'extra_column basejump.accounts.nickname: outside_migrations',
      'extra_table public.hand_notes.hand_notes: outside_migrations',
      'index_differs basejump.accounts.accounts_slug_key: changed_outside_migrations',
      'missing_policy basejump.accounts.Accounts are viewable by primary owner: changed_outside_migrations',
    ]);
    expect(report.shadow.coverage.summary).toBe('4 of 4 files replayed in full');
  });
});
