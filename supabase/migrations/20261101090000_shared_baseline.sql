-- module: shared
-- Shared baseline for every module of the project (Aloha, Sync, Insights, Studio, …):
-- profiles, phone numbers and the history of every phone-number change.
-- Idempotent in the style of the original baseline: it can run on a project that already has
-- these objects. Remember its limit: IF NOT EXISTS never changes an existing object, so
-- structural changes go into new migrations with ALTER statements.

create table if not exists public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  email text,
  full_name text,
  avatar_url text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

alter table public.profiles enable row level security;

drop policy if exists "profiles_select_own" on public.profiles;
create policy "profiles_select_own" on public.profiles
  for select to authenticated
  using ((select auth.uid()) = id);

drop policy if exists "profiles_insert_own" on public.profiles;
create policy "profiles_insert_own" on public.profiles
  for insert to authenticated
  with check ((select auth.uid()) = id);

drop policy if exists "profiles_update_own" on public.profiles;
create policy "profiles_update_own" on public.profiles
  for update to authenticated
  using ((select auth.uid()) = id)
  with check ((select auth.uid()) = id);

-- One profile per auth user, created with the user.
create or replace function public.handle_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.profiles (id, email, full_name)
  values (new.id, new.email, new.raw_user_meta_data ->> 'full_name')
  on conflict (id) do nothing;
  return new;
end;
$$;

revoke execute on function public.handle_new_user() from public, anon, authenticated;

drop trigger if exists on_auth_user_created on auth.users;
create trigger on_auth_user_created
  after insert on auth.users
  for each row execute function public.handle_new_user();

create table if not exists public.user_phone_numbers (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  phone_e164 text not null constraint user_phone_numbers_e164 check (phone_e164 ~ '^\+[1-9][0-9]{6,14}$'),
  label text not null default 'mobile' constraint user_phone_numbers_label_length check (char_length(label) between 1 and 40),
  is_primary boolean not null default false,
  verified_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint user_phone_numbers_user_phone_key unique (user_id, phone_e164)
);

-- At most one primary number per person.
create unique index if not exists user_phone_numbers_one_primary
  on public.user_phone_numbers (user_id) where is_primary;
create index if not exists user_phone_numbers_phone_e164_idx
  on public.user_phone_numbers (phone_e164);

alter table public.user_phone_numbers enable row level security;

drop policy if exists "user_phone_numbers_select_own" on public.user_phone_numbers;
create policy "user_phone_numbers_select_own" on public.user_phone_numbers
  for select to authenticated
  using ((select auth.uid()) = user_id);

drop policy if exists "user_phone_numbers_insert_own" on public.user_phone_numbers;
create policy "user_phone_numbers_insert_own" on public.user_phone_numbers
  for insert to authenticated
  with check ((select auth.uid()) = user_id);

drop policy if exists "user_phone_numbers_update_own" on public.user_phone_numbers;
create policy "user_phone_numbers_update_own" on public.user_phone_numbers
  for update to authenticated
  using ((select auth.uid()) = user_id)
  with check ((select auth.uid()) = user_id);

drop policy if exists "user_phone_numbers_delete_own" on public.user_phone_numbers;
create policy "user_phone_numbers_delete_own" on public.user_phone_numbers
  for delete to authenticated
  using ((select auth.uid()) = user_id);

create table if not exists public.user_phone_number_changes (
  id bigint generated always as identity primary key,
  -- No foreign key: the history outlives a deleted number.
  phone_number_id uuid not null,
  user_id uuid not null references auth.users (id) on delete cascade,
  operation text not null constraint user_phone_number_changes_operation check (operation in ('insert', 'update', 'delete')),
  old_phone_e164 text,
  new_phone_e164 text,
  old_label text,
  new_label text,
  old_is_primary boolean,
  new_is_primary boolean,
  old_verified_at timestamptz,
  new_verified_at timestamptz,
  changed_by uuid,
  source text not null,
  changed_at timestamptz not null default now()
);

create index if not exists user_phone_number_changes_user_idx
  on public.user_phone_number_changes (user_id, changed_at desc);

alter table public.user_phone_number_changes enable row level security;

-- Read-only for the owner; rows are written by the trigger below only.
drop policy if exists "user_phone_number_changes_select_own" on public.user_phone_number_changes;
create policy "user_phone_number_changes_select_own" on public.user_phone_number_changes
  for select to authenticated
  using ((select auth.uid()) = user_id);

revoke insert, update, delete, truncate on public.user_phone_number_changes from anon, authenticated;

-- Records every insert, update and delete of a phone number: old and new values, who (the JWT
-- subject, when the change came through the API) and the source. A module that writes numbers
-- names itself with `set local app.phone_change_source = 'aloha'`; otherwise the source is the
-- API role ('user', 'service') or 'database' for a direct connection.
create or replace function public.record_phone_number_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  change_source text := coalesce(
    nullif(current_setting('app.phone_change_source', true), ''),
    case auth.role()
      when 'authenticated' then 'user'
      when 'service_role' then 'service'
      else 'database'
    end
  );
begin
  if tg_op = 'UPDATE'
     and new.phone_e164 is not distinct from old.phone_e164
     and new.label is not distinct from old.label
     and new.is_primary is not distinct from old.is_primary
     and new.verified_at is not distinct from old.verified_at then
    return new;
  end if;

  insert into public.user_phone_number_changes (
    phone_number_id, user_id, operation,
    old_phone_e164, new_phone_e164, old_label, new_label,
    old_is_primary, new_is_primary, old_verified_at, new_verified_at,
    changed_by, source
  ) values (
    coalesce(new.id, old.id), coalesce(new.user_id, old.user_id), lower(tg_op),
    old.phone_e164, new.phone_e164, old.label, new.label,
    old.is_primary, new.is_primary, old.verified_at, new.verified_at,
    auth.uid(), change_source
  );
  return coalesce(new, old);
end;
$$;

revoke execute on function public.record_phone_number_change() from public, anon, authenticated;

drop trigger if exists user_phone_numbers_record_change on public.user_phone_numbers;
create trigger user_phone_numbers_record_change
  after insert or update or delete on public.user_phone_numbers
  for each row execute function public.record_phone_number_change();
