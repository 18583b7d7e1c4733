/**
 * The process environment, read here and nowhere else (a lint rule holds every other file of
 * app/, components/, lib/ and cli/ to it). Functions that take configuration accept an `env` for
 * tests and the command line; this is their default.
 */
export type Environment = Readonly<Record<string, string | undefined>>;

export function processEnvironment(): Environment {
  return process.env;
}

/** `next dev` (and the dev stack's console): cookies without Secure, development headers. */
export function isDevelopment(): boolean {
  return process.env.NODE_ENV === 'development';
}
