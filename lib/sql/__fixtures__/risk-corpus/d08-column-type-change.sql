alter table public.corpus_t alter column id type bigint;
