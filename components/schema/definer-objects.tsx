import { Badge } from '@/components/ui/badge';
import { Card, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import { noProvenanceText, type Provenance } from '@/lib/catalog/provenance';
import type { CatalogFunction, CatalogType, CatalogView } from '@/lib/catalog/types';
import { ProvenanceLinks } from './provenance-links';

const API_ROLES = ['PUBLIC', 'anon', 'authenticated', 'service_role'];

/**
 * Views and SECURITY DEFINER functions (the objects that can reach data around row level
 * security), then the project's own types, each with the migration that defined it.
 */
export function DefinerObjects({
  views,
  functions,
  types = [],
  provenance,
}: {
  views: readonly CatalogView[];
  functions: readonly CatalogFunction[];
  types?: readonly CatalogType[];
  provenance: Provenance;
}) {
  const definers = functions.filter((fn) => fn.securityDefiner);
  const none = noProvenanceText(provenance);
  return (
    <div className="mt-6 space-y-4">
      <Card data-test="views">
        <CardHeader>
          <CardTitle>Views</CardTitle>
          <CardDescription>A view reads its tables with its owner&apos;s rights unless it is created with security_invoker.</CardDescription>
        </CardHeader>
        {views.length === 0 ? (
          <p className="px-5 py-4 text-sm text-zinc-500">None.</p>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>View</Th>
                <Th>Runs as</Th>
                <Th>API roles that may read it</Th>
                <Th>Defined in</Th>
              </tr>
            </thead>
            <tbody>
              {views.map((view) => (
                <tr key={`${view.schema}.${view.name}`} data-test="view">
                  <Td className="font-mono text-xs">
                    {view.schema}.{view.name}
                    {view.materialized ? <span className="text-zinc-400"> (materialized)</span> : null}
                  </Td>
                  <Td>{view.securityInvoker ? <Badge tone="good">the caller</Badge> : <Badge tone="warn">its owner</Badge>}</Td>
                  <Td className="text-xs">
                    {API_ROLES.filter((role) => (view.grants[role] ?? []).includes('SELECT')).join(', ') || <span className="text-zinc-400">none</span>}
                  </Td>
                  <Td>
                    <ProvenanceLinks events={provenance.views.get(`${view.schema}.${view.name}`)} compact none={none} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <Card data-test="definer-functions">
        <CardHeader>
          <CardTitle>Functions that run with their owner&apos;s rights</CardTitle>
          <CardDescription>SECURITY DEFINER functions bypass row level security; each should pin its search_path and check who calls it.</CardDescription>
        </CardHeader>
        {definers.length === 0 ? (
          <p className="px-5 py-4 text-sm text-zinc-500">None.</p>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Function</Th>
                <Th>search_path</Th>
                <Th>API roles that may call it</Th>
                <Th>Defined in</Th>
              </tr>
            </thead>
            <tbody>
              {definers.map((fn) => (
                <tr key={`${fn.schema}.${fn.name}(${fn.arguments})`} data-test="definer-function">
                  <Td className="max-w-80 break-words font-mono text-xs">
                    {fn.schema}.{fn.name}
                    <span className="text-zinc-400">({fn.arguments})</span>
                  </Td>
                  <Td>
                    {fn.searchPath === null ? (
                      <Badge tone="bad">not set</Badge>
                    ) : (
                      <code className="font-mono text-xs">{fn.searchPath === '""' ? "'' (empty)" : fn.searchPath}</code>
                    )}
                  </Td>
                  <Td className="text-xs">
                    {fn.executableBy.filter((role) => API_ROLES.includes(role)).join(', ') || <span className="text-zinc-400">none</span>}
                  </Td>
                  <Td>
                    <ProvenanceLinks events={provenance.functions.get(`${fn.schema}.${fn.name}`)} compact none={none} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <Card data-test="types">
        <CardHeader>
          <CardTitle>Types</CardTitle>
          <CardDescription>
            The project&apos;s enums, domains, composite and range types. An enum label can be added by a migration but never removed without recreating the
            type.
          </CardDescription>
        </CardHeader>
        {types.length === 0 ? (
          <p className="px-5 py-4 text-sm text-zinc-500">None.</p>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Type</Th>
                <Th>Kind</Th>
                <Th>Values or definition</Th>
                <Th>Defined in</Th>
              </tr>
            </thead>
            <tbody>
              {types.map((type) => (
                <tr key={`${type.schema}.${type.name}`} data-test="type" data-type={`${type.schema}.${type.name}`}>
                  <Td className="font-mono text-xs">
                    {type.schema}.{type.name}
                  </Td>
                  <Td className="text-xs">{TYPE_LABEL[type.kind]}</Td>
                  <Td className="max-w-96 break-words font-mono text-xs text-zinc-600">{describeType(type)}</Td>
                  <Td>
                    <ProvenanceLinks events={provenance.types.get(`${type.schema}.${type.name}`)} compact none={none} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </div>
  );
}

const TYPE_LABEL: Record<CatalogType['kind'], string> = { enum: 'enum', domain: 'domain', composite: 'composite', range: 'range', multirange: 'multirange' };

function describeType(type: CatalogType): string {
  switch (type.kind) {
    case 'enum':
      return type.details.map((label) => `'${label}'`).join(', ');
    case 'domain':
      return `over ${type.details[0] ?? 'unknown'}`;
    case 'composite':
      return `(${type.details.join(', ')})`;
    default:
      return '';
  }
}
