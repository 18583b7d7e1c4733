/**
 * The masked form of a phone number, "+44 ••• ••• ••22": the country calling code and the last two
 * digits. The masking that protects numbers happens in SQL (`console_private.mask_phone`); this is
 * the same shape for the few places the console renders one itself (e.g. hiding a revealed number
 * again). An integration test checks that both agree on every seeded number.
 */

/** Country calling codes are prefix-free: 1 and 7 have one digit, these have two, all others three. */
const TWO_DIGIT_CODES = new Set([
  '20',
  '27',
  '30',
  '31',
  '32',
  '33',
  '34',
  '36',
  '39',
  '40',
  '41',
  '43',
  '44',
  '45',
  '46',
  '47',
  '48',
  '49',
  '51',
  '52',
  '53',
  '54',
  '55',
  '56',
  '57',
  '58',
  '60',
  '61',
  '62',
  '63',
  '64',
  '65',
  '66',
  '81',
  '82',
  '84',
  '86',
  '90',
  '91',
  '92',
  '93',
  '94',
  '95',
  '98',
]);

const E164 = /^\+[1-9][0-9]{3,14}$/;

export const MASK_BULLETS = '••• ••• ••';

/** The calling code at the start of the digits after a "+" ("44" of "442079460022"), or null. */
export function leadingCallingCode(digits: string): string | null {
  if (!/^[1-9]/.test(digits)) return null;
  const first = digits.charAt(0);
  if (first === '1' || first === '7') return first;
  const two = digits.slice(0, 2);
  if (TWO_DIGIT_CODES.has(two)) return two;
  return digits.length >= 3 ? digits.slice(0, 3) : null;
}

/** The calling code of an E.164 number, without the plus ("44"), or null for anything else. */
export function countryCallingCode(e164: string): string | null {
  return E164.test(e164) ? leadingCallingCode(e164.slice(1)) : null;
}

export function maskE164(e164: string): string {
  const code = countryCallingCode(e164);
  return code ? `+${code} ${MASK_BULLETS}${e164.slice(-2)}` : '••• ••• ••••';
}
