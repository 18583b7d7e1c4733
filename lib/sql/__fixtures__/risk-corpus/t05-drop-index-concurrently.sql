drop index concurrently if exists public.corpus_idx;
