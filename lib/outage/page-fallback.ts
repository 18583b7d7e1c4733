import 'server-only';
import { getViewer } from '@/lib/auth/viewer';
import { lastKnownStore, type DataKey, type Remembered } from './last-known';

export type LastKnown = { readAt: number };

/** What a page shows: live data, or during an outage the last known copy and when it was read. */
export type MaybeLastKnown<T> = T & { lastKnown?: LastKnown };

/**
 * The last known copy of a read that just found the project unreachable, for a page; only when
 * this request's viewer is degraded too, so that the shell's outage banner is above it and the
 * page's requireRole ran with the last known roles. Actions never come here: no change is ever
 * decided on remembered data.
 */
export async function lastKnownForPage<T>(key: DataKey<T>): Promise<Remembered<T> | null> {
  const viewer = await getViewer().catch(() => null);
  return viewer?.outage ? lastKnownStore().recall(key) : null;
}

/** The oldest of the parts' marks, when any part is a last known copy. */
export function oldestLastKnown(...parts: Array<LastKnown | undefined>): LastKnown | undefined {
  return parts.reduce<LastKnown | undefined>((oldest, part) => (part && (!oldest || part.readAt < oldest.readAt) ? part : oldest), undefined);
}
