import 'server-only';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Sql } from 'postgres';
import { locateStatementError } from './error-location';
import { INSERT_HISTORY_ROW } from './history';
import { splitStatements } from '@/lib/sql/split-statements';
import type { ApprovedFile, RunContext } from './push-types';
import { connect } from './push-connection';
import { appliedVersions } from './push-preflight';
import { FileFailure, blankFileError, errorText, isConnectionLost, postgresErrorOf } from './push-failure';

/**
 * One file against the target: verified against its approved SHA-256, then one pipelined batch in
 * a real transaction (or statement by statement for a file that cannot run in one), recorded in
 * the history as the CLI records it, with the failing statement located in the file.
 */

export async function applyFile(context: RunContext, file: ApprovedFile): Promise<number> {
  const { target, lock, settings } = context;
  const text = readApprovedFile(context, file);
  const statements = splitStatements(text);
  if (statements.length !== file.statementCount) {
    throw new FileFailure('stale', blankFileError(file, `${file.fileName} no longer splits into the ${file.statementCount} statements that were approved.`));
  }

  const fail = (error: unknown, index: number | null, statementsRun: number, partial: boolean, phase?: 'history' | 'commit'): FileFailure => {
    const lost = isConnectionLost(error);
    const prefix = phase === 'history' ? `Recording version ${file.version} in the history failed: ` : phase === 'commit' ? 'COMMIT failed: ' : '';
    const pg = postgresErrorOf(error);
    // Without a position (or after a lost connection) the statement's own first line is still useful.
    const location = index === null ? null : locateStatementError(text, statements, index, pg ? { position: pg.position, where: pg.where ?? null } : {});
    return new FileFailure(lost ? 'connection_lost' : 'statement', {
      ordinal: file.ordinal,
      fileName: file.fileName,
      version: file.version,
      statementIndex: index,
      line: location?.line ?? null,
      column: location?.column ?? null,
      sqlstate: pg?.code ?? null,
      message: lost ? `The connection to the database was lost while ${file.fileName} ran: ${errorText(error)}` : prefix + errorText(error),
      detail: pg?.detail ?? null,
      hint: pg?.hint ?? null,
      partial,
      statementsRun,
    });
  };

  if (file.nonTransactional) {
    // Like the CLI, every file starts from the session defaults; the pid proves the connection
    // (and with it the lock) is still the one the run started on.
    const [, pidRows] = await Promise.all([target.unsafe('RESET ALL'), target.unsafe<{ pid: number }[]>('select pg_backend_pid() as pid')]);
    if (Number(pidRows[0]?.pid) !== lock.pid) throw new FileFailure('connection_lost', blankFileError(file, REPLACED));
    return applyUnwrapped(context, file, statements, fail);
  }

  // One pipelined batch, like the CLI's, but inside a real transaction block. SET LOCAL, not
  // set_config(): a file may begin with SET TRANSACTION ISOLATION LEVEL, which must come before any
  // query that takes a snapshot. After a failure the rest answer 25P02 and COMMIT ends the
  // transaction as a ROLLBACK, so the first rejection in order is the statement that failed.
  // The pid check before the history row makes a file roll back whole if the connection (and with
  // it the session lock) was silently replaced: nothing commits without the lock.
  const head = [
    target.unsafe('RESET ALL'),
    target.unsafe('BEGIN'),
    target.unsafe(`SET LOCAL lock_timeout = '${settings.lockTimeout}'`),
    target.unsafe(`SET LOCAL statement_timeout = '${settings.statementTimeout}'`),
  ];
  const body = statements.map((statement) => runStatement(target, statement));
  const tail = [
    target.unsafe(`select 1 / (pg_backend_pid() = ${lock.pid})::integer as same_connection`),
    recordVersion(target, file, statements),
    target.unsafe('COMMIT'),
  ];
  const results = await Promise.allSettled([...head, ...body, ...tail]);
  const failedAt = results.findIndex((result) => result.status === 'rejected');
  if (failedAt >= 0) {
    const rejected = results[failedAt] as PromiseRejectedResult;
    await rollback(target);
    const index = failedAt - head.length;
    if (index < 0) throw fail(rejected.reason, null, 0, false);
    if (index < statements.length) throw fail(rejected.reason, index, index, false);
    if (index === statements.length && !isConnectionLost(rejected.reason)) throw new FileFailure('connection_lost', blankFileError(file, REPLACED));
    throw fail(rejected.reason, null, statements.length, false, index === statements.length + 1 ? 'history' : 'commit');
  }
  return statements.length;
}

