-- module: insights
-- Daily metrics with row level security.
create schema if not exists insights;

create table insights.daily_metrics (
  day date not null,
  owner name not null default current_user,
  metric text not null check (metric <> ''),
  value numeric not null default 0,
  primary key (day, owner, metric)
);

alter table insights.daily_metrics enable row level security;

create policy "owners read their metrics; nobody else" on insights.daily_metrics
  for select using (owner = current_user);
create policy "owners write their metrics" on insights.daily_metrics
  for insert with check (owner = current_user and metric !~ '--|/\*');

comment on table insights.daily_metrics is 'One row per day, owner and metric; values are sums.';

create function insights.record(metric_name text, amount numeric) returns void
language plpgsql security definer set search_path = '' as $$
begin
  insert into insights.daily_metrics (day, metric, value)
  values (current_date, metric_name, amount)
  on conflict (day, owner, metric)
  do update set value = insights.daily_metrics.value + excluded.value;
end;
$$;

revoke all on function insights.record(text, numeric) from public;
select insights.record('calls', 3);
