create table public.counters (name text primary key, value int not null default 0);

create function public.bump(counter_name text) returns int
language plpgsql
set search_path = ''
as $fn$
declare
  result int;
begin
  insert into public.counters (name, value) values (counter_name, 1)
  on conflict (name) do update set value = public.counters.value + 1
  returning value into result;
  -- a comment inside the body; with 'quotes'
  return result;
end;
$fn$;

select public.bump('a');
