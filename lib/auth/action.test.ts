import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { Viewer } from './viewer';

vi.mock('server-only', () => ({}));
const recordAudit = vi.fn(async () => {});
vi.mock('@/lib/audit/record', () => ({ recordAudit }));
let current: Viewer | null = null;
vi.mock('./viewer', () => ({
  ConsoleUnavailableError: class ConsoleUnavailableError extends Error {},
  getViewer: async () => current,
}));

const { PROJECT_UNREACHABLE_MESSAGE, defineAction } = await import('./action');

const run = vi.fn(async () => ({ ok: true as const, message: 'done' }));
const action = defineAction({ name: 'test.outage_write', roles: ['admin'], input: z.object({ note: z.string() }), run });
const form = () => {
  const data = new FormData();
  data.set('note', 'hello');
  return data;
};

beforeEach(() => {
  run.mockClear();
  recordAudit.mockClear();
});

describe('defineAction during an outage', () => {
  it('refuses a degraded viewer before anything runs, whatever their last known roles', async () => {
    current = { userId: 'u1', email: 'a@example.test', roles: ['admin'], outage: { since: 2, lastContactAt: 1, rolesReadAt: 1 } };
    expect(await action(null, form())).toEqual({ ok: false, error: PROJECT_UNREACHABLE_MESSAGE });
    expect(run).not.toHaveBeenCalled();
    // The audit log is out of reach too: nothing is attempted there.
    expect(recordAudit).not.toHaveBeenCalled();
  });

  it('runs for the same person once their roles are read live again', async () => {
    current = { userId: 'u1', email: 'a@example.test', roles: ['admin'] };
    expect(await action(null, form())).toEqual({ ok: true, message: 'done' });
    expect(run).toHaveBeenCalledOnce();
  });
});
