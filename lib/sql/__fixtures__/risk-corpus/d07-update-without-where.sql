update public.corpus_t set flag = true;
