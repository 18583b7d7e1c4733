reindex (concurrently) table public.corpus_t;
