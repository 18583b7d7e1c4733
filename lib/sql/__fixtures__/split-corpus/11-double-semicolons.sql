create table public.doubled (id int);;
insert into public.doubled values (1);;;
;select 1 as after_empty;
  ;  ;
