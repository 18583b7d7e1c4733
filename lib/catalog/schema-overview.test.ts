import { describe, expect, it } from 'vitest';
import { catalog, table } from '@/lib/advisor/__fixtures__/catalog';
import { lintCatalog } from '@/lib/advisor/live-lints';
import { splitStatements } from '@/lib/sql/split-statements';
import type { StatusReport } from '@/lib/migrations/types';
import { buildProvenance } from './provenance';
import { appliedSources, applySchemaQuery, parseSchemaQuery, summarizeTables, type TableSummary } from './schema-overview';

const CATALOG = catalog({
  schemas: ['console', 'public'],
  tables: [
    table({ name: 'notes', estimatedRows: 500, sizeBytes: 65536 }),
    table({ name: 'calls', rlsEnabled: false, policies: [], estimatedRows: 90_000, sizeBytes: 8_000_000 }),
    table({ schema: 'console', name: 'audit_log', rlsForced: true, policies: [], estimatedRows: null, sizeBytes: 0 }),
  ],
});
const PROVENANCE = buildProvenance([
  {
    version: '1',
    fileName: '1_aloha.sql',
    module: 'aloha',
    statements: splitStatements('create table public.notes (id bigint primary key); create table public.calls (id bigint primary key);'),
  },
]);
const FINDINGS = lintCatalog(CATALOG, { exposedSchemas: ['public', 'console'] });

function summaries(): TableSummary[] {
  return summarizeTables(CATALOG, PROVENANCE, FINDINGS, ['public', 'console']);
}

function names(raw: Record<string, string>): string[] {
  return applySchemaQuery(summaries(), parseSchemaQuery(raw)).rows.map((row) => `${row.schema}.${row.name}`);
}

describe('summarizeTables', () => {
  it('gives each table its module from provenance and its findings by level', () => {
    const byName = Object.fromEntries(summaries().map((row) => [row.name, row]));
    expect(byName.notes).toMatchObject({ module: 'aloha', origin: { version: '1' }, policyCount: 1, findings: { error: 0, warning: 0, info: 0 } });
    expect(byName.calls).toMatchObject({ module: 'aloha', rlsEnabled: false, findings: { error: 1, warning: 0, info: 0 } });
    expect(byName.audit_log).toMatchObject({ module: null, origin: null, rlsForced: true, findings: { error: 0, warning: 0, info: 1 } });
  });
});

describe('applySchemaQuery', () => {
  it('filters by schema, module (and "none"), RLS state and name', () => {
    expect(names({ schema: 'public' })).toEqual(['public.calls', 'public.notes']);
    expect(names({ module: 'none' })).toEqual(['console.audit_log']);
    expect(names({ rls: 'disabled' })).toEqual(['public.calls']);
    expect(names({ rls: 'forced' })).toEqual(['console.audit_log']);
    expect(names({ rls: 'no_policies' })).toEqual(['console.audit_log', 'public.calls']);
    expect(names({ q: 'NOT' })).toEqual(['public.notes']);
  });
  it('sorts by each column, worst findings first, and ignores malformed parameters', () => {
    expect(names({ sort: 'rows', dir: 'desc' })).toEqual(['public.calls', 'public.notes', 'console.audit_log']);
    expect(names({ sort: 'findings' })).toEqual(['public.calls', 'console.audit_log', 'public.notes']);
    expect(names({ sort: 'size', dir: 'asc' })).toEqual(['console.audit_log', 'public.notes', 'public.calls']);
    expect(names({ sort: 'nonsense', rls: 'maybe', schema: "x' or 1=1" })).toEqual(['console.audit_log', 'public.calls', 'public.notes']);
  });
});

describe('appliedSources', () => {
  it('takes the local file of each applied version, or its recorded statements when the file is missing', () => {
    const report = {
      rows: [
        {
          version: '1',
          module: 'aloha',
          local: { fileName: '1_a.sql', module: 'aloha', statements: ['create table a (x int)'] },
          remote: { version: '1', name: 'a', statements: ['create table a (x int)'] },
        },
        { version: '2', module: 'shared', local: null, remote: { version: '2', name: 'gone', statements: ['create table b (x int)'] } },
        { version: '3', module: 'sync', local: { fileName: '3_c.sql', module: 'sync', statements: ['create table c (x int)'] }, remote: null },
      ],
    } as unknown as StatusReport;
    expect(appliedSources(report).map((source) => [source.version, source.fileName])).toEqual([
      ['1', '1_a.sql'],
      ['2', '2_gone.sql (history only)'],
    ]);
  });
});
