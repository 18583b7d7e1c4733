import { diffArrays } from 'diff';

export type DiffSide = { text: string; kind: 'same' | 'removed' | 'added' | 'empty' };
export type DiffRow = { left: DiffSide; right: DiffSide };

/**
 * Side-by-side comparison of the statements recorded in the history (left) with the statements
 * the file yields now (right), aligned statement by statement. Changed statements sit on one row.
 */
export function sideBySideStatements(recorded: readonly string[], current: readonly string[]): DiffRow[] {
  const rows: DiffRow[] = [];
  const parts = diffArrays([...recorded], [...current]);
  const empty: DiffSide = { text: '', kind: 'empty' };
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index]!;
    if (!part.added && !part.removed) {
      for (const text of part.value) rows.push({ left: { text, kind: 'same' }, right: { text, kind: 'same' } });
      continue;
    }
    const next = parts[index + 1];
    if (part.removed && next?.added) {
      // A replaced run: pair the statements up so a changed statement reads across one row.
      const length = Math.max(part.value.length, next.value.length);
      for (let i = 0; i < length; i++) {
        const left = part.value[i];
        const right = next.value[i];
        rows.push({
          left: left === undefined ? empty : { text: left, kind: 'removed' },
          right: right === undefined ? empty : { text: right, kind: 'added' },
        });
      }
      index++;
      continue;
    }
    for (const text of part.value) {
      rows.push(part.removed ? { left: { text, kind: 'removed' }, right: empty } : { left: empty, right: { text, kind: 'added' } });
    }
  }
  return rows;
}
