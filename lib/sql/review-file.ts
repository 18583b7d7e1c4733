/**
 * What a migration file risks, read from its text and the statements the CLI-exact splitter cut,
 * each statement through PostgreSQL's own parser. Pure; the folder reading keeps the answer with
 * the file's content (by SHA-256), so an unchanged file is never reviewed twice.
 *
 * Categories, in the order a person must deal with them:
 * - broken (blocking): the file cannot run as written (syntax error, unterminated quote or
 *   comment, NUL byte). Nobody can request, approve or run a push that holds it.
 * - no_transaction (acknowledge): statements PostgreSQL refuses inside a transaction block.
 * - destructive (acknowledge): drops tables, columns, schemas or types, truncates, deletes or
 *   updates every row, changes a column's type.
 * - oddity (warning): a BOM, CRLF line ends, a space in the name, no statements at all.
 */
import { lineColumnAt, statementOffsets, codePointIndex } from '@/lib/migrations/error-location';
import { bodyOf, list, nameParts, nodeOf, objectNameParts, rangeVarName, type QualifiedName } from './nodes';
import { parseStatement, type ParsedStatement } from './parser';
import { fileLocks, type TableLock } from './lock-impact';
import { classifyParsedStatements, type TransactionSafety } from './transaction-safety';

export type RiskCategory = 'broken' | 'no_transaction' | 'destructive' | 'oddity';

export { RISK_CODES, type RiskCode } from './risk-codes';
import type { RiskCode } from './risk-codes';

export type FileRisk = {
  category: RiskCategory;
  code: RiskCode;
  title: string;
  message: string;
  /** From 0, like the CLI's "At statement"; null for risks of the whole file. */
  statementIndex: number | null;
  /** Line and column in the file (from 1), when the risk has a place. */
  line: number | null;
  column: number | null;
};

/**
 * The risks of one file. `text` is the file decoded as UTF-8; `statements` is the splitter's
 * output for it (exact substrings of `text`, in order).
 */
export function reviewMigrationFile(fileName: string, text: string, statements: readonly string[]): FileRisk[] {
  return [...reviewMigrationText(text, statements), ...fileNameRisks(fileName)];
}

/** What the review takes from one content's parse: its risks and how it must run. */
export type ContentAnalysis = {
  risks: readonly FileRisk[];
  transactionSafety: TransactionSafety;
};

export type ContentLocks = readonly { statementIndex: number; lock: TableLock }[];

/**
 * A file content's review, made when first asked for: status needs the risks of pending files
 * only, so a folder of 2,000 applied files is read without parsing one of them. One instance per
 * content (the folder reading shares it between files with the same bytes, and between readings).
 * The push plan reads the transaction safety from the same analysis; the table locks, which only
 * a push and the lock-impact card need, are a second parse made when first asked for (parse trees
 * are not kept: see parser.ts).
 */
export class ContentReview {
  readonly #text: string;
  readonly #statements: readonly string[];
  #analysis: ContentAnalysis | null = null;
  #locks: ContentLocks | null = null;

  constructor(text: string, statements: readonly string[]) {
    this.#text = text;
    this.#statements = statements;
  }

  analysis(): ContentAnalysis {
    this.#analysis ??= Object.freeze(analyseMigrationText(this.#text, this.#statements));
    return this.#analysis;
  }

  risks(): readonly FileRisk[] {
    return this.analysis().risks;
  }

  /** The table locks of its statements, in order (lib/sql/lock-impact.ts). */
  locks(): ContentLocks {
    this.#locks ??= Object.freeze(contentLocks(this.#statements));
    return this.#locks;
  }

  /** Not part of a file's JSON (`status --json` prints the findings instead). */
  toJSON(): undefined {
    return undefined;
  }
}

/** The table locks of a content's statements (each parsed). */
export function contentLocks(statements: readonly string[]): ContentLocks {
  return fileLocks(
    statements.map((statement) => {
      const parsed = parseStatement(statement);
      return parsed.ok ? parsed.nodes : null;
    }),
  );
}

/** The risks of a file's name alone (its content may be shared with a file of another name). */
export function fileNameRisks(fileName: string): FileRisk[] {
  if (!/\s/.test(fileName)) return [];
  return [
    {
      category: 'oddity',
      code: 'space_in_name',
      title: 'Space in the file name',
      message: `"${fileName}" contains whitespace. The CLI accepts it, but shell commands and CI scripts that handle the file unquoted break on it.`,
      statementIndex: null,
      line: null,
      column: null,
    },
  ];
}

