drop schema if exists corpus_scratch cascade;
