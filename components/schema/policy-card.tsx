import { SqlBlock } from '@/components/migrations/sql-block';
import { Badge } from '@/components/ui/badge';
import { explainPolicy } from '@/lib/catalog/explain-policy';
import type { ProvenanceEvent } from '@/lib/catalog/provenance';
import type { CatalogPolicy } from '@/lib/catalog/types';
import { ProvenanceLinks } from './provenance-links';

function quote(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

/** The policy as the statement that would create it today. */
export function policySql(schema: string, table: string, policy: CatalogPolicy): string {
  const lines = [`create policy ${quote(policy.name)}`, `  on ${quote(schema)}.${quote(table)}`];
  if (!policy.permissive) lines.push('  as restrictive');
  lines.push(`  for ${policy.command}`);
  lines.push(`  to ${policy.roles.map((role) => (role === 'public' ? 'public' : quote(role))).join(', ')}`);
  if (policy.using !== null) lines.push(`  using (${policy.using})`);
  if (policy.withCheck !== null) lines.push(`  with check (${policy.withCheck})`);
  return `${lines.join('\n')};`;
}

export function PolicyCard({
  schema,
  table,
  policy,
  events,
}: {
  schema: string;
  table: string;
  policy: CatalogPolicy;
  events: readonly ProvenanceEvent[] | undefined;
}) {
  const explanation = explainPolicy(policy);
  return (
    <article className="rounded-lg border border-zinc-200 bg-white" data-test="policy" data-policy={policy.name}>
      <header className="flex flex-wrap items-center gap-2 border-b border-zinc-100 px-4 py-3">
        <h3 className="font-mono text-sm font-semibold">{policy.name}</h3>
        <Badge tone="info">{policy.command === 'all' ? 'all commands' : policy.command}</Badge>
        <Badge tone={policy.permissive ? 'neutral' : 'warn'}>{policy.permissive ? 'permissive' : 'restrictive'}</Badge>
        <span className="text-xs text-zinc-500">to {policy.roles.join(', ')}</span>
      </header>
      <div className="space-y-3 px-4 py-3">
        <p className="text-sm" data-test="policy-sentence">
          {explanation.sentence}
          {explanation.understood ? null : <span className="ml-1 text-xs text-zinc-500">(the condition is quoted as written; read the SQL below)</span>}
        </p>
        <SqlBlock sql={policySql(schema, table, policy)} lineNumbers={false} />
        <ProvenanceLinks events={events} />
      </div>
    </article>
  );
}
