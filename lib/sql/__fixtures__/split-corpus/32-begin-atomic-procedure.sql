create table public.proc_log (id int, note text, "legend" text);

create procedure public.record_twice(note text)
language sql
BEGIN
  ATOMIC
  insert into public.proc_log (id, note, "legend") values (1, note, 'weekend; friend');
  insert into public.proc_log (id, note) values (2, note || ' -- appended');
END;

call public.record_twice('hello');

create function public.one() returns int language sql begin atomic select 1; end;
select public.one();
