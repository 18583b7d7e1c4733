create function corpus_f() returns int language sql as $$ select 1;
