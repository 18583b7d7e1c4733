import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));
const { LAST_KNOWN_ROLES_MAX_AGE_MS, createLastKnownStore, dataKey, lastKnownStore } = await import('./last-known');

function clock(start = Date.parse('2026-11-26T22:00:00Z')) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('last known roles', () => {
  it('stand in for the same user id while at most LAST_KNOWN_ROLES_MAX_AGE_MS old', () => {
    const time = clock();
    const store = createLastKnownStore(time.now);
    store.rememberRoles('user-a', ['operator']);
    const readAt = time.now();
    time.advance(LAST_KNOWN_ROLES_MAX_AGE_MS);
    expect(store.recallRoles('user-a')).toEqual({ value: ['operator'], readAt });
    time.advance(1);
    expect(store.recallRoles('user-a')).toBeNull();
    // Gone for good: an old entry does not come back.
    expect(store.recallRoles('user-a')).toBeNull();
  });

  it('give another user id nothing', () => {
    const store = createLastKnownStore(clock().now);
    store.rememberRoles('user-a', ['admin']);
    expect(store.recallRoles('user-b')).toBeNull();
  });

  it('keep the newest read, including losing every role', () => {
    const time = clock();
    const store = createLastKnownStore(time.now);
    store.rememberRoles('user-a', ['admin', 'operator']);
    time.advance(60_000);
    store.rememberRoles('user-a', []);
    expect(store.recallRoles('user-a')).toEqual({ value: [], readAt: time.now() });
  });

  it('are a copy the caller cannot change afterwards', () => {
    const store = createLastKnownStore(clock().now);
    const roles: ('admin' | 'operator')[] = ['operator'];
    store.rememberRoles('user-a', roles);
    roles.push('admin');
    expect(store.recallRoles('user-a')?.value).toEqual(['operator']);
  });
});

describe('last known data', () => {
  const HISTORY = dataKey<{ rows: string[] }>('history');

  it('is recalled with when it was read, whatever its age', () => {
    const time = clock();
    const store = createLastKnownStore(time.now);
    expect(store.recall(HISTORY)).toBeNull();
    store.remember(HISTORY, { rows: ['1'] });
    const readAt = time.now();
    time.advance(24 * 3_600_000);
    expect(store.recall(HISTORY)).toEqual({ value: { rows: ['1'] }, readAt });
  });

  it('forgets the least recently read entry beyond its bound', () => {
    const store = createLastKnownStore(clock().now);
    store.remember(HISTORY, { rows: [] });
    for (let index = 0; index < 200; index += 1) store.remember(dataKey<number>(`table ${index}`), index);
    expect(store.recall(HISTORY)).toBeNull();
    expect(store.recall(dataKey<number>('table 199'))?.value).toBe(199);
  });
});

describe('contact with the project', () => {
  it('dates an outage from its first failure and ends it at the next answer', () => {
    const time = clock();
    const store = createLastKnownStore(time.now);
    expect(store.contact()).toEqual({ lastContactAt: null, unreachableSince: null });
    store.rememberRoles('user-a', ['operator']);
    const answered = time.now();
    time.advance(5_000);
    store.unreachable();
    const failed = time.now();
    time.advance(5_000);
    store.unreachable();
    expect(store.contact()).toEqual({ lastContactAt: answered, unreachableSince: failed });
    store.reached();
    expect(store.contact()).toEqual({ lastContactAt: time.now(), unreachableSince: null });
  });
});

describe('lastKnownStore', () => {
  it('is one store per process, even for a second copy of the module (another route bundle)', async () => {
    vi.resetModules();
    const again = await import('./last-known');
    expect(again.lastKnownStore()).toBe(lastKnownStore());
  });
});
