import { describe, expect, it } from 'vitest';
import { describeChange } from './describe-change';
import type { PhoneHistoryEntry } from './types';

const base: PhoneHistoryEntry = {
  id: 1,
  changedAt: '2026-11-25T20:27:43Z',
  operation: 'update',
  phoneNumberId: 'n1',
  oldMasked: '+44 ••• ••• ••22',
  newMasked: '+44 ••• ••• ••22',
  numberChanged: false,
  oldLabel: 'mobile',
  newLabel: 'mobile',
  oldIsPrimary: false,
  newIsPrimary: false,
  oldVerifiedAt: null,
  newVerifiedAt: null,
  actor: { kind: 'customer' },
  source: 'aloha',
};

describe('describeChange', () => {
  it('names an added or removed number by its mask and label', () => {
    expect(describeChange({ ...base, operation: 'insert', oldMasked: null, newIsPrimary: true, newVerifiedAt: '2026-11-25T00:00:00Z' })).toEqual([
      'Added +44 ••• ••• ••22 as “mobile” (primary, verified)',
    ]);
    expect(describeChange({ ...base, operation: 'delete', newMasked: null })).toEqual(['Removed +44 ••• ••• ••22 (“mobile”)']);
  });

  it('lists every change of an update, including a new number behind the same mask', () => {
    expect(describeChange({ ...base, numberChanged: true, newLabel: 'work', newIsPrimary: true, newVerifiedAt: '2026-11-25T00:00:00Z' })).toEqual([
      'Number changed from +44 ••• ••• ••22 to +44 ••• ••• ••22',
      'Label “mobile” → “work”',
      'Made the primary number',
      'Verified',
    ]);
    expect(describeChange({ ...base, oldVerifiedAt: '2026-01-01T00:00:00Z', newVerifiedAt: '2026-11-25T00:00:00Z' })).toEqual(['Verified again']);
    expect(describeChange({ ...base, oldIsPrimary: true, oldVerifiedAt: '2026-01-01T00:00:00Z' })).toEqual([
      'No longer the primary number',
      'Verification removed',
    ]);
    expect(describeChange(base)).toEqual(['Updated']);
  });
});