/** The risks of a file's content: the same for every file with these bytes. */
export function reviewMigrationText(text: string, statements: readonly string[]): FileRisk[] {
  return analyseMigrationText(text, statements).risks as FileRisk[];
}

/** A content's risks and transaction safety, each statement parsed once. */
export function analyseMigrationText(text: string, statements: readonly string[]): ContentAnalysis {
  const risks: FileRisk[] = [];
  const at = (statementIndex: number | null, offset: number | null) => {
    if (offset === null) return { statementIndex, line: null, column: null };
    const place = lineColumnAt(text, offset);
    return { statementIndex, line: place.line, column: place.column };
  };

  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    risks.push({
      category: 'broken',
      code: 'nul_byte',
      title: 'Contains a NUL byte',
      message:
        'The file holds a NUL (zero) byte, which PostgreSQL refuses in any statement ("invalid byte sequence for encoding UTF8: 0x00"). It is usually a sign of a binary or UTF-16 file saved under a .sql name.',
      ...at(null, nul),
    });
  }

  const offsets = statementOffsets(text, statements);
  // Each statement is parsed once; every check below reads the same trees. (The parser refuses a
  // statement holding a NUL byte by itself; the file's own NUL risk above says it once.)
  const parsedStatements = statements.map(parseStatement);
  const transactionSafety = classifyParsedStatements(statements, parsedStatements);
  if (nul < 0) {
    statements.forEach((statement, index) => {
      const parsed = parsedStatements[index] as ParsedStatement;
      const start = offsets[index] ?? null;
      if (!parsed.ok) {
        const offset = start === null ? null : start + (parsed.position === null ? 0 : codePointIndex(statement, parsed.position + 1));
        risks.push({ ...brokenRisk(parsed.message), ...at(index, offset) });
        return;
      }
      for (const node of parsed.nodes) for (const risk of destructiveRisks(node)) risks.push({ ...risk, ...at(index, start) });
    });
    for (const issue of transactionSafety.issues) {
      if (issue.severity !== 'no_transaction') continue;
      risks.push({
        category: 'no_transaction',
        code: 'no_transaction',
        title: 'Cannot run in a transaction',
        message: issue.message,
        ...at(issue.statementIndex, offsets[issue.statementIndex] ?? null),
      });
    }
  }

  if (text.charCodeAt(0) === 0xfeff) {
    risks.push({
      category: 'oddity',
      code: 'bom',
      title: 'Starts with a byte-order mark',
      message:
        'The file begins with a UTF-8 byte-order mark (EF BB BF). The CLI drops it from the first statement, but editors and diff tools show it differently; save the file as UTF-8 without BOM.',
      statementIndex: null,
      line: 1,
      column: 1,
    });
  }
  const crlf = text.indexOf('\r\n');
  if (crlf >= 0) {
    risks.push({
      category: 'oddity',
      code: 'crlf',
      title: 'Windows line ends (CRLF)',
      message:
        'The file uses CRLF line ends. They are recorded as part of every statement, so the same file saved with LF on another machine counts as edited after apply.',
      ...at(null, crlf),
    });
  }
  if (nul < 0 && parsedStatements.every((parsed) => parsed.ok && parsed.nodes.length === 0)) {
    risks.push({
      category: 'oddity',
      code: 'no_statements',
      title: statements.length === 0 ? 'Empty file' : 'No statements',
      message: 'The file holds no SQL to run (only comments or nothing). A push records its version anyway, so SQL added later would never run.',
      statementIndex: null,
      line: null,
      column: null,
    });
  }
  return { risks, transactionSafety };
}

function brokenRisk(message: string): Omit<FileRisk, 'line' | 'column' | 'statementIndex'> {
  if (/unterminated quoted (string|identifier)/.test(message)) {
    return {
      category: 'broken',
      code: 'unterminated_quote',
      title: 'Unterminated quote',
      message: `A quote opened here never closes, so the rest of the file is read as one string: ${message}.`,
    };
  }
  if (/unterminated dollar-quoted string/.test(message)) {
    return {
      category: 'broken',
      code: 'unterminated_dollar_quote',
      title: 'Unterminated dollar quote',
      message: `A $$ (or $tag$) body opened here never closes: ${message}.`,
    };
  }
  if (/unterminated \/\* comment/.test(message)) {
    return { category: 'broken', code: 'unterminated_comment', title: 'Unterminated comment', message: `A /* comment opened here never closes: ${message}.` };
  }
  return { category: 'broken', code: 'syntax_error', title: 'Syntax error', message: `PostgreSQL cannot parse it: ${message}.` };
}