const REPLACED = 'The connection that holds the push lock was replaced; the run stops, and nothing of this file was applied.';

/**
 * One statement as the splitter cut it. Without parameters postgres.js sends it with the simple
 * protocol; the CLI uses the extended one, which differs only for a piece holding two commands
 * (a splitter quirk): the CLI refuses such a piece, the console runs it in the file's transaction.
 */
function runStatement(target: Sql, statement: string): Promise<unknown> {
  return target.unsafe(statement);
}

/**
 * The CLI's history INSERT with its parameters. Prepared once per connection, so that it needs no
 * describe round trip and stays in the file's pipeline.
 */
function recordVersion(target: Sql, file: ApprovedFile, statements: string[]): Promise<unknown> {
  return target.unsafe(INSERT_HISTORY_ROW, [file.version, file.name, statements], { prepare: true });
}

/**
 * The CLI's way for files that cannot run in a transaction block: each statement on its own, then
 * the history row. A failure leaves the statements before it applied and the version unrecorded.
 */
async function applyUnwrapped(
  context: RunContext,
  file: ApprovedFile,
  statements: string[],
  fail: (error: unknown, index: number | null, statementsRun: number, partial: boolean, phase?: 'history' | 'commit') => FileFailure,
): Promise<number> {
  const { target, settings } = context;
  try {
    await target.unsafe(`SET lock_timeout = '${settings.lockTimeout}'`);
    await target.unsafe(`SET statement_timeout = '${settings.statementTimeout}'`);
  } catch (error) {
    throw fail(error, null, 0, false);
  }
  let index = 0;
  try {
    for (index = 0; index < statements.length; index++) await runStatement(target, statements[index] ?? '');
  } catch (error) {
    // The file's own BEGIN may have left a transaction open; close it (a no-op otherwise).
    await rollback(target);
    throw fail(error, index, index, index > 0);
  }
  try {
    await recordVersion(target, file, statements);
  } catch (error) {
    throw fail(error, null, statements.length, statements.length > 0, 'history');
  }
  return statements.length;
}

async function rollback(target: Sql): Promise<void> {
  await target.unsafe('ROLLBACK').catch(() => {});
}

/** The file's bytes, verified against the approved SHA-256 right before they run. */
function readApprovedFile(context: RunContext, file: ApprovedFile): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path.join(context.options.migrationsDir, file.fileName));
  } catch (error) {
    throw new FileFailure('stale', blankFileError(file, `${file.fileName} cannot be read any more: ${errorText(error)}`));
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== file.sha256) {
    throw new FileFailure(
      'stale',
      blankFileError(
        file,
        `${file.fileName} changed after the run started (SHA-256 ${sha256.slice(0, 12)}, approved ${file.sha256.slice(0, 12)}); nothing of it was applied.`,
      ),
    );
  }
  return bytes.toString('utf8');
}

export async function committedAfterLoss(context: RunContext, file: ApprovedFile): Promise<boolean> {
  const targetUrl = context.options.targetUrl ?? context.options.controlUrl;
  let fresh: Sql | null = null;
  try {
    fresh = await connect(targetUrl, 'migration-console push check');
    return (await appliedVersions(fresh, [file.version])).length > 0;
  } catch {
    return false;
  } finally {
    await fresh?.end({ timeout: 5 }).catch(() => {});
  }
}
