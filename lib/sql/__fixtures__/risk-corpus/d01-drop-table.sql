drop table if exists public.corpus_old;