type Risk = Omit<FileRisk, 'line' | 'column' | 'statementIndex'>;

function label(name: QualifiedName | null): string {
  return name ? (name.schema ? `${name.schema}.${name.name}` : name.name) : 'a table';
}

/** What a statement destroys, from its parse tree. */
export function destructiveRisks(node: unknown): Risk[] {
  const found = nodeOf(node);
  if (!found) return [];
  const [type, body] = found;
  switch (type) {
    case 'DropStmt': {
      const objects = objectNameParts(body.objects).map((parts) => parts.join('.'));
      const what = objects.filter(Boolean).join(', ');
      switch (body.removeType) {
        case 'OBJECT_TABLE':
          return [
            {
              category: 'destructive',
              code: 'drop_table',
              title: 'Drops a table',
              message: `DROP TABLE ${what}: every row is gone once the push runs, and code that still reads it fails.`,
            },
          ];
        case 'OBJECT_SCHEMA':
          return [
            {
              category: 'destructive',
              code: 'drop_schema',
              title: 'Drops a schema',
              message: `DROP SCHEMA ${what}${body.behavior === 'DROP_CASCADE' ? ' CASCADE: everything in it goes too' : ''}.`,
            },
          ];
        case 'OBJECT_TYPE':
        case 'OBJECT_DOMAIN':
          return [
            {
              category: 'destructive',
              code: 'drop_type',
              title: 'Drops a type',
              message: `DROP ${body.removeType === 'OBJECT_DOMAIN' ? 'DOMAIN' : 'TYPE'} ${what}${body.behavior === 'DROP_CASCADE' ? ' CASCADE: columns of that type are dropped with it' : ''}.`,
            },
          ];
        default:
          return [];
      }
    }
    case 'TruncateStmt': {
      const tables = list(body.relations)
        .map((relation) => label(rangeVarName(bodyOf(relation, 'RangeVar'))))
        .join(', ');
      return [{ category: 'destructive', code: 'truncate', title: 'Empties a table', message: `TRUNCATE ${tables}: every row is deleted at once.` }];
    }
    case 'DeleteStmt':
      return body.whereClause
        ? []
        : [
            {
              category: 'destructive',
              code: 'delete_all_rows',
              title: 'Deletes every row',
              message: `DELETE FROM ${label(rangeVarName(body.relation))} has no WHERE: it deletes every row.`,
            },
          ];
    case 'UpdateStmt':
      return body.whereClause
        ? []
        : [
            {
              category: 'destructive',
              code: 'update_all_rows',
              title: 'Updates every row',
              message: `UPDATE ${label(rangeVarName(body.relation))} has no WHERE: it changes every row (and rewrites each one).`,
            },
          ];
    case 'AlterTableStmt': {
      if (body.objtype && body.objtype !== 'OBJECT_TABLE') return [];
      const table = label(rangeVarName(body.relation));
      return list(body.cmds).flatMap((cmd): Risk[] => {
        const command = bodyOf(cmd, 'AlterTableCmd');
        if (command?.subtype === 'AT_DropColumn') {
          return [
            {
              category: 'destructive',
              code: 'drop_column',
              title: 'Drops a column',
              message: `ALTER TABLE ${table} DROP COLUMN ${String(command.name)}: the column's data is gone.`,
            },
          ];
        }
        if (command?.subtype === 'AT_AlterColumnType') {
          const typeName = bodyOf(command.def, 'ColumnDef')?.typeName as { names?: unknown } | undefined;
          const to = nameParts(typeName?.names)
            .filter((part) => part !== 'pg_catalog')
            .join('.');
          return [
            {
              category: 'destructive',
              code: 'column_type_change',
              title: "Changes a column's type",
              message: `ALTER TABLE ${table} ALTER COLUMN ${String(command.name)} TYPE ${to}: values are converted (and can fail or lose precision), and clients that read the old type may break.`,
            },
          ];
        }
        return [];
      });
    }
    default:
      return [];
  }
}
