import { describe, expect, it } from 'vitest';
import { REVEAL_REASON_CASES } from './reveal-reason-cases';
import { revealReasonProblem } from './reveal-reason';

describe('revealReasonProblem', () => {
  for (const [reason, expected] of REVEAL_REASON_CASES) {
    it(`${JSON.stringify(reason.length > 40 ? `${reason.slice(0, 40)}…` : reason)} → ${expected ?? 'accepted'}`, () => {
      expect(revealReasonProblem(reason)).toBe(expected);
    });
  }
});
