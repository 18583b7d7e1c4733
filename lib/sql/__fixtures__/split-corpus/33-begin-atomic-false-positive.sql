create table public.words (begin int, atomic int);
insert into public.words values (1, 2);
-- "begin atomic" here is a column and its alias; the CLI stops splitting until the letters
-- e-n-d, which it finds inside "legend" before the semicolon, so the split is still right.
select begin atomic, 1 as legend from public.words;
select 2 as after;
