import 'server-only';
import type { CountryCode } from 'libphonenumber-js/max';
import { isPhoneRegion } from './phone';
import { processEnvironment } from '@/lib/env/environment';

let cached: CountryCode | undefined;

/**
 * The region numbers without a country code are read in, until the agent picks another:
 * CONSOLE_DEFAULT_PHONE_REGION (an ISO 3166 code such as GB), US when unset.
 */
export function defaultPhoneRegion(): CountryCode {
  if (cached) return cached;
  const value = (processEnvironment().CONSOLE_DEFAULT_PHONE_REGION ?? '').trim().toUpperCase() || 'US';
  if (!isPhoneRegion(value)) {
    throw new Error(`Console configuration is incomplete: CONSOLE_DEFAULT_PHONE_REGION must be a two-letter region code such as US or GB, not "${value}"`);
  }
  cached = value;
  return cached;
}
