import { describe, expect, it } from 'vitest';
import { catalog, table } from '@/lib/advisor/__fixtures__/catalog';
import type { Privilege } from '@/lib/catalog/types';
import { diffCatalogs, privilegesUnknownTo } from './diff-catalogs';

const ALL_17: Privilege[] = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER', 'MAINTAIN'];
const ALL_15: Privilege[] = ALL_17.filter((privilege) => privilege !== 'MAINTAIN');

describe('diffCatalogs under the live server version', () => {
  it('never counts a privilege the live PostgreSQL does not have (MAINTAIN before 17) as a difference', () => {
    const shadow = catalog({ serverVersion: 170004, tables: [table({ grants: { anon: ALL_17, authenticated: ALL_17, service_role: ALL_17 } })] });
    const live15 = catalog({ serverVersion: 150008, tables: [table({ grants: { anon: ALL_15, authenticated: ALL_15, service_role: ALL_15 } })] });
    expect(diffCatalogs(shadow, live15)).toEqual([]);
    expect(privilegesUnknownTo(150008)).toEqual(new Set(['MAINTAIN']));

    // On a 17 server the same live grants do lack MAINTAIN.
    const live17 = { ...live15, serverVersion: 170002 };
    expect(diffCatalogs(shadow, live17).map((difference) => [difference.kind, difference.differences])).toEqual([
      [
        'grants_differ',
        [
          `grants to anon: ${[...ALL_17].sort().join(', ')} in the migrations, ${[...ALL_15].sort().join(', ')} live`,
          `grants to authenticated: ${[...ALL_17].sort().join(', ')} in the migrations, ${[...ALL_15].sort().join(', ')} live`,
          `grants to service_role: ${[...ALL_17].sort().join(', ')} in the migrations, ${[...ALL_15].sort().join(', ')} live`,
        ],
      ],
    ]);
  });
});
