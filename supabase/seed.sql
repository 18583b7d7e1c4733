-- Demo data for local development (`npm run dev`, `supabase start`): one person per console role,
-- an outsider without membership, and a few dozen profiles with phone numbers and history.
-- The password is `console-dev-password` unless the session sets `console.seed_password`
-- (the dev stack sets it from CONSOLE_DEV_PASSWORD). Runs once: it stops if the demo admin exists.

do $seed$
declare
  demo_password text := coalesce(nullif(current_setting('console.seed_password', true), ''), 'console-dev-password');
  first_names text[] := array['Ada','Bruno','Chiara','Dmitri','Emeka','Fatima','Goran','Hana','Ines','Jonas',
                              'Kaito','Leila','Mateo','Nadia','Olu','Priya','Quentin','Rosa','Sven','Tariq',
                              'Uma','Viktor','Wen','Ximena','Yusuf','Zofia','Aiko','Bea','Carlos','Dalia',
                              'Elif','Felix','Greta','Hugo','Iris','Jamal'];
  last_names text[] := array['Lovelace','Moreau','Ricci','Volkov','Okafor','Haddad','Petrovic','Sato','Alves','Berg',
                             'Tanaka','Farah','Ruiz','Kowalski','Adeyemi','Iyer','Laurent','Silva','Lind','Aziz',
                             'Patel','Novak','Zhang','Ortega','Demir','Nowak','Mori','Keller','Mendes','Sousa',
                             'Yilmaz','Wagner','Hansen','Dubois','Costa','Bakr'];
  -- Fictional or documentation ranges of several countries, already in E.164; two digits follow,
  -- which gives each number its country's full length.
  phone_prefixes text[] := array['+141555501', '+4420794600', '+4930123456', '+331990000', '+612555501', '+8190123456'];
  uid uuid;
  phone_id uuid;
  i integer;
  n integer;
begin
  if exists (select 1 from auth.users where email = 'admin@console.local') then
    raise notice 'seed: demo data already present, nothing to do';
    return;
  end if;

  -- Demo console people. Fixed ids make them easy to find in logs and tests.
  insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                          raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
  select '00000000-0000-0000-0000-000000000000', d.id, 'authenticated', 'authenticated', d.email,
         extensions.crypt(demo_password, extensions.gen_salt('bf', 10)), now(),
         '{"provider":"email","providers":["email"]}', jsonb_build_object('full_name', d.full_name), now(), now()
  from (values
    ('00000000-0000-4000-8000-000000000001'::uuid, 'admin@console.local', 'Avery Admin'),
    ('00000000-0000-4000-8000-000000000002'::uuid, 'approver@console.local', 'Parker Approver'),
    ('00000000-0000-4000-8000-000000000003'::uuid, 'operator@console.local', 'Oakley Operator'),
    ('00000000-0000-4000-8000-000000000004'::uuid, 'support@console.local', 'Sam Support'),
    ('00000000-0000-4000-8000-000000000005'::uuid, 'outsider@console.local', 'Olive Outsider')
  ) as d(id, email, full_name);

  insert into console.member_roles (user_id, role)
  values
    ('00000000-0000-4000-8000-000000000001', 'admin'),
    ('00000000-0000-4000-8000-000000000002', 'admin'),
    ('00000000-0000-4000-8000-000000000003', 'operator'),
    ('00000000-0000-4000-8000-000000000004', 'support');

  -- Customers of the modules, with numbers written by different sources.
  for i in 1..cardinality(first_names) loop
    uid := extensions.gen_random_uuid();
    insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                            raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
    values ('00000000-0000-0000-0000-000000000000', uid, 'authenticated', 'authenticated',
            lower(first_names[i] || '.' || last_names[i]) || '@example.com',
            extensions.crypt(demo_password, extensions.gen_salt('bf', 4)), now() - make_interval(days => 200 - i),
            '{"provider":"email","providers":["email"]}',
            jsonb_build_object('full_name', first_names[i] || ' ' || last_names[i]),
            now() - make_interval(days => 200 - i), now());

    n := 1 + (i % 3);
    for k in 1..n loop
      perform set_config('app.phone_change_source', (array['aloha','sync','studio','user'])[1 + ((i + k) % 4)], true);
      insert into public.user_phone_numbers (user_id, phone_e164, label, is_primary, verified_at)
      values (uid,
              phone_prefixes[1 + ((i + k) % cardinality(phone_prefixes))] || lpad(((i * 7 + k * 3) % 100)::text, 2, '0'),
              (array['mobile','work','home'])[k],
              k = 1,
              case when (i + k) % 2 = 0 then now() - make_interval(days => i) end)
      returning id into phone_id;

      -- Some history: a re-label by support, a verification by Aloha.
      if (i + k) % 3 = 0 then
        perform set_config('app.phone_change_source', 'support', true);
        update public.user_phone_numbers set label = 'personal' where id = phone_id;
      end if;
      if (i + k) % 4 = 0 then
        perform set_config('app.phone_change_source', 'aloha', true);
        update public.user_phone_numbers set verified_at = now() where id = phone_id;
      end if;
    end loop;

    -- Every fifth person replaced a number: the old one is deleted, visible only in the history.
    if i % 5 = 0 then
      perform set_config('app.phone_change_source', 'sync', true);
      insert into public.user_phone_numbers (user_id, phone_e164, label, is_primary)
      values (uid, '+491512345' || lpad((1000 + i)::text, 4, '0'), 'old mobile', false)
      returning id into phone_id;
      delete from public.user_phone_numbers where id = phone_id;
    end if;
  end loop;

  perform set_config('app.phone_change_source', '', true);
end
$seed$;
