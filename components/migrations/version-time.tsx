import { versionTimestamp } from '@/lib/migrations/status';

/** A version such as 20240101093000 shown as the UTC time it names (`2024-01-01 09:30:00`), or null. */
export function versionTime(version: string | null): string | null {
  const iso = version ? versionTimestamp(version) : null;
  return iso ? iso.slice(0, 19).replace('T', ' ') : null;
}
