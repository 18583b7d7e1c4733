insert into corpus_ok values (1);
select 'never closed;
select 1;
