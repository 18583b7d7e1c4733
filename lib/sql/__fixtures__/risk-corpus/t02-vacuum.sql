vacuum (analyze) public.corpus_t;
