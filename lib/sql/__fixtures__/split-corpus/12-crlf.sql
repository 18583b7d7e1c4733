-- module: sync
create table public.crlf_items (
  id int primary key, -- the key; comments end at LF, the CR stays
  label text not null default 'a;b'
);

create function public.crlf_count() returns bigint
language plpgsql as $$
begin
  return (select count(*) from public.crlf_items);
end;
$$;
insert into public.crlf_items (id) values (1);
-- trailing comment
