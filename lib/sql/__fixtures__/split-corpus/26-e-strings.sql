create table public.escapes (id int, body text);
insert into public.escapes values (1, E'line one\nline two; still the same string');
insert into public.escapes values (2, E'a backslash: \\');
insert into public.escapes values (3, E'tab\there');
insert into public.escapes values (4, 'C:\temp\');
select count(*) from public.escapes;
