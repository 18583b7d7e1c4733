import {
  getCountries,
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberWithError,
  ParseError,
  validatePhoneNumberLength,
  type CountryCode,
} from 'libphonenumber-js/max';
import { leadingCallingCode } from './mask';

/**
 * Phone input as support agents type it: "+44 20 7946 0022", "020 7946 0022", "(415) 555-0132",
 * "0044 20…". Numbers without a leading + or 00 are read in the agent's region. Uses the full
 * ("max") metadata, so it runs on the server only; the browser never downloads it.
 */

export type PhoneProblem = 'empty' | 'not_a_number' | 'invalid_country' | 'too_short' | 'too_long' | 'invalid_length';

export type NormalizedPhone =
  | {
      ok: true;
      e164: string;
      /** "+44 20 7946 0022". */
      international: string;
      /** The region the number belongs to, when the digits tell (several share +1 or +44). */
      region: CountryCode | null;
      /** False when the length fits but no numbering plan of the country uses these digits. */
      valid: boolean;
    }
  | { ok: false; problem: PhoneProblem; message: string };

/** Characters a phone number may be typed with; anything else makes the query a name or an email. */
const PHONE_CHARACTERS = /^[+0-9 ().\-/]+$/;

/** True when the query is written like a phone number (the same rule as `console.support_search`). */
export function looksLikePhoneNumber(query: string): boolean {
  const trimmed = query.trim();
  return PHONE_CHARACTERS.test(trimmed) && (trimmed.match(/[0-9]/g)?.length ?? 0) >= 3;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

export function regionName(region: string): string {
  try {
    return regionNames.of(region) ?? region;
  } catch {
    return region;
  }
}

export function isPhoneRegion(value: unknown): value is CountryCode {
  return typeof value === 'string' && /^[A-Z]{2}$/.test(value) && isSupportedCountry(value);
}

export type RegionOption = { code: CountryCode; name: string; callingCode: string };

/** Every region libphonenumber knows, by English name, for the region picker. */
export function regionOptions(): RegionOption[] {
  return getCountries()
    .map((code) => ({ code, name: regionName(code), callingCode: getCountryCallingCode(code) }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en'));
}

/** International dialling prefixes written as "00" become "+", as most of the world dials them. */
function withPlus(input: string): string {
  return input.replace(/^\s*00\s*(?=[1-9])/, '+');
}

/** "a +44 number" when the text names its country code, else "a United States number". */
function numberKind(text: string, region: CountryCode): string {
  const compact = text.replace(/[().\-/ ]/g, '');
  const callingCode = compact.startsWith('+') ? leadingCallingCode(compact.slice(1)) : null;
  return callingCode ? `a +${callingCode} number` : `a ${regionName(region)} number`;
}

export function normalizePhone(input: string, region: CountryCode): NormalizedPhone {
  const text = withPlus(input.trim());
  if (text === '') return { ok: false, problem: 'empty', message: 'Type a phone number.' };
  if (!PHONE_CHARACTERS.test(text)) {
    return { ok: false, problem: 'not_a_number', message: 'Not a phone number: use digits, spaces, brackets, dashes and an optional leading +.' };
  }
  const lengthProblem = validatePhoneNumberLength(text, region);
  try {
    const phone = parsePhoneNumberWithError(text, { defaultCountry: region });
    if (lengthProblem || !phone.isPossible()) return failure(lengthProblem ?? 'INVALID_LENGTH', text, region);
    return { ok: true, e164: phone.number, international: phone.formatInternational(), region: phone.country ?? null, valid: phone.isValid() };
  } catch (error) {
    if (error instanceof ParseError) return failure(error.message, text, region);
    throw error;
  }
}

function failure(code: string, text: string, region: CountryCode): NormalizedPhone {
  const kind = numberKind(text, region);
  switch (code) {
    case 'INVALID_COUNTRY': {
      const callingCode = /^\+\s*([0-9]{1,3})/.exec(text)?.[1];
      return {
        ok: false,
        problem: 'invalid_country',
        message: callingCode
          ? `No country uses the calling code +${callingCode}.`
          : 'Start with + and the country code, or choose the country the number is from.',
      };
    }
    case 'TOO_SHORT':
      return { ok: false, problem: 'too_short', message: `Too short for ${kind}.` };
    case 'TOO_LONG':
      return { ok: false, problem: 'too_long', message: `Too long for ${kind}.` };
    case 'NOT_A_NUMBER':
      return { ok: false, problem: 'not_a_number', message: 'Not a phone number: it needs at least a few digits.' };
    default:
      return { ok: false, problem: 'invalid_length', message: `The number of digits does not fit ${kind}.` };
  }
}

/** "+44 20 7946 0022" for an E.164 number; the E.164 text itself if it cannot be parsed. */
export function formatInternational(e164: string): string {
  try {
    return parsePhoneNumberWithError(e164).formatInternational();
  } catch {
    return e164;
  }
}
