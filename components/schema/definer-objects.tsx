import { Badge } from '@/components/ui/badge';
import { Card, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, Td, Th } from '@/components/ui/table';
import type { Provenance } from '@/lib/catalog/provenance';
import type { CatalogFunction, CatalogView } from '@/lib/catalog/types';
import { ProvenanceLinks } from './provenance-links';

const API_ROLES = ['PUBLIC', 'anon', 'authenticated', 'service_role'];

/** Views and SECURITY DEFINER functions: the objects that can reach data around row level security. */
export function DefinerObjects({ views, functions, provenance }: { views: readonly CatalogView[]; functions: readonly CatalogFunction[]; provenance: Provenance }) {
  const definers = functions.filter((fn) => fn.securityDefiner);
  return (
    <div className="mt-6 space-y-4">
      <Card data-test="views">
        <CardHeader>
          <CardTitle>Views</CardTitle>
          <CardDescription>A view reads its tables with its owner&apos;s rights unless it is created with security_invoker.</CardDescription>
        </CardHeader>
        {views.length === 0 ? <p className="px-5 py-4 text-sm text-zinc-500">None.</p> : (
          <Table>
            <thead><tr><Th>View</Th><Th>Runs as</Th><Th>API roles that may read it</Th><Th>Defined in</Th></tr></thead>
            <tbody>
              {views.map((view) => (
                <tr key={`${view.schema}.${view.name}`} data-test="view">
                  <Td className="font-mono text-xs">{view.schema}.{view.name}{view.materialized ? <span className="text-zinc-400"> (materialized)</span> : null}</Td>
                  <Td>{view.securityInvoker ? <Badge tone="good">the caller</Badge> : <Badge tone="warn">its owner</Badge>}</Td>
                  <Td className="text-xs">{API_ROLES.filter((role) => (view.grants[role] ?? []).includes('SELECT')).join(', ') || <span className="text-zinc-400">none</span>}</Td>
                  <Td><ProvenanceLinks events={provenance.views.get(`${view.schema}.${view.name}`)} compact /></Td>
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
        {definers.length === 0 ? <p className="px-5 py-4 text-sm text-zinc-500">None.</p> : (
          <Table>
            <thead><tr><Th>Function</Th><Th>search_path</Th><Th>API roles that may call it</Th><Th>Defined in</Th></tr></thead>
            <tbody>
              {definers.map((fn) => (
                <tr key={`${fn.schema}.${fn.name}(${fn.arguments})`} data-test="definer-function">
                  <Td className="max-w-80 break-words font-mono text-xs">{fn.schema}.{fn.name}<span className="text-zinc-400">({fn.arguments})</span></Td>
                  <Td>{fn.searchPath === null ? <Badge tone="bad">not set</Badge> : <code className="font-mono text-xs">{fn.searchPath === '""' ? "'' (empty)" : fn.searchPath}</code>}</Td>
                  <Td className="text-xs">{fn.executableBy.filter((role) => API_ROLES.includes(role)).join(', ') || <span className="text-zinc-400">none</span>}</Td>
                  <Td><ProvenanceLinks events={provenance.functions.get(`${fn.schema}.${fn.name}`)} compact /></Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </div>
  );
}
