-- module: aloha
create table corpus_ok (id int);
create tabel corpus_broken (id int);
