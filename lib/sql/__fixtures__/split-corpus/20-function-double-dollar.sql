create function public.greet(who text) returns text
language sql immutable
as $$
  select 'hello, ' || who || '; welcome'
$$;

create function public.touch() returns trigger language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

create table public.touched (id int, updated_at timestamptz);
create trigger touched_touch before update on public.touched
  for each row execute function public.touch();
select public.greet('world');
