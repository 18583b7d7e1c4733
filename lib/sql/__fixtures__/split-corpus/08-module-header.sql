-- module: aloha
-- owner: voice agent team
create schema if not exists aloha;

create table aloha.calls (
  id bigint generated always as identity primary key,
  caller text not null,
  started_at timestamptz not null default now()
);
create index calls_started_at_idx on aloha.calls (started_at);
