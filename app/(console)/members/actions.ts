'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/auth/action';
import { ROLES } from '@/lib/auth/roles';
import { setMemberRoles } from '@/lib/members/members';

const roleList = z.preprocess((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(z.enum(ROLES)).max(ROLES.length));

/** Adds a person (by their project email) with roles, or changes an existing member's roles. */
export const saveMemberRoles = defineAction({
  name: 'members.set_roles',
  roles: ['admin'],
  input: z
    .object({
      email: z.email({ message: 'Enter the email address of an existing user of the project.' }).max(320),
      roles: roleList,
      intent: z.enum(['add', 'change']).default('change'),
    })
    .refine((input) => input.intent !== 'add' || input.roles.length > 0, { message: 'Choose at least one role.', path: ['roles'] }),
  async run(input) {
    const roles = await setMemberRoles(input.email, input.roles);
    revalidatePath('/members');
    return { ok: true, message: roles.length ? `${input.email} now holds: ${roles.join(', ')}.` : `${input.email} is no longer a member.` };
  },
});

export const removeMember = defineAction({
  name: 'members.remove',
  roles: ['admin'],
  input: z.object({ email: z.email().max(320) }),
  async run(input) {
    await setMemberRoles(input.email, []);
    revalidatePath('/members');
    return { ok: true, message: `${input.email} is no longer a member.` };
  },
});
