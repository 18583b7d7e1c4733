/**
 * Column types as written in a migration (`int8`, `varchar(20)`, `timestamptz`) in the words
 * PostgreSQL's format_type prints (`bigint`, `character varying(20)`, `timestamp with time zone`),
 * so a file's declaration can be compared with the live catalog. Returns null for a type it does
 * not know how to normalise: the caller then does not claim a difference.
 */
const ALIASES: Record<string, string> = {
  int: 'integer',
  int4: 'integer',
  integer: 'integer',
  serial: 'integer',
  serial4: 'integer',
  int8: 'bigint',
  bigint: 'bigint',
  bigserial: 'bigint',
  serial8: 'bigint',
  int2: 'smallint',
  smallint: 'smallint',
  smallserial: 'smallint',
  serial2: 'smallint',
  bool: 'boolean',
  boolean: 'boolean',
  text: 'text',
  uuid: 'uuid',
  json: 'json',
  jsonb: 'jsonb',
  date: 'date',
  bytea: 'bytea',
  inet: 'inet',
  cidr: 'cidr',
  float8: 'double precision',
  'double precision': 'double precision',
  float4: 'real',
  real: 'real',
  timestamptz: 'timestamp with time zone',
  'timestamp with time zone': 'timestamp with time zone',
  timestamp: 'timestamp without time zone',
  'timestamp without time zone': 'timestamp without time zone',
  timetz: 'time with time zone',
  'time with time zone': 'time with time zone',
  time: 'time without time zone',
  'time without time zone': 'time without time zone',
  interval: 'interval',
  numeric: 'numeric',
  decimal: 'numeric',
  money: 'money',
  citext: 'citext',
  varchar: 'character varying',
  'character varying': 'character varying',
  char: 'character',
  character: 'character',
  bpchar: 'character',
};

export function normalizeTypeName(written: string): string | null {
  let text = written.trim().toLowerCase().replace(/\s+/g, ' ');
  let arraySuffix = '';
  while (text.endsWith('[]')) {
    arraySuffix += '[]';
    text = text.slice(0, -2).trim();
  }
  // A schema prefix on a built-in type (pg_catalog.int4) changes nothing.
  text = text.replace(/^pg_catalog\./, '');
  const match = /^([a-z][a-z0-9 ]*?)\s*(\(\s*[0-9]+(\s*,\s*[0-9]+)?\s*\))?$/.exec(text);
  if (!match) return null;
  const base = ALIASES[match[1]!.trim()];
  if (!base) return null;
  const modifier = match[2] ? match[2].replace(/\s+/g, '') : '';
  // format_type writes `character varying(20)` and `numeric(12,2)`.
  return `${base}${modifier}${arraySuffix}`;
}
