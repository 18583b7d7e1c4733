create table public.audit (entry text);

create function public.run_dynamic() returns void
language plpgsql as $outer$
declare
  statement text := $inner$insert into public.audit values ('from inner; body')$inner$;
begin
  execute statement;
  execute $q$insert into public.audit values ($$dollar; inside$$)$q$;
  perform $$plain $fn$ tag; not a close$$;
end;
$outer$;

select public.run_dynamic();

do $do$
begin
  execute $x$create table public.made_in_do (note text default $y$;$y$)$x$;
end
$do$;
