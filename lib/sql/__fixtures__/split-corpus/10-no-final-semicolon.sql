create table public.no_final (id int);
insert into public.no_final values (1)   

