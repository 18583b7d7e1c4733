create table public.shapes (
  id int primary key check ((id > 0) and (id < 1000)),
  name text not null default (';' || 'x'),
  area numeric generated always as (((id * 2)::numeric)) stored,
  created_at timestamptz not null default (now() at time zone 'utc')
);
insert into public.shapes (id) values ((1)), ((2));
select (select count(*) from public.shapes) as total, (';') as semi;
