import 'server-only';
import { loadCatalog } from '@/lib/catalog/load-schema';
import { loadStatusReport } from '@/lib/migrations/load-status';
import { advisorDelta, type AdvisorDelta } from './advisor-delta';

export type AdvisorDeltaOutcome = { ok: true; delta: AdvisorDelta } | { ok: false };

/**
 * What a push of these versions would change in the advisor's findings: the pending files applied
 * to a throwaway shadow after the applied ones, linted before and after. A few seconds (the shadow
 * boots): pages start it and hand the promise to the component, which streams in when it settles.
 * A failure is logged here and comes back as `{ ok: false }` (the push itself is not affected).
 */
export async function loadAdvisorDelta(versions: readonly string[]): Promise<AdvisorDeltaOutcome> {
  try {
    const report = await loadStatusReport();
    const wanted = new Set(versions);
    const pending = report.rows.filter((row) => row.version && wanted.has(row.version) && row.local).map((row) => row.local!);
    const applied = report.rows
      .filter((row) => row.status === 'applied' || row.status === 'edited_after_apply')
      .flatMap((row) => (row.local ? [row.local] : []));
    return { ok: true, delta: await advisorDelta(pending, { baseFiles: applied, live: await loadCatalog() }) };
  } catch (error) {
    console.error('advisor delta failed', error);
    return { ok: false };
  }
}
