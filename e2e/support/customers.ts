import postgres from 'postgres';
import { stackInfo } from './fixtures';

export type Customer = { id: string; email: string; fullName: string; numbers: string[] };

/**
 * A customer of the modules with a name and phone numbers, written the way a module would
 * (directly in the shared tables, history recorded by the baseline trigger). Numbers get random
 * digits in fictional ranges, so customers of one run do not share them.
 */
export async function createCustomer(fullName: string, numbers: ((digits: string) => string)[]): Promise<Customer> {
  const sql = postgres(stackInfo().dbUrl, { max: 1, onnotice: () => {} });
  try {
    const email = `customer-${Math.random().toString(36).slice(2, 10)}@example.test`;
    const phones = numbers.map((make) => make(String(Math.floor(Math.random() * 100)).padStart(2, '0')));
    const id = await sql.begin(async (tx) => {
      const [user] = await tx<{ id: string }[]>`
        insert into auth.users (instance_id, id, aud, role, email, encrypted_password, created_at, updated_at, raw_user_meta_data)
        values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated', ${email}, '', now(), now(),
                ${sql.json({ full_name: fullName })})
        returning id`;
      await tx`select set_config('app.phone_change_source', 'aloha', true)`;
      for (const [index, phone] of phones.entries()) {
        await tx`insert into public.user_phone_numbers (user_id, phone_e164, label, is_primary) values (${user!.id}, ${phone}, ${index === 0 ? 'mobile' : 'work'}, ${index === 0})`;
      }
      return user!.id;
    });
    return { id, email, fullName, numbers: phones };
  } finally {
    await sql.end();
  }
}
