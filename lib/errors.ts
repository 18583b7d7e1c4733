/**
 * The console's own error classes, in a module that imports nothing: auth, the Supabase helpers
 * and the audit code all throw and catch them, and keeping them here keeps those modules from
 * importing each other for a class.
 */

/** A refusal or a plain-words failure raised inside an action body. */
export class ActionError extends Error {
  constructor(
    message: string,
    readonly kind: 'refused' | 'invalid' | 'failed' = 'failed',
  ) {
    super(message);
  }
}

/** The console cannot reach the project (API or database down); pages show a banner for it. */
export class ConsoleUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConsoleUnavailableError';
  }
}
