/**
 * The real, public Supabase projects (lib/drift/__fixtures__/real-projects) replayed into the drift
 * check's shadow on the platform bootstrap: every file replays except the statements that need an
 * extension PGlite does not have (and those that use what such an extension would have made),
 * each one recorded with why, so that the drift check says "not checked" there and nothing else.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readMigrationsFolder } from '@/lib/migrations/read-folder';
import { Shadow } from './shadow';

const root = fileURLToPath(new URL('./__fixtures__/real-projects/', import.meta.url));

/** Per project: files replayed in full, and each skipped statement as `file #index: why`. */
const EXPECTED: Record<string, { full: number; total: number; skipped: string[] }> = {
  'marmelab-atomic-crm': {
    full: 19,
    total: 23,
    skipped: [
      '20260127140209_imports.sql #0: extension http',
      '20260128165057_sso_handling.sql #0: extension pgjwt',
      '20260304104600_note_attachments_trigger.sql #0: extension pg_net',
      '20260309112831_fix_security_warnings.sql #30: extension pg_net',
    ],
  },
  'mckaywrigley-chatbot-ui': {
    full: 24,
    total: 25,
    skipped: ['20240108234540_setup.sql #0: extension http'],
  },
  'supabase-dbdev': {
    full: 52,
    total: 54,
    skipped: [
      '20220117141357_extensions.sql #0: extension pg_stat_statements',
      '20220117141357_extensions.sql #3: extension pg_cron',
      // cron.schedule(…): the schema pg_cron would have made.
      '20230405163940_download_metrics.sql #9: schema "cron" does not exist',
    ],
  },
};

describe('real Supabase projects in the drift shadow', () => {
  it.each(Object.keys(EXPECTED))(
    '%s replays in full but for what needs an extension the shadow lacks',
    async (project) => {
      const folder = readMigrationsFolder(path.join(root, project, 'migrations'));
      const files = folder.files.map((file) => ({ version: file.version ?? '', fileName: file.fileName, statements: file.statements ?? [] }));
      const shadow = await Shadow.create();
      try {
        const result = await shadow.applyFiles(files);
        const expected = EXPECTED[project]!;
        expect(files.length).toBe(expected.total);
        const skipped = result.failures.map(
          (failure) =>
            `${failure.fileName} #${failure.statementIndex}: ${failure.missingExtension ? `extension ${failure.missingExtension}` : failure.message}`,
        );
        expect(skipped).toEqual(expected.skipped);
        expect(result.applied.length).toBe(expected.full);
        // Every other file of the project replayed statement for statement.
        expect(result.applied.length + result.replayedInPart.length).toBe(files.length);
      } finally {
        await shadow.close();
      }
    },
    120_000,
  );

  it('gives the storage, vault and realtime pieces of the platform that the projects use', async () => {
    const shadow = await Shadow.create();
    try {
      const catalogRows = await shadow.direct().transaction((query) =>
        query(`
        select to_regclass('storage.objects') is not null as objects,
               to_regprocedure('storage.foldername(text)') is not null as foldername,
               to_regclass('auth.identities') is not null as identities,
               to_regclass('vault.decrypted_secrets') is not null as vault,
               exists (select 1 from pg_publication where pubname = 'supabase_realtime') as realtime,
               current_setting('search_path') as search_path`),
      );
      expect(catalogRows[0]).toEqual({
        objects: true,
        foldername: true,
        identities: true,
        vault: true,
        realtime: true,
        search_path: '"$user", public, extensions',
      });
    } finally {
      await shadow.close();
    }
  });
});
