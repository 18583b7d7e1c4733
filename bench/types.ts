/** One benchmark that `npm run bench` can run: it prints its own figures and says whether it met its goal. */
export type Benchmark = {
  /** Used on the command line: `npm run bench -- <name>`. */
  name: string;
  description: string;
  run(args: string[]): Promise<{ ok: boolean }>;
};
