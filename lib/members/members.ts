import 'server-only';
import { createClient } from '@/lib/supabase/server';
import { rpcFailure } from '@/lib/supabase/rpc-error';
import { isRole, type Role } from '@/lib/auth/roles';

export type Member = { userId: string; email: string; fullName: string | null; roles: Role[]; since: string; lastSignInAt: string | null };

type MemberRow = { user_id: string; email: string; full_name: string | null; roles: string[]; granted_at: string; last_sign_in_at: string | null };

/** Members and their roles, through the admin's own session (the SQL function checks the role). */
export async function listMembers(): Promise<Member[]> {
  const supabase = await createClient();
  const { data, error } = await supabase.schema('console').rpc('list_members');
  if (error) throw rpcFailure('list the members', error);
  return ((data ?? []) as MemberRow[]).map((row) => ({
    userId: row.user_id,
    email: row.email,
    fullName: row.full_name,
    roles: row.roles.filter(isRole),
    since: row.granted_at,
    lastSignInAt: row.last_sign_in_at,
  }));
}

/** Sets the exact roles of the person with this email; an empty list removes them. Audited in SQL. */
export async function setMemberRoles(email: string, roles: Role[]): Promise<Role[]> {
  const supabase = await createClient();
  const { data, error } = await supabase.schema('console').rpc('set_member_roles', { p_email: email, p_roles: roles });
  if (error) throw rpcFailure('change the member roles', error);
  return ((data ?? []) as string[]).filter(isRole);
}
