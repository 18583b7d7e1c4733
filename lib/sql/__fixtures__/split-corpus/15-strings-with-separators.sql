create table public.notes (id int primary key, body text not null);
insert into public.notes values
  (1, 'semicolon; inside'),
  (2, '-- not a comment'),
  (3, '/* not a comment either'),
  (4, 'closing */ too'),
  (5, 'it''s doubled; still one string'),
  (6, '$$ not a dollar quote $$'),
  (7, 'a "double" quote; fine');
select body from public.notes where body like '%;%' or body = '--';
update public.notes set body = body || ' -- /* ; */' where id = 1;
