-- pg-delta: transaction=false
create table public.big_table (id int, payload text);
create index concurrently big_table_id_idx on public.big_table (id);
