import type { PhoneHistoryEntry } from './types';

/** What one change did, in plain words; numbers are the masked text from SQL. */
export function describeChange(entry: PhoneHistoryEntry): string[] {
  if (entry.operation === 'insert') {
    const extras = [entry.newIsPrimary ? 'primary' : null, entry.newVerifiedAt ? 'verified' : null].filter(Boolean);
    return [`Added ${entry.newMasked} as “${entry.newLabel}”${extras.length ? ` (${extras.join(', ')})` : ''}`];
  }
  if (entry.operation === 'delete') return [`Removed ${entry.oldMasked} (“${entry.oldLabel}”)`];
  const changes: string[] = [];
  if (entry.numberChanged) changes.push(`Number changed from ${entry.oldMasked} to ${entry.newMasked}`);
  if (entry.oldLabel !== entry.newLabel) changes.push(`Label “${entry.oldLabel}” → “${entry.newLabel}”`);
  if (entry.oldIsPrimary !== entry.newIsPrimary) changes.push(entry.newIsPrimary ? 'Made the primary number' : 'No longer the primary number');
  if (entry.oldVerifiedAt !== entry.newVerifiedAt) {
    changes.push(entry.newVerifiedAt ? (entry.oldVerifiedAt ? 'Verified again' : 'Verified') : 'Verification removed');
  }
  return changes.length ? changes : ['Updated'];
}
