/** A dev-stack failure whose message names the cause in words a developer can act on. */
export class DevstackError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DevstackError';
  }
}
