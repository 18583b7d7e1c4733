create index concurrently if not exists corpus_idx on public.corpus_t (id);
