// Vitest setup: PostgreSQL's parser loads asynchronously, once per test file's worker, before
// any test reads migrations (as every entry point of the console does at start).
import { ensureSqlParser } from './parser';

await ensureSqlParser();
