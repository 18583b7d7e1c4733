import Link from 'next/link';
import { SqlBlock } from '@/components/migrations/sql-block';
import { Badge } from '@/components/ui/badge';
import type { DriftCause, DriftItem } from '@/lib/drift/attribute-causes';

const CAUSE: Record<DriftCause, { label: string; tone: 'bad' | 'warn' | 'info' | 'neutral' }> = {
  skipped_if_not_exists: { label: 'skipped IF NOT EXISTS', tone: 'bad' },
  edited_after_apply: { label: 'edited after apply', tone: 'bad' },
  outside_migrations: { label: 'outside migrations', tone: 'warn' },
  remote_only_migration: { label: 'migration file missing', tone: 'warn' },
  changed_outside_migrations: { label: 'changed by hand', tone: 'warn' },
  shadow_could_not_run: { label: 'not verifiable', tone: 'neutral' },
  unknown: { label: 'cause unknown', tone: 'neutral' },
};

const KIND: Record<DriftItem['kind'], string> = {
  missing_table: 'Missing table',
  extra_table: 'Extra table',
  missing_column: 'Missing column',
  extra_column: 'Extra column',
  column_differs: 'Column differs',
  missing_index: 'Missing index',
  extra_index: 'Extra index',
  index_differs: 'Index differs',
  missing_constraint: 'Missing constraint',
  extra_constraint: 'Extra constraint',
  constraint_differs: 'Constraint differs',
  missing_policy: 'Missing policy',
  extra_policy: 'Extra policy',
  policy_differs: 'Policy differs',
  rls_differs: 'RLS differs',
  grants_differ: 'Grants differ',
  missing_view: 'Missing view',
  extra_view: 'Extra view',
  view_differs: 'View differs',
  missing_function: 'Missing function',
  extra_function: 'Extra function',
  function_differs: 'Function differs',
};

function objectName(item: DriftItem): string {
  const { type, schema, table, name } = item.object;
  if (type === 'table' || type === 'rls' || type === 'grants') return `${schema}.${table ?? name}`;
  if (type === 'view' || type === 'function') return `${schema}.${name}`;
  return `${schema}.${table}.${name}`;
}

/** Each difference between the migrations and the live project, with its cause and the fix. */
export function DriftItems({ items }: { items: readonly DriftItem[] }) {
  return (
    <ul className="space-y-3" data-test="drift-items">
      {items.map((item, index) => (
        <li
          key={`${item.kind}-${objectName(item)}-${index}`}
          className="rounded-lg border border-zinc-200 bg-white px-5 py-4"
          data-test="drift-item"
          data-kind={item.kind}
          data-cause={item.cause}
          data-object={objectName(item)}
        >
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-medium">{KIND[item.kind]}</span>
            {item.object.table && item.kind !== 'extra_table' && item.kind !== 'missing_table' ? (
              <Link
                className="font-mono text-sm text-brand-700 hover:underline"
                href={`/schema/${encodeURIComponent(item.object.schema)}/${encodeURIComponent(item.object.table)}`}
              >
                {objectName(item)}
              </Link>
            ) : (
              <span className="font-mono text-sm">{objectName(item)}</span>
            )}
            <Badge tone={CAUSE[item.cause].tone} data-test="drift-cause">
              {CAUSE[item.cause].label}
            </Badge>
          </div>
          {item.differences.length ? (
            <ul className="mt-2 list-disc pl-5 text-sm text-zinc-700">
              {item.differences.map((difference) => (
                <li key={difference} className="break-words font-mono text-xs">
                  {difference}
                </li>
              ))}
            </ul>
          ) : (
            <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
              <dt className="text-zinc-500">Migrations declare</dt>
              <dd className="break-words font-mono text-xs">{item.expected ?? 'nothing'}</dd>
              <dt className="text-zinc-500">Live project has</dt>
              <dd className="break-words font-mono text-xs">{item.actual ?? 'nothing'}</dd>
            </dl>
          )}
          <p className="mt-2 text-sm text-zinc-800" data-test="drift-explanation">
            {item.explanation}
          </p>
          {item.source && !item.source.fileName.startsWith('history') ? (
            <p className="mt-1 text-sm">
              <Link
                className="font-mono text-brand-700 hover:underline"
                href={`/migrations/${encodeURIComponent(item.source.version)}`}
                data-test="drift-source"
              >
                {item.source.fileName}
              </Link>
              {item.source.statementIndex !== null ? <span className="text-zinc-500">, statement {item.source.statementIndex}</span> : null}
            </p>
          ) : null}
          <p className="mt-2 text-sm text-zinc-600">
            <span className="font-medium text-zinc-700">Fix: </span>
            {item.fix}
          </p>
          {item.fixSql ? <SqlBlock sql={item.fixSql} lineNumbers={false} className="mt-2" /> : null}
        </li>
      ))}
    </ul>
  );
}
