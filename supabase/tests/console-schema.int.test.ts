/**
 * The console schema's rules, enforced by the database itself: roles, the two-person-safe member
 * changes, and the append-only audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole } from '../../devstack/testing/as-role';
import { DEMO, anonClient, createProjectUser, signedInClient, superuserSql } from '../../devstack/testing/clients';

const sql = superuserSql();
const ids: Record<keyof typeof DEMO, string> = {} as never;

beforeAll(async () => {
  const rows = await sql<{ id: string; email: string }[]>`select id, email from auth.users where email like '%@console.local'`;
  for (const [key, email] of Object.entries(DEMO)) ids[key as keyof typeof DEMO] = rows.find((row) => row.email === email)!.id;
});

afterAll(() => sql.end());

describe('has_role and my_roles', () => {
  const cases: [keyof typeof DEMO, Record<'operator' | 'admin' | 'support', boolean>][] = [
    ['admin', { operator: true, admin: true, support: false }],
    ['operator', { operator: true, admin: false, support: false }],
    ['support', { operator: false, admin: false, support: true }],
    ['outsider', { operator: false, admin: false, support: false }],
  ];
  for (const [person, expected] of cases) {
    it(`answers for ${person}`, async () => {
      const answers = await asRole(sql, { role: 'authenticated', userId: ids[person] }, async (tx) => {
        const [row] = await tx`select console.has_role('operator') as operator, console.has_role('admin') as admin, console.has_role('support') as support`;
        return row;
      });
      expect(answers).toEqual(expected);
    });
  }

  it('gives an anonymous caller no roles and no execute right', async () => {
    await expect(asRole(sql, { role: 'anon' }, (tx) => tx`select console.has_role('admin')`)).rejects.toThrow(/permission denied/);
  });
});

describe('signed-out sessions', () => {
  it('stop working at once in every role check, although the access token has not expired', async () => {
    const admin = await signedInClient(DEMO.approver);
    const token = (await admin.auth.getSession()).data.session!.access_token;
    await admin.auth.signOut({ scope: 'global' });
    const stale = anonClient();
    const headers = { Authorization: `Bearer ${token}` };
    const roles = await stale.schema('console').rpc('my_roles').setHeader('Authorization', headers.Authorization);
    expect(roles.error?.code).toBe('28000');
    const members = await stale.schema('console').rpc('list_members').setHeader('Authorization', headers.Authorization);
    expect(members.error?.code).toBe('28000');
  });
});

describe('set_member_roles', () => {
  it('refuses a non-admin, even called directly', async () => {
    const operator = await signedInClient(DEMO.operator);
    const { error } = await operator.schema('console').rpc('set_member_roles', { p_email: DEMO.outsider, p_roles: ['admin'] });
    expect(error?.code).toBe('42501');
    const [row] = await sql`select count(*)::int as n from console.member_roles where user_id = ${ids.outsider}`;
    expect(row!.n).toBe(0);
  });

  it('adds, changes and removes a member, auditing each change', async () => {
    const person = await createProjectUser('member');
    const admin = await signedInClient(DEMO.admin);
    const rpc = (roles: string[]) => admin.schema('console').rpc('set_member_roles', { p_email: person.email, p_roles: roles });

    expect((await rpc(['operator'])).data).toEqual(['operator']);
    expect((await rpc(['operator', 'support'])).data).toEqual(['operator', 'support']);
    expect((await rpc([])).data).toEqual([]);

    const audit = await sql<{ action: string; actor_email: string; outcome: string; details: { before: string[]; after: string[] } }[]>`
      select action, actor_email, outcome, details from console.audit_log where target = ${person.email} order by id`;
    expect(audit.map((row) => row.action)).toEqual(['members.add', 'members.change_roles', 'members.remove']);
    expect(audit.every((row) => row.actor_email === DEMO.admin && row.outcome === 'ok')).toBe(true);
    expect(audit[1]!.details).toMatchObject({ before: ['operator'], after: ['operator', 'support'] });
  });

  it('names an unknown email in plain words', async () => {
    const admin = await signedInClient(DEMO.admin);
    const { error } = await admin.schema('console').rpc('set_member_roles', { p_email: 'nobody@example.test', p_roles: ['operator'] });
    expect(error?.code).toBe('P0001');
    expect(error?.message).toContain('no user with the email nobody@example.test');
  });

  it('never leaves the console without an admin, even when the last two admins step down at once', async () => {
    // A scratch pair who are the only admins: the seeded admins step aside for this test.
    const a = await createProjectUser('admin-a');
    const b = await createProjectUser('admin-b');
    await sql`insert into console.member_roles (user_id, role) values (${a.id}, 'admin'), (${b.id}, 'admin')`;
    await sql`delete from console.member_roles where role = 'admin' and user_id in (${ids.admin}, ${ids.approver})`;
    try {
      const clientA = await signedInClient(a.email, a.password);
      const clientB = await signedInClient(b.email, b.password);
      // Each keeps only the operator role; without the lock both checks would see the other admin.
      const [fromA, fromB] = await Promise.all([
        clientA.schema('console').rpc('set_member_roles', { p_email: a.email, p_roles: ['operator'] }),
        clientB.schema('console').rpc('set_member_roles', { p_email: b.email, p_roles: ['operator'] }),
      ]);
      const failures = [fromA, fromB].filter((result) => result.error);
      expect(failures).toHaveLength(1);
      expect(failures[0]!.error?.message).toContain('the last admin cannot lose the admin role');
      const [row] = await sql`select count(*)::int as n from console.member_roles where role = 'admin'`;
      expect(row!.n).toBe(1);
    } finally {
      await sql`insert into console.member_roles (user_id, role) values (${ids.admin}, 'admin'), (${ids.approver}, 'admin') on conflict do nothing`;
      await sql`delete from console.member_roles where user_id in (${a.id}, ${b.id})`;
    }
  });
});

describe('audit log', () => {
  let entryId: number;

  beforeAll(async () => {
    const [row] = await sql<{ id: number }[]>`
      select console_private.write_audit(null, 'test.entry', 'immutability', 'ok', '{}'::jsonb) as id`;
    entryId = row!.id;
  });

  for (const role of ['authenticated', 'service_role'] as const) {
    it(`cannot be changed or deleted by ${role}`, async () => {
      const caller = { role, userId: role === 'authenticated' ? ids.admin : undefined };
      await expect(asRole(sql, caller, (tx) => tx`update console.audit_log set outcome = 'failed' where id = ${entryId}`)).rejects.toThrow();
      await expect(asRole(sql, caller, (tx) => tx`delete from console.audit_log where id = ${entryId}`)).rejects.toThrow();
      await expect(asRole(sql, caller, (tx) => tx`truncate console.audit_log`)).rejects.toThrow();
    });
  }

  it('cannot be changed or deleted even by the table owner', async () => {
    await expect(sql`update console.audit_log set outcome = 'failed' where id = ${entryId}`).rejects.toThrow(/append-only/);
    await expect(sql`delete from console.audit_log where id = ${entryId}`).rejects.toThrow(/append-only/);
    await expect(sql`truncate console.audit_log`).rejects.toThrow(/append-only/);
    const [row] = await sql`select outcome from console.audit_log where id = ${entryId}`;
    expect(row!.outcome).toBe('ok');
  });

  it('cannot be changed through the app’s API path (record_audit is insert-only and server-only)', async () => {
    const admin = await signedInClient(DEMO.admin);
    const { error } = await admin.schema('console').rpc('record_audit', {
      p_actor_id: ids.operator,
      p_action: 'forged.entry',
      p_target: null,
      p_outcome: 'ok',
    });
    expect(error?.code).toBe('42501');
    const { error: listError, data } = await admin.schema('console').rpc('list_audit', { p_action: 'test.entry' });
    expect(listError).toBeNull();
    expect((data as { id: number }[]).map((row) => Number(row.id))).toContain(Number(entryId));
  });

  it('is readable only by admins', async () => {
    const operator = await signedInClient(DEMO.operator);
    const { error } = await operator.schema('console').rpc('list_audit', {});
    expect(error?.code).toBe('42501');
    await expect(asRole(sql, { role: 'authenticated', userId: ids.admin }, (tx) => tx`select * from console.audit_log limit 1`)).rejects.toThrow(
      /permission denied/,
    );
  });
});
