/**
 * Applies the project's pending migrations on dev-stack start, recording each one in the CLI's
 * history table the way `supabase db push` does, so the console and the CLI see one history.
 * Unlike the CLI each file runs in a real transaction: a failing file leaves nothing behind.
 */
import type { Sql } from 'postgres';
import { readMigrationsFolder } from '../lib/migrations/read-folder';
import { HISTORY_COLUMNS_PRESENT, HISTORY_SETUP_STATEMENTS, INSERT_HISTORY_ROW } from '../lib/migrations/history';
import { DevstackError } from './errors';
import { ensureSqlParser } from '../lib/sql/parser';

export type AppliedMigration = { version: string; name: string; statements: number };

export async function applyPendingMigrations(sql: Sql, migrationsDir: string): Promise<AppliedMigration[]> {
  // The console's own reading: the CLI's push order and skip rules, and bad files as findings.
  await ensureSqlParser();
  const folder = readMigrationsFolder(migrationsDir);
  if (folder.problem) throw new DevstackError(folder.problem);
  const unreadable = folder.files.find((file) => file.unreadable && file.version !== null);
  if (unreadable) {
    throw new DevstackError(`Migration ${unreadable.fileName} cannot be applied: ${unreadable.unreadableDetail ?? unreadable.unreadable}.`);
  }
  const files = folder.files.flatMap((file) =>
    file.version !== null && file.statements && !file.skipped
      ? [{ fileName: file.fileName, version: file.version, name: file.name ?? '', statements: file.statements }]
      : [],
  );

  const [{ present }] = (await sql.unsafe<{ present: boolean }[]>(HISTORY_COLUMNS_PRESENT)) as unknown as [{ present: boolean }];
  if (!present) {
    await sql.begin(async (tx) => {
      await tx.unsafe("SET LOCAL lock_timeout = '4s'");
      for (const statement of HISTORY_SETUP_STATEMENTS) await tx.unsafe(statement);
    });
  }
  const applied = new Set((await sql<{ version: string }[]>`select version from supabase_migrations.schema_migrations`).map((row) => row.version));

  const done: AppliedMigration[] = [];
  for (const file of files) {
    if (applied.has(file.version)) continue;
    const { statements } = file;
    let index = 0;
    try {
      await sql.begin(async (tx) => {
        for (index = 0; index < statements.length; index++) await tx.unsafe(statements[index]!);
        await tx.unsafe(INSERT_HISTORY_ROW, [file.version, file.name, [...statements]]);
      });
    } catch (error) {
      const statement = statements[index] ?? '';
      const detail = error instanceof Error ? error.message : String(error);
      throw new DevstackError(
        `Migration ${file.fileName} failed at statement ${index + 1} of ${statements.length}: ${detail}\n` +
          `  ${statement.split('\n').slice(0, 6).join('\n  ')}\n` +
          'Nothing of this file was applied. Fix the file (or restore the database with --reset) and start again.',
        { cause: error },
      );
    }
    done.push({ version: file.version, name: file.name, statements: statements.length });
  }
  return done;
}
