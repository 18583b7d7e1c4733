import type { Metadata } from 'next';
import { removeMember, saveMemberRoles } from './actions';
import { AddMemberForm } from '@/components/members/add-member-form';
import { MemberRow } from '@/components/members/member-row';
import { PageHeader } from '@/components/shell/page-header';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { Th } from '@/components/ui/table';
import { requireRole } from '@/lib/auth/require-role';
import { listMembers } from '@/lib/members/members';

export const metadata: Metadata = { title: 'Members' };

export default async function MembersPage() {
  const viewer = await requireRole('admin', '/members');
  const members = await listMembers();
  return (
    <>
      <PageHeader
        outage={viewer.outage}
        title="Members"
        description="Who may use the console, and with which roles. Every change is recorded in the audit log. The console always keeps at least one admin."
      />
      <div className="space-y-6">
        <Card>
          <CardHeader>
            <CardTitle>Add a member</CardTitle>
          </CardHeader>
          <CardContent>
            <AddMemberForm saveRoles={saveMemberRoles} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>
              {members.length} member{members.length === 1 ? '' : 's'}
            </CardTitle>
          </CardHeader>
          <CardContent className="px-2 py-2">
            <table className="data-table w-full border-collapse text-sm" data-test="members-table">
              <thead>
                <tr>
                  <Th>Person</Th>
                  <Th>Roles</Th>
                  <Th className="text-right">
                    <span className="sr-only">Remove</span>
                  </Th>
                </tr>
              </thead>
              <tbody>
                {members.map((member) => (
                  <MemberRow
                    key={member.userId}
                    saveRoles={saveMemberRoles}
                    remove={removeMember}
                    email={member.email}
                    fullName={member.fullName}
                    roles={member.roles}
                    lastSignInAt={member.lastSignInAt}
                    isViewer={member.userId === viewer.userId}
                  />
                ))}
              </tbody>
            </table>
          </CardContent>
        </Card>
      </div>
    </>
  );
}
