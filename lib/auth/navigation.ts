import { holdsAnyRole, type Role } from './roles';

type Destination = { href: string; label: string; roles: readonly Role[] };

/** Console pages and who may open them; the shell lists only what the viewer's roles allow. */
export const DESTINATIONS: readonly Destination[] = [
  { href: '/', label: 'Overview', roles: ['operator', 'admin', 'support'] },
  { href: '/migrations', label: 'Migrations', roles: ['operator'] },
  { href: '/schema', label: 'Schema', roles: ['operator'] },
  { href: '/pushes', label: 'Pushes', roles: ['operator'] },
  { href: '/repairs', label: 'Repairs', roles: ['operator'] },
  { href: '/support', label: 'Support', roles: ['support'] },
  { href: '/members', label: 'Members', roles: ['admin'] },
  { href: '/audit', label: 'Audit log', roles: ['admin'] },
];

export function navigationFor(roles: readonly Role[]): { href: string; label: string }[] {
  return DESTINATIONS.filter((destination) => holdsAnyRole(roles, destination.roles)).map(({ href, label }) => ({ href, label }));
}
