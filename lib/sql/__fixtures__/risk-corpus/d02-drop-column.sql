alter table public.corpus_t drop column if exists legacy;
