create table public.e_quotes (id int primary key, body text not null);
select 1 as before_the_escape;
insert into public.e_quotes values (1, E'it\'s');
-- PostgreSQL ends the string at the last quote above, but the CLI ends it at the
-- backslash-quote and opens a new string at the last quote, so this comment and the
-- semicolon above stay in one statement with the insert
