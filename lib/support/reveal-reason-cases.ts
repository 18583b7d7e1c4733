import type { RevealReasonProblem } from './reveal-reason';

/** Shared by the unit test (TypeScript rules) and the integration test (the SQL rules). */
export const REVEAL_REASON_CASES: ReadonlyArray<readonly [string, RevealReasonProblem | null]> = [
  ['', 'missing'],
  ['   \n\t ', 'missing'],
  ['x', 'too_vague'],
  ['test', 'too_vague'],
  ['asdf asdf asdf asdf', 'too_vague'],
  ['need it', 'too_vague'],
  ['SUP-1234', null],
  ['see ZD-88', null],
  ['#48213', null],
  ['#12', 'too_vague'],
  ['ticket 48213', null],
  ['Case #7781 callback', null],
  ['customer asked to confirm the number on file', null],
  ['Kundin möchte Rückruf bestätigen', null],
  ['клиент просит подтвердить номер', null],
  ['+44 20 7946 0022 !!', 'too_vague'],
  ['x'.repeat(501), 'too_long'],
  [`SUP-1 ${'y'.repeat(495)}`, 'too_long'],
];
