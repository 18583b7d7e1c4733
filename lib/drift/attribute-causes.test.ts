import { describe, expect, it } from 'vitest';
import { catalog, column, fn, policy, table, view } from '@/lib/advisor/__fixtures__/catalog';
import { buildProvenance } from '@/lib/catalog/provenance';
import { attributeCauses, type CauseContext } from './attribute-causes';
import { diffCatalogs } from './diff-catalogs';

const CREATE = 'create table if not exists public.notes (id bigint primary key, user_id uuid not null, body text)';
const POLICY = 'create policy "notes_select_own" on public.notes for select to authenticated using ((select auth.uid()) = user_id)';

function context(local: string[], recorded: string[] | null, extra: Partial<CauseContext> = {}): CauseContext {
  return {
    provenance: buildProvenance([{ version: '1', fileName: '1_notes.sql', module: 'aloha', statements: local }]),
    remoteOnlyProvenance: buildProvenance([]),
    localStatements: new Map([['1', local]]),
    recordedStatements: new Map([['1', recorded]]),
    shadowFailures: new Map(),
    ...extra,
  };
}

function causes(expected: ReturnType<typeof catalog>, actual: ReturnType<typeof catalog>, ctx: CauseContext) {
  return attributeCauses(diffCatalogs(expected, actual), ctx).map((item) => [item.kind, item.object.name, item.cause]);
}

describe('diffCatalogs and attributeCauses', () => {
  it('do not call a function or view hand-made when the file that creates it could not run in the shadow', () => {
    const statements = [
      CREATE,
      'create extension if not exists http with schema extensions',
      'create function public.touch() returns int language sql as $$ select 1 $$',
      'create view public.note_list as select id from public.notes',
    ];
    const live = catalog({ functions: [fn()], views: [view()] });
    const failed = context(statements, statements, { shadowFailures: new Map([['1', 'extension http is not available there']]) });
    const items = attributeCauses(diffCatalogs(catalog(), live), failed);
    expect(items.map((item) => [item.kind, item.object.name, item.cause, item.counts])).toEqual([
      ['extra_view', 'note_list', 'shadow_could_not_run', false],
      ['extra_function', 'touch()', 'shadow_could_not_run', false],
    ]);
    // Without a migration that creates them, they are what they look like.
    expect(attributeCauses(diffCatalogs(catalog(), live), context([CREATE], [CREATE])).map((item) => item.cause)).toEqual([
      'outside_migrations',
      'outside_migrations',
    ]);
  });

  it('find nothing when both sides match', () => {
    expect(diffCatalogs(catalog(), catalog())).toEqual([]);
  });

  it('name an edited applied CREATE TABLE IF NOT EXISTS as the cause of a missing column', () => {
    const expected = catalog({ tables: [table({ columns: [...table().columns, column('tag', { position: 4 })] })] });
    const edited = CREATE.replace('body text)', 'body text, tag text)');
    expect(causes(expected, catalog(), context([edited, POLICY], [CREATE, POLICY]))).toEqual([['missing_column', 'tag', 'skipped_if_not_exists']]);
    // Recorded exactly as it stands: it ran, so the column went away by hand (or existed before in another shape).
    expect(causes(expected, catalog(), context([edited, POLICY], [edited, POLICY]))).toEqual([['missing_column', 'tag', 'changed_outside_migrations']]);
  });

  it('name an applied policy edited afterwards, and a policy changed by hand', () => {
    const expected = catalog({ tables: [table({ policies: [policy('notes_select_own', { using: 'true' })] })] });
    const edited = POLICY.replace('(select auth.uid()) = user_id', 'true');
    expect(causes(expected, catalog(), context([CREATE, edited], [CREATE, POLICY]))).toEqual([['policy_differs', 'notes_select_own', 'edited_after_apply']]);
    expect(causes(catalog(), expected, context([CREATE, POLICY], [CREATE, POLICY]))).toEqual([
      ['policy_differs', 'notes_select_own', 'changed_outside_migrations'],
    ]);
  });

  it('name tables and columns made outside the migrations, and those a history-only migration made', () => {
    const live = catalog({ tables: [table({ columns: [...table().columns, column('extra', { position: 4 })] }), table({ name: 'calls' })] });
    expect(causes(catalog(), live, context([CREATE, POLICY], [CREATE, POLICY]))).toEqual([
      ['extra_column', 'extra', 'outside_migrations'],
      ['extra_table', 'calls', 'outside_migrations'],
    ]);
    const remoteOnly = context([CREATE, POLICY], [CREATE, POLICY], {
      remoteOnlyProvenance: buildProvenance([
        { version: '2', fileName: 'history 2', module: 'unknown', statements: ['create table public.calls (id bigint primary key)'] },
      ]),
    });
    expect(causes(catalog(), catalog({ tables: [table(), table({ name: 'calls' })] }), remoteOnly)).toEqual([
      ['extra_table', 'calls', 'remote_only_migration'],
    ]);
  });

  it('do not count what a migration the shadow could not run would have made', () => {
    const ctx = context([CREATE, POLICY], [CREATE, POLICY], { shadowFailures: new Map([['1', 'extension postgis is not available there']]) });
    const [item] = attributeCauses(diffCatalogs(catalog({ tables: [] }), catalog()), ctx);
    expect(item).toMatchObject({ kind: 'extra_table', cause: 'shadow_could_not_run', counts: false });
  });

  it('compare columns, RLS and grants property by property', () => {
    const live = catalog({
      tables: [
        table({ rlsEnabled: false, grants: { anon: ['SELECT'] }, columns: [column('id', { type: 'integer', nullable: false }), ...table().columns.slice(1)] }),
      ],
    });
    const differences = diffCatalogs(catalog(), live);
    expect(differences.map((difference) => [difference.kind, difference.differences])).toEqual([
      ['rls_differs', ['row level security: enabled in the migrations, disabled live']],
      [
        'grants_differ',
        [
          'grants to anon: DELETE, INSERT, SELECT, UPDATE in the migrations, SELECT live',
          'grants to authenticated: DELETE, INSERT, SELECT, UPDATE in the migrations, none live',
          'grants to service_role: DELETE, INSERT, SELECT, UPDATE in the migrations, none live',
        ],
      ],
      ['column_differs', ['type: bigint in the migrations, integer live']],
    ]);
  });
});
