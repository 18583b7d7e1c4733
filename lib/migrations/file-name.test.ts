import { describe, expect, it } from 'vitest';
import { compareFileNames, isLegacyInitFileName, isSkippedLegacyInit, parseMigrationFileName } from './file-name';

describe('parseMigrationFileName', () => {
  it('splits version and name at the first underscore', () => {
    expect(parseMigrationFileName('20240101000000_create_users.sql')).toEqual({
      version: '20240101000000',
      name: 'create_users',
    });
    expect(parseMigrationFileName('123_456_x.sql')).toEqual({ version: '123', name: '456_x' });
  });

  it('accepts short versions, empty names and names with dots or spaces', () => {
    expect(parseMigrationFileName('1_short.sql')).toEqual({ version: '1', name: 'short' });
    expect(parseMigrationFileName('20240104000000_.sql')).toEqual({ version: '20240104000000', name: '' });
    expect(parseMigrationFileName('7_a.b c.sql')).toEqual({ version: '7', name: 'a.b c' });
    expect(parseMigrationFileName('7_x.sql.sql')).toEqual({ version: '7', name: 'x.sql' });
    expect(parseMigrationFileName('7_é😀.sql')).toEqual({ version: '7', name: 'é😀' });
  });

  it('rejects what the CLI skips', () => {
    for (const name of [
      'init.sql',
      '-dash.sql',
      '2024.sql',
      '2024_x.SQL',
      'README.md',
      'v2_x.sql',
      '_x.sql',
      '2024_x.sql.bak',
      ' 2024_x.sql',
      '٣_arabic_digit.sql',
    ]) {
      expect(parseMigrationFileName(name), name).toBeNull();
    }
  });

  it('rejects line terminators in the name, as the CLI regex `.` does', () => {
    expect(parseMigrationFileName('1_a\nb.sql')).toBeNull();
    expect(parseMigrationFileName('1_a\rb.sql')).toBeNull();
    expect(parseMigrationFileName('1_a\u2028b.sql')).toBeNull();
    expect(parseMigrationFileName('1_a\u2029b.sql')).toBeNull();
    expect(parseMigrationFileName('1_a\u0085b.sql')).toEqual({ version: '1', name: 'a\u0085b' });
  });
});

describe('legacy _init rule', () => {
  it('matches 14-digit init files older than 20211209000000', () => {
    expect(isLegacyInitFileName('20200101000000_init.sql')).toBe(true);
    expect(isLegacyInitFileName('20211208235959_init.sql')).toBe(true);
    expect(isLegacyInitFileName('20211209000000_init.sql')).toBe(false);
    expect(isLegacyInitFileName('20240101000000_init.sql')).toBe(false);
    expect(isLegacyInitFileName('2020010100000_init.sql')).toBe(false);
    expect(isLegacyInitFileName('20200101000000_initial.sql')).toBe(false);
    expect(isLegacyInitFileName('20200101000000_INIT.sql')).toBe(false);
  });

  it('searches anywhere in the name, like the unanchored CLI pattern', () => {
    expect(isLegacyInitFileName('20240101000000_x_19990101000000_init.sql')).toBe(true);
    // Leftmost 14-digit run followed by `_init.sql`: here the last 14 of 15 digits.
    expect(isLegacyInitFileName('120200101000000_init.sql')).toBe(true);
    expect(isLegacyInitFileName('920200101000000_init.sql')).toBe(true);
    expect(isLegacyInitFileName('30200101000000_init.sql')).toBe(false);
  });

  it('only skips the first listing entry', () => {
    expect(isSkippedLegacyInit('20200101000000_init.sql', 0)).toBe(true);
    expect(isSkippedLegacyInit('20200101000000_init.sql', 1)).toBe(false);
    expect(isSkippedLegacyInit('20240101000000_init.sql', 0)).toBe(false);
  });
});

describe('compareFileNames', () => {
  it('sorts as text, not numerically', () => {
    const names = ['9_a.sql', '10_a.sql', '1_short.sql', '20240101000000_a.sql', '000_zero.sql'];
    expect([...names].sort(compareFileNames)).toEqual(['000_zero.sql', '10_a.sql', '1_short.sql', '20240101000000_a.sql', '9_a.sql']);
  });

  it('orders by UTF-8 bytes: astral characters after U+E000–U+FFFF', () => {
    expect(compareFileNames('1_\uffff.sql', '1_😀.sql')).toBeLessThan(0);
    expect(compareFileNames('1_😀.sql', '1_\uffff.sql')).toBeGreaterThan(0);
    expect('1_😀.sql' < '1_\uffff.sql').toBe(true); // what plain JS comparison would get wrong
    expect(compareFileNames('1_😀.sql', '1_😁.sql')).toBeLessThan(0);
    expect(compareFileNames('1_a.sql', '1_a.sql')).toBe(0);
    expect(compareFileNames('1_a', '1_a.sql')).toBeLessThan(0);
    expect(compareFileNames('1_B.sql', '1_a.sql')).toBeLessThan(0);
  });

  it('agrees with a byte comparison on mixed input', () => {
    const samples = ['a', 'é', '\u3000', '\ue000', '\uffff', '😀', '\ud800', '\udc00', '_', '0', 'Z', ''];
    const bytes = (s: string) => Buffer.from(s, 'utf8');
    for (const x of samples) {
      for (const y of samples) {
        const a = `1_${x}q.sql`;
        const b = `1_${y}r.sql`;
        expect(Math.sign(compareFileNames(a, b)), `${a} vs ${b}`).toBe(Buffer.compare(bytes(a), bytes(b)));
      }
    }
  });
});
