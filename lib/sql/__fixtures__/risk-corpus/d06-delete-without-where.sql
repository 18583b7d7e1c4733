delete from public.corpus_t;
