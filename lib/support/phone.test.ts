import { describe, expect, it } from 'vitest';
import { formatInternational, isPhoneRegion, looksLikePhoneNumber, normalizePhone, regionOptions } from './phone';

describe('normalizePhone', () => {
  it('reads local formats in the agent’s region', () => {
    expect(normalizePhone('(415) 555-0132', 'US')).toMatchObject({
      ok: true,
      e164: '+14155550132',
      international: '+1 415 555 0132',
      region: 'US',
      valid: true,
    });
    expect(normalizePhone('020 7946 0025', 'GB')).toMatchObject({ ok: true, e164: '+442079460025', region: 'GB' });
    expect(normalizePhone('030 1234 5678', 'DE')).toMatchObject({ ok: true, e164: '+493012345678' });
  });

  it('ignores the region when the number names its country, with + or 00', () => {
    for (const input of ['+44 20 7946 0025', '+44 (0)20 7946 0025', '0044 20 7946 0025', '00 44 20 7946 0025', '+442079460025']) {
      expect(normalizePhone(input, 'US'), input).toMatchObject({ ok: true, e164: '+442079460025' });
    }
  });

  it('accepts dots, dashes and slashes as separators', () => {
    expect(normalizePhone('415.555.0132', 'US')).toMatchObject({ ok: true, e164: '+14155550132' });
    expect(normalizePhone('030/12345678', 'DE')).toMatchObject({ ok: true, e164: '+493012345678' });
  });

  it('flags a number of the right length that no numbering plan uses, but still normalises it', () => {
    expect(normalizePhone('+1 555 555 0132', 'US')).toMatchObject({ ok: true, e164: '+15555550132', valid: false });
  });

  it('says why invalid input is invalid', () => {
    expect(normalizePhone('', 'US')).toMatchObject({ ok: false, problem: 'empty' });
    expect(normalizePhone('555-0132', 'US')).toEqual({ ok: false, problem: 'too_short', message: 'Too short for a United States number.' });
    expect(normalizePhone('+44 20 7946 0025 1234', 'US')).toEqual({ ok: false, problem: 'too_long', message: 'Too long for a +44 number.' });
    expect(normalizePhone('+999 1234567', 'US')).toEqual({ ok: false, problem: 'invalid_country', message: 'No country uses the calling code +999.' });
    expect(normalizePhone('+44 20 7946 00', 'US')).toMatchObject({
      ok: false,
      problem: 'invalid_length',
      message: 'The number of digits does not fit a +44 number.',
    });
    expect(normalizePhone('ada@example.com', 'US')).toMatchObject({ ok: false, problem: 'not_a_number' });
    expect(normalizePhone('020 7946 0025', 'US')).toMatchObject({ ok: false, problem: 'too_long', message: 'Too long for a United States number.' });
  });
});

describe('looksLikePhoneNumber', () => {
  it('takes digits with phone punctuation, and nothing with letters or @', () => {
    expect(looksLikePhoneNumber('+44 20 7946 0025')).toBe(true);
    expect(looksLikePhoneNumber('(415) 555-0132')).toBe(true);
    expect(looksLikePhoneNumber('0025')).toBe(true);
    expect(looksLikePhoneNumber('12')).toBe(false);
    expect(looksLikePhoneNumber('ada.lovelace')).toBe(false);
    expect(looksLikePhoneNumber('user123@example.com')).toBe(false);
  });
});

describe('regions', () => {
  it('lists every supported region once, by name, with its calling code', () => {
    const options = regionOptions();
    expect(options.length).toBeGreaterThan(200);
    expect(new Set(options.map((option) => option.code)).size).toBe(options.length);
    expect(options.find((option) => option.code === 'GB')).toEqual({ code: 'GB', name: 'United Kingdom', callingCode: '44' });
  });
  it('recognises region codes only', () => {
    expect(isPhoneRegion('GB')).toBe(true);
    expect(isPhoneRegion('gb')).toBe(false);
    expect(isPhoneRegion('XX')).toBe(false);
    expect(isPhoneRegion(undefined)).toBe(false);
  });
});

describe('formatInternational', () => {
  it('groups digits as the country writes them', () => {
    expect(formatInternational('+442079460025')).toBe('+44 20 7946 0025');
    expect(formatInternational('not a number')).toBe('not a number');
  });
});
