import 'server-only';
import type { PostgrestError } from '@supabase/supabase-js';
import { ActionError, ConsoleUnavailableError } from '@/lib/errors';

/**
 * Turns an error from a console SQL function into something a person can act on. Refusals
 * (42501) and rule violations the function explains itself (P0001, with a hint) keep their
 * message; anything else is logged with context and reported as unavailable, without SQL.
 */
export function rpcFailure(operation: string, error: PostgrestError): Error {
  if (error.code === '42501') return new ActionError(error.message.replace(/^permission denied: /, 'Refused: '), 'refused');
  if (error.code === 'P0001' || error.code === '22023') {
    return new ActionError(error.hint ? `${capitalize(error.message)}. ${error.hint}` : capitalize(error.message), 'invalid');
  }
  console.error(`rpc ${operation} failed`, { code: error.code, message: error.message, details: error.details });
  return new ConsoleUnavailableError(`The console could not ${operation}.`, { cause: error });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
