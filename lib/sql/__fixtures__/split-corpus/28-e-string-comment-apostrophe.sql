create table public.e_comment (id int);
select E'it\'s' as quoted -- ' ; insert into public.e_comment values (1)
;
select count(*) as rows_inserted_by_the_cli from public.e_comment;
