/**
 * The shared baseline: a person reads and edits only their own profile and phone rows, and every
 * phone-number change is recorded by the trigger with who, what and the source.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole } from '../../devstack/testing/as-role';
import { createProjectUser, superuserSql } from '../../devstack/testing/clients';

const sql = superuserSql();
let alice: { id: string; email: string; password: string };
let bob: { id: string; email: string; password: string };

beforeAll(async () => {
  alice = await createProjectUser('alice');
  bob = await createProjectUser('bob');
  await sql`insert into public.user_phone_numbers (user_id, phone_e164, label, is_primary) values
    (${alice.id}, '+14155550111', 'mobile', true), (${bob.id}, '+442079460222', 'work', true)`;
});

afterAll(() => sql.end());

describe('profiles', () => {
  it('are created with each auth user', async () => {
    const [profile] = await sql`select email from public.profiles where id = ${alice.id}`;
    expect(profile?.email).toBe(alice.email);
  });

  it('are visible only to their owner', async () => {
    const visible = await asRole(sql, { role: 'authenticated', userId: alice.id }, (tx) => tx`select id from public.profiles`);
    expect(visible.map((row) => row.id)).toEqual([alice.id]);
    const anonymous = await asRole(sql, { role: 'anon' }, (tx) => tx`select id from public.profiles`);
    expect(anonymous).toHaveLength(0);
  });

  it('can be updated only by their owner', async () => {
    const updated = await asRole(sql, { role: 'authenticated', userId: alice.id }, async (tx) => {
      const own = await tx`update public.profiles set full_name = 'Alice' where id = ${alice.id} returning id`;
      const other = await tx`update public.profiles set full_name = 'Mallory' where id = ${bob.id} returning id`;
      return { own: own.length, other: other.length };
    });
    expect(updated).toEqual({ own: 1, other: 0 });
  });
});

describe('phone numbers', () => {
  it('are visible only to their owner', async () => {
    const rows = await asRole(sql, { role: 'authenticated', userId: bob.id }, (tx) => tx`select user_id, phone_e164 from public.user_phone_numbers`);
    expect(rows).toEqual([{ user_id: bob.id, phone_e164: '+442079460222' }]);
  });

  it('cannot be added for someone else', async () => {
    await expect(
      asRole(
        sql,
        { role: 'authenticated', userId: alice.id },
        (tx) => tx`insert into public.user_phone_numbers (user_id, phone_e164) values (${bob.id}, '+14155550199')`,
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('reject numbers that are not E.164', async () => {
    await expect(sql`insert into public.user_phone_numbers (user_id, phone_e164) values (${alice.id}, '0415 555 0111')`).rejects.toThrow(
      /user_phone_numbers_e164/,
    );
  });

  it('record every insert, update and delete with who and the source', async () => {
    // Through the API as the person herself: the source is "user" and the actor is her id.
    await asRole(
      sql,
      { role: 'authenticated', userId: alice.id },
      async (tx) => {
        const [row] = await tx<
          { id: string }[]
        >`insert into public.user_phone_numbers (user_id, phone_e164, label) values (${alice.id}, '+14155550123', 'home') returning id`;
        await tx`update public.user_phone_numbers set label = 'personal' where id = ${row!.id}`;
        await tx`select set_config('app.phone_change_source', 'aloha', true)`;
        await tx`update public.user_phone_numbers set verified_at = now() where id = ${row!.id}`;
        await tx`delete from public.user_phone_numbers where id = ${row!.id}`;
      },
      { commit: true },
    );

    const changes = await sql`
      select operation, old_phone_e164, new_phone_e164, old_label, new_label, changed_by, source
      from public.user_phone_number_changes
      where user_id = ${alice.id} and coalesce(new_phone_e164, old_phone_e164) = '+14155550123'
      order by id`;
    expect(changes.map((change) => [change.operation, change.source])).toEqual([
      ['insert', 'user'],
      ['update', 'user'],
      ['update', 'aloha'],
      ['delete', 'aloha'],
    ]);
    expect(changes[1]).toMatchObject({ old_label: 'home', new_label: 'personal' });
    expect(changes[3]).toMatchObject({ old_phone_e164: '+14155550123', new_phone_e164: null });
    expect(changes.every((change) => change.changed_by === alice.id)).toBe(true);
  });

  it('history is readable by its owner only and cannot be written by them', async () => {
    const seen = await asRole(sql, { role: 'authenticated', userId: bob.id }, (tx) => tx`select distinct user_id from public.user_phone_number_changes`);
    expect(seen.map((row) => row.user_id)).toEqual([bob.id]);
    await expect(
      asRole(
        sql,
        { role: 'authenticated', userId: bob.id },
        (tx) =>
          tx`insert into public.user_phone_number_changes (phone_number_id, user_id, operation, source) values (gen_random_uuid(), ${bob.id}, 'insert', 'forged')`,
      ),
    ).rejects.toThrow(/permission denied/);
  });
});
