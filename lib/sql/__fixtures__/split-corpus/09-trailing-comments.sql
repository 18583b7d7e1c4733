create table public.trailing (id int primary key);
insert into public.trailing values (1);
-- Everything below the last statement is kept as one more statement.
/* including this block; */
-- and this line
