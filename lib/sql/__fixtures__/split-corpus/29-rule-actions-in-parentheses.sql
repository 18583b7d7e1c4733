create table public.rule_source (id int);
create table public.rule_log (note text);

-- Inside parentheses the CLI does not split, which keeps a rule's action list whole.
create rule log_insert as on insert to public.rule_source do also (
  insert into public.rule_log select 'first; action';
  insert into public.rule_log select 'second';
  notify rule_source_changed
);

-- The first ) closes every open (, so the last action may use parentheses.
create rule log_delete as on delete to public.rule_source do also (
  insert into public.rule_log select 'deleted';
  insert into public.rule_log values (('nested'))
);

insert into public.rule_source values (1);
delete from public.rule_source;
