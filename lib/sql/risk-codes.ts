/** The kinds of risk a file review reports (review-file.ts). No imports: pages and parsers in the browser use it too. */
export const RISK_CODES = [
  'syntax_error',
  'unterminated_quote',
  'unterminated_dollar_quote',
  'unterminated_comment',
  'nul_byte',
  'no_transaction',
  'drop_table',
  'drop_column',
  'drop_schema',
  'drop_type',
  'truncate',
  'delete_all_rows',
  'update_all_rows',
  'column_type_change',
  'bom',
  'crlf',
  'space_in_name',
  'no_statements',
] as const;
export type RiskCode = (typeof RISK_CODES)[number];
