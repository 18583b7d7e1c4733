import { describe, expect, it } from 'vitest';
import { parseStackArgs } from './cli';

describe('parseStackArgs', () => {
  it('reads --reset and --verbose', () => {
    expect(parseStackArgs(['--reset'])).toEqual({ reset: true, verbose: false });
    expect(parseStackArgs([])).toEqual({ reset: false, verbose: false });
  });
  it('refuses unknown options with the list of known ones', () => {
    expect(() => parseStackArgs(['--rest'])).toThrow(/Unknown option --rest.*--reset/);
  });
});
