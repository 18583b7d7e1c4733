begin;
create table public.explicit_tx (id int);
insert into public.explicit_tx values (1);
commit;
