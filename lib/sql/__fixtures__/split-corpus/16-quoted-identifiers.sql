create table public."semi;colon" (
  "id;key" int primary key,
  "dash--dash" text,
  "slash/*star" text,
  "it's" text,
  "say ""hi""; ok" text
);
insert into public."semi;colon" ("id;key", "dash--dash", "slash/*star", "it's", "say ""hi""; ok")
  values (1, 'a', 'b', 'c', 'd');
select "id;key" as "x;y" from public."semi;colon";
