/** The console's roles. Admins hold every operator right too (the same rule as `console.has_role`). */
export const ROLES = ['operator', 'admin', 'support'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  operator: 'Migration status, schema, RLS policies and advisor findings; can request a push.',
  admin: 'Everything an operator can, plus approving and running pushes, members and the audit log.',
  support: 'Look up profiles and phone numbers (masked) and reveal one number with a reason.',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function holdsRole(roles: readonly Role[], required: Role): boolean {
  return roles.includes(required) || (required === 'operator' && roles.includes('admin'));
}

/** True when the roles satisfy any one of the required roles. */
export function holdsAnyRole(roles: readonly Role[], required: readonly Role[]): boolean {
  return required.some((role) => holdsRole(roles, role));
}
