'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { defineAction, type ActionResult } from '@/lib/auth/action';
import { approvePush, cancelPush, createPushRequest, rejectPush, runPush, type PushActResult } from '@/lib/migrations/pushes';

const checkbox = z.preprocess((value) => value === 'on' || value === 'true', z.boolean());
const requestId = z.uuid({ message: 'There is no such push request.' });

/** Refusals from lib/migrations/pushes are already audited there or in SQL: pass them on as they are. */
function toResult<T>(result: PushActResult<T>, message: string): ActionResult {
  if (!result.ok) {
    const reasons = result.reasons?.map((reason) => reason.message).join(' ');
    return { ok: false, error: reasons ? `${result.message} ${reasons}` : result.message };
  }
  return { ok: true, message };
}

export const requestPushAction = defineAction({
  name: 'pushes.request',
  roles: ['operator'],
  input: z.object({
    note: z.string().trim().max(2000, 'Keep the note under 2,000 characters.').optional(),
    planToken: z.string().regex(/^[0-9a-f]{64}$/, 'Reload the page and review the pending files again.'),
    includeAll: checkbox,
    acknowledgeNonTransactional: checkbox,
    acknowledgeDestructive: checkbox,
    acknowledgeHeavyLock: checkbox,
  }),
  async run(input) {
    const result = await createPushRequest(input);
    if (!result.ok) return toResult(result, '');
    revalidatePath('/pushes');
    redirect(`/pushes/${result.data.id}`);
  },
});

export const approvePushAction = defineAction({
  name: 'pushes.approve',
  roles: ['admin'],
  input: z.object({ id: requestId, snapshotHash: z.string().regex(/^[0-9a-f]{64}$/) }),
  async run(input) {
    const result = await approvePush(input.id, input.snapshotHash);
    revalidatePath(`/pushes/${input.id}`);
    return toResult(result, 'Approved. An admin can run it now.');
  },
});

export const rejectPushAction = defineAction({
  name: 'pushes.reject',
  roles: ['admin'],
  input: z.object({ id: requestId, reason: z.string().trim().min(3, 'Say why, in a few words.').max(2000) }),
  async run(input) {
    const result = await rejectPush(input.id, input.reason);
    revalidatePath(`/pushes/${input.id}`);
    return toResult(result, 'Rejected.');
  },
});

export const cancelPushAction = defineAction({
  name: 'pushes.cancel',
  roles: ['operator'],
  input: z.object({ id: requestId, reason: z.string().trim().max(2000).optional() }),
  async run(input) {
    const result = await cancelPush(input.id, input.reason || null);
    revalidatePath(`/pushes/${input.id}`);
    return toResult(result, 'Cancelled.');
  },
});

export const runPushAction = defineAction({
  name: 'pushes.run',
  roles: ['admin'],
  input: z.object({ id: requestId }),
  async run(input) {
    const result = await runPush(input.id);
    revalidatePath(`/pushes/${input.id}`);
    return toResult(result, result.ok ? `Running: ${result.data.filesTotal} file${result.data.filesTotal === 1 ? '' : 's'} to apply.` : '');
  },
});
