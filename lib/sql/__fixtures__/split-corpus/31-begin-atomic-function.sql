create table public.accounts (id int primary key, balance numeric not null default 0);

create function public.deposit(account int, amount numeric) returns numeric
language sql
begin atomic
  insert into public.accounts (id, balance) values ($1, 0) on conflict (id) do nothing;
  update public.accounts set balance = balance + $2 where id = $1;
  select balance from public.accounts where id = $1;
end;

select public.deposit(1, 10);
