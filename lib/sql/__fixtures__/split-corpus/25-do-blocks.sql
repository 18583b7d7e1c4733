create table public.do_log (n int);

do $$
begin
  for i in 1..3 loop
    insert into public.do_log values (i);
  end loop;
end;
$$;

do language plpgsql $body$
declare
  total int;
begin
  select sum(n) into total from public.do_log;
  raise notice 'total: %; done', total;
end
$body$;
