import { splitStatements } from '@/lib/sql/split-statements';

/**
 * A migration file rebuilt from a version's recorded statements, what `supabase migration fetch`
 * gives back: each statement followed by `;` and a blank line. The result is checked by splitting
 * it as the CLI splits: it must give the recorded statements again, so that a file restored this
 * way is not "edited after apply". Where a plain `;` would not come back the same (a statement
 * ending in a `--` comment, or one the CLI's splitter read to the end of the file), the `;` goes on
 * a line of its own or, for the last statement, is left out.
 */
export function recordedStatementsFile(statements: readonly string[]): { text: string; exact: boolean } {
  let text = '';
  for (let index = 0; index < statements.length; index++) {
    const statement = statements[index] as string;
    const separator = index === 0 ? '' : '\n';
    const endings = index === statements.length - 1 ? [';\n', '\n;\n', '\n'] : [';\n', '\n;\n'];
    const fitting = endings.find((ending) => sameStatements(splitStatements(text + separator + statement + ending), statements.slice(0, index + 1)));
    if (fitting === undefined) return { text: `${text}${separator}${statement};\n`, exact: false };
    text += separator + statement + fitting;
  }
  return { text, exact: true };
}

function sameStatements(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((statement, index) => statement === b[index]);
}
