drop type if exists public.corpus_mood;
