create table public."café;bar" (nom text, "ключ" int);
insert into public."café;bar" values ('crème brûlée; déjà vu', 1), ('日本語；全角セミコロン', 2), ('emoji 😀; ok', 3);
select nom from public."café;bar" where "ключ" > 0;
