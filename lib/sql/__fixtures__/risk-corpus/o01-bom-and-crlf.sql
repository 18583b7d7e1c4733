create table corpus_crlf (id int);
select 1;
