import 'server-only';
import { redirect } from 'next/navigation';
import { recordAudit } from '@/lib/audit/record';
import { holdsAnyRole, type Role } from './roles';
import { getViewer, type Viewer } from './viewer';

/**
 * The gate of every console page: signed in, a member, and holding one of the roles. Sends
 * everyone else to sign-in, to the ask-an-admin page, or to a refusal that is audited.
 * `path` is the page being opened, for the audit entry and the way back after sign-in.
 * While the project cannot be reached, the viewer's roles may be the last known ones
 * (`viewer.outage`): enough to read a page's last known state, never to change anything.
 */
export async function requireRole(required: Role | readonly Role[], path: string): Promise<Viewer> {
  const roles = typeof required === 'string' ? [required] : required;
  const viewer = await getViewer();
  if (!viewer) redirect(`/login?next=${encodeURIComponent(path)}`);
  if (viewer.roles.length === 0) redirect('/no-access');
  if (!holdsAnyRole(viewer.roles, roles)) {
    // During an outage (last known roles) this refusal cannot be written to the audit log:
    // recordAudit throws, and the person gets the plain error page instead of the forbidden
    // page: refused all the same, nothing shown, and the failed audit write is in the server log.
    await recordAudit({ actorId: viewer.userId, action: 'access.refused', target: path, outcome: 'refused', details: { required: roles } });
    redirect(`/forbidden?path=${encodeURIComponent(path)}&need=${encodeURIComponent(roles.join(','))}`);
  }
  return viewer;
}

/** For the shell: a member of any role. */
export async function requireMember(path: string): Promise<Viewer> {
  return requireRole(['operator', 'admin', 'support'], path);
}
