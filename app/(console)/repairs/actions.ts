'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction, type ActionResult } from '@/lib/auth/action';
import { approveRepair, closeRepair, requestRepair, type RepairResult } from '@/lib/migrations/repairs';

const repairId = z.uuid({ message: 'There is no such repair request.' });

/** Refusals are audited in SQL already: passed on as they are. */
function toResult(result: RepairResult): ActionResult {
  return result.ok ? { ok: true, message: result.message } : { ok: false, error: result.message };
}

export const requestRepairAction = defineAction({
  name: 'repairs.request',
  roles: ['admin'],
  input: z.object({
    kind: z.enum(['applied', 'reverted'], { message: 'Choose applied or reverted.' }),
    version: z.string().regex(/^[0-9]+$/, 'The version must be digits.'),
    reason: z.string().trim().min(3, 'Say why the history must change, in a few words.').max(2000, 'Keep the reason under 2,000 characters.'),
  }),
  async run(input) {
    const result = await requestRepair(input.kind, input.version, input.reason);
    revalidatePath('/repairs');
    revalidatePath(`/migrations/${input.version}`);
    return toResult(result);
  },
});

export const approveRepairAction = defineAction({
  name: 'repairs.approve',
  roles: ['admin'],
  input: z.object({ id: repairId }),
  async run(input) {
    const result = await approveRepair(input.id);
    revalidatePath('/repairs');
    revalidatePath('/migrations');
    return toResult(result);
  },
});

export const closeRepairAction = defineAction({
  name: 'repairs.close',
  roles: ['admin'],
  input: z.object({ id: repairId, note: z.string().trim().max(2000).optional() }),
  async run(input) {
    const result = await closeRepair(input.id, input.note || null);
    revalidatePath('/repairs');
    return toResult(result);
  },
});
