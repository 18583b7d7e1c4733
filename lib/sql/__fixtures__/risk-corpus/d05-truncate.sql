truncate table public.corpus_t;
