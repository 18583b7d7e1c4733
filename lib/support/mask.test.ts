import { getCountries, getCountryCallingCode } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { countryCallingCode, maskE164 } from './mask';

describe('maskE164', () => {
  it('keeps the country code and the last two digits only', () => {
    expect(maskE164('+442079460022')).toBe('+44 ••• ••• ••22');
    expect(maskE164('+14155550132')).toBe('+1 ••• ••• ••32');
    expect(maskE164('+35312345678')).toBe('+353 ••• ••• ••78');
  });

  it('has one shape whatever the length, so it does not hint at the number', () => {
    expect(maskE164('+331990001').length).toBe(maskE164('+33123456789').length);
  });

  it('never echoes something that is not an E.164 number', () => {
    for (const input of ['', '0207946002', '+0123456', 'abc', '+44 20 7946 0022']) expect(maskE164(input)).toBe('••• ••• ••••');
  });
});

describe('countryCallingCode', () => {
  it('agrees with libphonenumber for the calling code of every country', () => {
    for (const country of getCountries()) {
      const code = getCountryCallingCode(country);
      // A plausible national number after the code; only the split of the code matters here.
      expect(countryCallingCode(`+${code}123456789`), country).toBe(code);
    }
  });
});
