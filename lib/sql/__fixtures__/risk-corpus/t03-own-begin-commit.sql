begin;
create table corpus_tx (id int);
commit;
