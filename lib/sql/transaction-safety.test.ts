import { beforeAll, describe, expect, it } from 'vitest';
import { splitStatements } from './split-statements';
import { ensureSqlParser } from './parser';
import { classifyStatement, classifyStatements } from './transaction-safety';

beforeAll(() => ensureSqlParser());

const codeOf = (statement: string) => classifyStatement(statement)?.code ?? null;
const severityOf = (statement: string) => classifyStatement(statement)?.severity ?? null;

describe('classifyStatement', () => {
  it('flags statements that cannot run in a transaction block', () => {
    const cases: [string, string][] = [
      ['create index concurrently users_email_idx on users (email)', 'index_concurrently'],
      ['CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS x ON t (a)', 'index_concurrently'],
      ['drop index concurrently if exists x', 'index_concurrently'],
      ['reindex index concurrently x', 'reindex_concurrently'],
      ['reindex (verbose, concurrently) table t', 'reindex_concurrently'],
      ['reindex schema public', 'reindex_schema_or_database'],
      ['reindex database postgres', 'reindex_schema_or_database'],
      ['vacuum', 'vacuum'],
      ['VACUUM (ANALYZE) public.users', 'vacuum'],
      ['create database other', 'database'],
      ['drop database if exists other', 'database'],
      ['alter database postgres set tablespace fast', 'database'],
      ["alter system set work_mem = '64MB'", 'alter_system'],
      ["create tablespace fast location '/x'", 'tablespace'],
      ['cluster', 'cluster_all'],
      ['cluster verbose', 'cluster_all'],
      ["create subscription s connection 'x' publication p", 'subscription'],
      ['discard all', 'discard_all'],
      ['begin', 'transaction_control'],
      ['BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE', 'transaction_control'],
      ['start transaction', 'transaction_control'],
      ['commit', 'transaction_control'],
      ['end', 'transaction_control'],
      ['rollback', 'transaction_control'],
      ['abort', 'transaction_control'],
      ["prepare transaction 'x'", 'prepared_transaction'],
      ["commit prepared 'x'", 'prepared_transaction'],
    ];
    for (const [statement, code] of cases) {
      expect(codeOf(statement), statement).toBe(code);
      expect(severityOf(statement), statement).toBe('no_transaction');
    }
  });

  it('leaves ordinary statements alone, including look-alikes', () => {
    for (const statement of [
      'create index users_email_idx on users (email)',
      'create index "concurrently" on t (a)',
      'reindex table t',
      'reindex (concurrently false) table t',
      'cluster users using users_pkey',
      'analyze users',
      'refresh materialized view concurrently mv',
      "select 'vacuum'",
      "insert into log values ('begin')",
      'create function f() returns int language sql begin atomic select 1; end',
      'start_something()',
      'discard temp',
    ]) {
      expect(codeOf(statement), statement).toBeNull();
    }
  });

  it('skips leading comments, as the splitter keeps them on the next statement', () => {
    expect(codeOf('-- build it without blocking writes\n/* nested /* comment */ */ create index concurrently x on t (a)')).toBe('index_concurrently');
  });

  it('warns about ADD VALUE and transaction control inside DO or CALL', () => {
    expect(classifyStatement("alter type public.mood add value if not exists 'meh'")).toMatchObject({ code: 'alter_type_add_value', severity: 'warning' });
    expect(classifyStatement("alter type \"My Type\" add value 'x' before 'y'")).toMatchObject({ code: 'alter_type_add_value', severity: 'warning' });
    expect(classifyStatement('do $$ begin perform 1; commit; end $$')).toMatchObject({ code: 'procedure_transaction_control', severity: 'warning' });
    expect(classifyStatement('call batch_job()')).toBeNull();
  });

  it('notes what works only in a real transaction block (the CLI fails on it)', () => {
    for (const statement of [
      'lock table users in access exclusive mode',
      'set local search_path = public',
      'savepoint a',
      'rollback to savepoint a',
      'release a',
    ]) {
      expect(classifyStatement(statement), statement).toMatchObject({ code: 'needs_transaction_block', severity: 'info' });
    }
    expect(classifyStatement('set search_path = public')).toBeNull();
  });
});

describe('classifyStatements', () => {
  it('gives statement indexes from 0 and marks the file non-transactional only for blocking issues', () => {
    const statements = splitStatements('create table t (a int);\nlock table t;\ncreate index concurrently t_a on t (a);\n');
    const safety = classifyStatements(statements);
    expect(safety.nonTransactional).toBe(true);
    expect(safety.issues.map((issue) => [issue.statementIndex, issue.code])).toEqual([
      [1, 'needs_transaction_block'],
      [2, 'index_concurrently'],
    ]);
    expect(classifyStatements(splitStatements("lock table t; alter type m add value 'x';")).nonTransactional).toBe(false);
  });

  it('sees a file with its own BEGIN/COMMIT', () => {
    const safety = classifyStatements(splitStatements('begin;\ncreate table t (a int);\ncommit;\n'));
    expect(safety.nonTransactional).toBe(true);
    expect(safety.issues.map((issue) => issue.statementIndex)).toEqual([0, 2]);
  });
});
