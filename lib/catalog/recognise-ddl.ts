/**
 * Statement-level recognition of the DDL that shapes tables, columns, indexes and policies:
 * CREATE/ALTER/DROP TABLE, CREATE/ALTER/DROP INDEX, CREATE/ALTER/DROP POLICY, plus the
 * `SET lock_timeout` and `SET search_path` statements the lints and name resolution need.
 *
 * It reads one statement (as the splitter cut it) and says what it does to which objects. Names
 * follow PostgreSQL's rules: unquoted identifiers fold to lower case, quoted ones keep their case,
 * unqualified names resolve to the current default schema (`public` unless a SET search_path said
 * otherwise). Anything it does not understand is `other`: provenance then has a gap, never a lie.
 */
import { tokenize, type Token } from './sql-tokens';

export type ObjectName = { schema: string; name: string };

export type ColumnDefinition = {
  name: string;
  /** The type as written, e.g. `timestamptz`, `varchar(255)`. */
  type: string;
  notNull: boolean;
  /** DEFAULT, identity or a generated expression: the column fills itself. */
  hasDefault: boolean;
  primaryKey: boolean;
  references: ObjectName | null;
};

export type TableConstraint = { name: string | null; constraintType: string; columns: string[] };

export type AlterTableAction =
  | { kind: 'add_column'; column: ColumnDefinition; ifNotExists: boolean }
  | { kind: 'drop_column'; column: string; ifExists: boolean }
  | { kind: 'alter_column_type'; column: string; type: string }
  | { kind: 'set_default' | 'drop_default' | 'set_not_null' | 'drop_not_null'; column: string }
  | { kind: 'alter_column_other'; column: string }
  | { kind: 'rename_column'; column: string; to: string }
  | { kind: 'rename_constraint'; constraint: string; to: string }
  | { kind: 'enable_rls' | 'disable_rls' | 'force_rls' | 'no_force_rls' }
  | { kind: 'add_constraint'; name: string | null; constraintType: string; notValid: boolean; columns: string[] }
  | { kind: 'drop_constraint'; name: string }
  | { kind: 'other'; text: string };

export type PolicyCommandWord = 'all' | 'select' | 'insert' | 'update' | 'delete';

export type DdlChange =
  | {
      kind: 'create_table';
      table: ObjectName;
      ifNotExists: boolean;
      columns: ColumnDefinition[];
      /** Table constraints (CONSTRAINT name … / PRIMARY KEY (…) / UNIQUE (…) …) and inline UNIQUE columns. */
      constraints: TableConstraint[];
      /** CREATE TABLE … AS / PARTITION OF / OF type: the columns are not listed here. */
      columnsUnknown: boolean;
    }
  | { kind: 'alter_table'; table: ObjectName; ifExists: boolean; actions: AlterTableAction[] }
  | { kind: 'rename_table'; table: ObjectName; to: string }
  | { kind: 'set_table_schema'; table: ObjectName; to: string }
  | { kind: 'drop_table'; tables: ObjectName[]; ifExists: boolean; cascade: boolean }
  | {
      kind: 'create_index';
      /** In the table's schema; the name PostgreSQL would generate when the statement gives none. */
      index: ObjectName;
      nameGiven: boolean;
      table: ObjectName;
      unique: boolean;
      concurrently: boolean;
      ifNotExists: boolean;
      method: string;
      /** Key elements as written (column names or expressions). */
      elements: string[];
      where: string | null;
    }
  | { kind: 'drop_index'; indexes: ObjectName[]; ifExists: boolean; concurrently: boolean }
  | { kind: 'rename_index'; index: ObjectName; to: string }
  | {
      kind: 'create_policy';
      policy: string;
      table: ObjectName;
      permissive: boolean;
      command: PolicyCommandWord;
      roles: string[];
      using: string | null;
      withCheck: string | null;
    }
  | { kind: 'alter_policy'; policy: string; table: ObjectName; renameTo: string | null; roles: string[] | null; using: string | null; withCheck: string | null }
  | { kind: 'drop_policy'; policy: string; table: ObjectName; ifExists: boolean }
  | { kind: 'set_lock_timeout' }
  | { kind: 'set_search_path'; schemas: string[] }
  | { kind: 'other' };

/** Keywords that end a column's type and start its constraints. */
const COLUMN_CONSTRAINT_WORDS = new Set(['constraint', 'not', 'null', 'default', 'primary', 'unique', 'check', 'references', 'generated', 'collate', 'compression', 'storage', 'deferrable', 'initially']);
const TABLE_CONSTRAINT_WORDS = new Set(['constraint', 'primary', 'unique', 'check', 'foreign', 'exclude', 'like']);

export function recogniseStatement(sql: string, defaultSchema = 'public'): DdlChange[] {
  const tokens = tokenize(sql);
  if (tokens.length === 0) return [{ kind: 'other' }];
  return new Recogniser(sql, tokens, defaultSchema).run();
}

class Recogniser {
  private pos = 0;

  constructor(
    private readonly sql: string,
    private readonly tokens: Token[],
    private readonly defaultSchema: string,
  ) {}

  run(): DdlChange[] {
    const first = this.word();
    if (first === 'create') return [this.create()];
    if (first === 'alter') return this.alter();
    if (first === 'drop') return [this.drop()];
    if (first === 'set') return [this.set()];
    if (first === 'select' && this.tokens.some((token) => token.kind === 'string' && token.value.toLowerCase() === 'lock_timeout')) {
      // select set_config('lock_timeout', '3s', true)
      return this.tokens.some((token) => token.kind === 'word' && token.value === 'set_config') ? [{ kind: 'set_lock_timeout' }] : [{ kind: 'other' }];
    }
    return [{ kind: 'other' }];
  }

  // ---- CREATE ----

  private create(): DdlChange {
    this.pos = 1;
    if (this.accept('or', 'replace')) {
      // CREATE OR REPLACE exists for views, functions, triggers…: none of them is ours.
      return { kind: 'other' };
    }
    this.accept('global') || this.accept('local');
    if (this.peekWord() === 'temp' || this.peekWord() === 'temporary') return { kind: 'other' };
    this.accept('unlogged');
    if (this.accept('table')) return this.createTable();
    const unique = this.accept('unique');
    if (this.accept('index')) return this.createIndex(unique);
    if (this.accept('policy')) return this.createPolicy();
    return { kind: 'other' };
  }

  private createTable(): DdlChange {
    const ifNotExists = this.accept('if', 'not', 'exists');
    const table = this.qualifiedName();
    if (!table) return { kind: 'other' };
    const columns: ColumnDefinition[] = [];
    const constraints: TableConstraint[] = [];
    if (this.peekWord() === 'partition' || this.peekWord() === 'of' || this.peekValue() !== '(') {
      return { kind: 'create_table', table, ifNotExists, columns, constraints, columnsUnknown: true };
    }
    const body = this.parenthesised();
    if (!body) return { kind: 'create_table', table, ifNotExists, columns, constraints, columnsUnknown: true };
    let columnsUnknown = false;
    for (const element of splitTopLevel(body)) {
      const head = element[0];
      if (!head) continue;
      if (head.kind === 'word' && TABLE_CONSTRAINT_WORDS.has(head.value)) {
        if (head.value === 'like') {
          columnsUnknown = true;
          continue;
        }
        const named = head.value === 'constraint' && element[1] ? identifierValue(element[1]) : null;
        const typeToken = element[named === null ? 0 : 2];
        const constraintType = typeToken?.kind === 'word' ? typeToken.value : 'check';
        const open = element.findIndex((token) => token.kind === 'punct' && token.value === '(');
        const keyColumns = constraintType === 'primary' || constraintType === 'unique' || constraintType === 'foreign' ? columnList(element, open) : [];
        constraints.push({ name: named, constraintType, columns: keyColumns });
        if (constraintType === 'primary') markPrimaryKey(columns, keyColumns);
        continue;
      }
      const column = this.columnDefinition(element);
      if (column) {
        columns.push(column);
        // Inline UNIQUE / PRIMARY KEY make an index too, named when `constraint <name>` precedes them.
        element.forEach((token, index) => {
          if (index === 0 || token.kind !== 'word' || (token.value !== 'unique' && !(token.value === 'primary' && element[index + 1]?.value === 'key'))) return;
          const named = element[index - 2]?.kind === 'word' && element[index - 2]?.value === 'constraint' ? identifierValue(element[index - 1]!) : null;
          constraints.push({ name: named, constraintType: token.value, columns: [column.name] });
        });
      }
    }
    return { kind: 'create_table', table, ifNotExists, columns, constraints, columnsUnknown };
  }

  private columnDefinition(element: Token[]): ColumnDefinition | null {
    const nameToken = element[0];
    if (!nameToken || (nameToken.kind !== 'word' && nameToken.kind !== 'quoted')) return null;
    let depth = 0;
    let typeEnd = 1;
    for (; typeEnd < element.length; typeEnd++) {
      const token = element[typeEnd]!;
      if (token.value === '(' && token.kind === 'punct') depth++;
      else if (token.value === ')' && token.kind === 'punct') depth--;
      else if (depth === 0 && token.kind === 'word' && COLUMN_CONSTRAINT_WORDS.has(token.value)) break;
    }
    const typeTokens = element.slice(1, typeEnd);
    const type = typeTokens.length ? this.sql.slice(typeTokens[0]!.start, typeTokens[typeTokens.length - 1]!.end) : '';
    const rest = element.slice(typeEnd);
    const words = rest.filter((token) => token.kind === 'word').map((token) => token.value);
    let notNull = false;
    let references: ObjectName | null = null;
    let primaryKey = false;
    for (let i = 0; i < rest.length; i++) {
      const token = rest[i]!;
      if (token.kind !== 'word') continue;
      if (token.value === 'not' && rest[i + 1]?.value === 'null') notNull = true;
      if (token.value === 'primary' && rest[i + 1]?.value === 'key') {
        primaryKey = true;
        notNull = true;
      }
      if (token.value === 'references') references = nameFrom(rest, i + 1, this.defaultSchema)?.name ?? null;
    }
    // A bare SERIAL type also fills itself.
    const serial = /^(small|big)?serial[248]?$/i.test(type.trim());
    const hasDefault = serial || words.includes('default') || (words.includes('generated') && (words.includes('identity') || words.includes('stored')));
    return { name: identifierValue(nameToken), type, notNull: notNull || serial, hasDefault, primaryKey, references };
  }

  private createIndex(unique: boolean): DdlChange {
    const concurrently = this.accept('concurrently');
    const ifNotExists = this.accept('if', 'not', 'exists');
    let indexName: string | null = null;
    if (this.peekWord() !== 'on') {
      const name = this.identifier();
      if (name === null) return { kind: 'other' };
      indexName = name;
    }
    if (!this.accept('on')) return { kind: 'other' };
    this.accept('only');
    const table = this.qualifiedName();
    if (!table) return { kind: 'other' };
    let method = 'btree';
    if (this.accept('using')) method = this.identifier() ?? 'btree';
    const body = this.parenthesised();
    if (!body) return { kind: 'other' };
    const elements = splitTopLevel(body).map((element) => this.text(element));
    let where: string | null = null;
    const whereAt = this.tokens.findIndex((token, index) => index >= this.pos && token.kind === 'word' && token.value === 'where');
    if (whereAt >= 0) where = this.text(this.tokens.slice(whereAt + 1));
    // PostgreSQL's own choice for an unnamed index (ChooseIndexName): table, simple column names, `idx`.
    const columnsPart = elements.map((element) => {
      const word = element.split(/\s+/)[0] ?? '';
      if (/^"[^"]+"$/.test(word)) return word.slice(1, -1);
      return /^[A-Za-z_][A-Za-z0-9_$]*$/.test(word) ? word.toLowerCase() : 'expr';
    }).join('_');
    const generated = `${table.name}_${columnsPart}_idx`.slice(0, 63);
    return {
      kind: 'create_index',
      index: { schema: table.schema, name: indexName ?? generated },
      nameGiven: indexName !== null,
      table,
      unique,
      concurrently,
      ifNotExists,
      method: method.toLowerCase(),
      elements,
      where,
    };
  }

  private createPolicy(): DdlChange {
    const policy = this.identifier();
    if (policy === null || !this.accept('on')) return { kind: 'other' };
    const table = this.qualifiedName();
    if (!table) return { kind: 'other' };
    let permissive = true;
    let command: PolicyCommandWord = 'all';
    let roles: string[] = ['public'];
    let using: string | null = null;
    let withCheck: string | null = null;
    while (this.pos < this.tokens.length) {
      if (this.accept('as')) {
        permissive = this.word() !== 'restrictive';
      } else if (this.accept('for')) {
        const word = this.word();
        if (word === 'all' || word === 'select' || word === 'insert' || word === 'update' || word === 'delete') command = word;
      } else if (this.accept('to')) {
        roles = this.roleList();
      } else if (this.accept('using')) {
        using = this.expression();
      } else if (this.accept('with', 'check')) {
        withCheck = this.expression();
      } else this.pos++;
    }
    return { kind: 'create_policy', policy, table, permissive, command, roles, using, withCheck };
  }

  // ---- ALTER ----

  private alter(): DdlChange[] {
    this.pos = 1;
    if (this.accept('table')) return [this.alterTable()];
    if (this.accept('index')) {
      this.accept('if', 'exists');
      const index = this.qualifiedName();
      if (index && this.accept('rename', 'to')) {
        const to = this.identifier();
        if (to !== null) return [{ kind: 'rename_index', index, to }];
      }
      return [{ kind: 'other' }];
    }
    if (this.accept('policy')) {
      const policy = this.identifier();
      if (policy === null || !this.accept('on')) return [{ kind: 'other' }];
      const table = this.qualifiedName();
      if (!table) return [{ kind: 'other' }];
      if (this.accept('rename', 'to')) return [{ kind: 'alter_policy', policy, table, renameTo: this.identifier(), roles: null, using: null, withCheck: null }];
      let roles: string[] | null = null;
      let using: string | null = null;
      let withCheck: string | null = null;
      while (this.pos < this.tokens.length) {
        if (this.accept('to')) roles = this.roleList();
        else if (this.accept('using')) using = this.expression();
        else if (this.accept('with', 'check')) withCheck = this.expression();
        else this.pos++;
      }
      return [{ kind: 'alter_policy', policy, table, renameTo: null, roles, using, withCheck }];
    }
    return [{ kind: 'other' }];
  }

  private alterTable(): DdlChange {
    const ifExists = this.accept('if', 'exists');
    this.accept('only');
    const table = this.qualifiedName();
    if (!table) return { kind: 'other' };
    if (this.peekValue() === '*') this.pos++;
    if (this.accept('rename')) {
      if (this.accept('to')) {
        const to = this.identifier();
        return to === null ? { kind: 'other' } : { kind: 'rename_table', table, to };
      }
      if (this.accept('constraint')) {
        const constraint = this.identifier();
        this.accept('to');
        const to = this.identifier();
        return constraint === null || to === null ? { kind: 'other' } : { kind: 'alter_table', table, ifExists, actions: [{ kind: 'rename_constraint', constraint, to }] };
      }
      this.accept('column');
      const column = this.identifier();
      this.accept('to');
      const to = this.identifier();
      return column === null || to === null ? { kind: 'other' } : { kind: 'alter_table', table, ifExists, actions: [{ kind: 'rename_column', column, to }] };
    }
    if (this.accept('set', 'schema')) {
      const to = this.identifier();
      return to === null ? { kind: 'other' } : { kind: 'set_table_schema', table, to };
    }
    const actions = splitTopLevel(this.tokens.slice(this.pos)).map((action) => this.alterAction(action));
    return { kind: 'alter_table', table, ifExists, actions };
  }

  private alterAction(tokens: Token[]): AlterTableAction {
    const words = (count: number) => tokens.slice(0, count).map((token) => (token.kind === 'word' ? token.value : ''));
    const text = this.text(tokens);
    const [w0, w1, w2, w3] = words(4);
    if (w0 === 'add') {
      let index = 1;
      const second = tokens[1];
      if (second?.kind === 'word' && TABLE_CONSTRAINT_WORDS.has(second.value) && second.value !== 'like') {
        let name: string | null = null;
        if (second.value === 'constraint' && tokens[2]) {
          name = identifierValue(tokens[2]);
          index = 3;
        }
        const type = tokens[index]?.kind === 'word' ? tokens[index]!.value : 'check';
        const open = tokens.findIndex((token, at) => at > index && token.value === '(' && token.kind === 'punct');
        const columns = type === 'primary' || type === 'unique' || type === 'foreign' ? columnList(tokens, open) : [];
        return { kind: 'add_constraint', name, constraintType: type, notValid: /\bnot\s+valid\b/i.test(text), columns };
      }
      if (w1 === 'column') index = 2;
      let ifNotExists = false;
      if (tokens[index]?.value === 'if' && tokens[index + 1]?.value === 'not' && tokens[index + 2]?.value === 'exists') {
        ifNotExists = true;
        index += 3;
      }
      const column = this.columnDefinition(tokens.slice(index));
      return column ? { kind: 'add_column', column, ifNotExists } : { kind: 'other', text };
    }
    if (w0 === 'drop') {
      if (w1 === 'constraint') {
        let index = 2;
        if (tokens[2]?.value === 'if' && tokens[3]?.value === 'exists') index = 4;
        const name = tokens[index];
        return name ? { kind: 'drop_constraint', name: identifierValue(name) } : { kind: 'other', text };
      }
      let index = w1 === 'column' ? 2 : 1;
      let ifExists = false;
      if (tokens[index]?.value === 'if' && tokens[index + 1]?.value === 'exists') {
        ifExists = true;
        index += 2;
      }
      const name = tokens[index];
      if (!name || (name.kind !== 'word' && name.kind !== 'quoted')) return { kind: 'other', text };
      return { kind: 'drop_column', column: identifierValue(name), ifExists };
    }
    if (w0 === 'alter') {
      const index = w1 === 'column' ? 2 : 1;
      const name = tokens[index];
      if (!name || (name.kind !== 'word' && name.kind !== 'quoted')) return { kind: 'other', text };
      const column = identifierValue(name);
      const rest = tokens.slice(index + 1);
      const restWords = rest.map((token) => (token.kind === 'word' ? token.value : token.value));
      const at = (...expected: string[]) => expected.every((word, offset) => restWords[offset] === word);
      if (at('type') || at('set', 'data', 'type')) {
        const start = at('type') ? 1 : 3;
        const usingAt = rest.findIndex((token, position) => position >= start && token.kind === 'word' && (token.value === 'using' || token.value === 'collate'));
        const typeTokens = rest.slice(start, usingAt < 0 ? undefined : usingAt);
        return { kind: 'alter_column_type', column, type: this.text(typeTokens) };
      }
      if (at('set', 'default')) return { kind: 'set_default', column };
      if (at('drop', 'default')) return { kind: 'drop_default', column };
      if (at('set', 'not', 'null')) return { kind: 'set_not_null', column };
      if (at('drop', 'not', 'null')) return { kind: 'drop_not_null', column };
      return { kind: 'alter_column_other', column };
    }
    if ((w0 === 'enable' || w0 === 'disable' || w0 === 'force') && w1 === 'row' && w2 === 'level' && w3 === 'security') {
      return { kind: w0 === 'enable' ? 'enable_rls' : w0 === 'disable' ? 'disable_rls' : 'force_rls' };
    }
    if (w0 === 'no' && w1 === 'force' && w2 === 'row') return { kind: 'no_force_rls' };
    return { kind: 'other', text };
  }

  // ---- DROP ----

  private drop(): DdlChange {
    this.pos = 1;
    if (this.accept('table')) {
      const ifExists = this.accept('if', 'exists');
      const tables = this.nameList();
      return tables.length ? { kind: 'drop_table', tables, ifExists, cascade: this.tokens.some((token) => token.kind === 'word' && token.value === 'cascade') } : { kind: 'other' };
    }
    if (this.accept('index')) {
      const concurrently = this.accept('concurrently');
      const ifExists = this.accept('if', 'exists');
      const indexes = this.nameList();
      return indexes.length ? { kind: 'drop_index', indexes, ifExists, concurrently } : { kind: 'other' };
    }
    if (this.accept('policy')) {
      const ifExists = this.accept('if', 'exists');
      const policy = this.identifier();
      if (policy === null || !this.accept('on')) return { kind: 'other' };
      const table = this.qualifiedName();
      return table ? { kind: 'drop_policy', policy, table, ifExists } : { kind: 'other' };
    }
    return { kind: 'other' };
  }

  // ---- SET ----

  private set(): DdlChange {
    this.pos = 1;
    this.accept('session') || this.accept('local');
    const name = this.word();
    if (name === 'lock_timeout') return { kind: 'set_lock_timeout' };
    if (name === 'search_path') {
      if (this.peekValue() === '=' || this.peekWord() === 'to') this.pos++;
      const schemas: string[] = [];
      for (const token of this.tokens.slice(this.pos)) {
        if (token.kind === 'word' && token.value !== 'default') schemas.push(token.value);
        else if (token.kind === 'quoted' || token.kind === 'string') schemas.push(token.value);
      }
      return { kind: 'set_search_path', schemas };
    }
    return { kind: 'other' };
  }

  // ---- helpers ----

  private word(): string | null {
    const token = this.tokens[this.pos];
    if (!token || token.kind !== 'word') return null;
    this.pos++;
    return token.value;
  }

  private peekWord(): string | null {
    const token = this.tokens[this.pos];
    return token?.kind === 'word' ? token.value : null;
  }

  private peekValue(): string | null {
    return this.tokens[this.pos]?.value ?? null;
  }

  /** Consumes the words if they all come next (keywords: unquoted words only). */
  private accept(...words: string[]): boolean {
    for (let i = 0; i < words.length; i++) {
      const token = this.tokens[this.pos + i];
      if (!token || token.kind !== 'word' || token.value !== words[i]) return false;
    }
    this.pos += words.length;
    return true;
  }

  private identifier(): string | null {
    const token = this.tokens[this.pos];
    if (!token || (token.kind !== 'word' && token.kind !== 'quoted')) return null;
    this.pos++;
    return token.value;
  }

  private qualifiedName(): ObjectName | null {
    const result = nameFrom(this.tokens, this.pos, this.defaultSchema);
    if (!result) return null;
    this.pos = result.next;
    return result.name;
  }

  private nameList(): ObjectName[] {
    const names: ObjectName[] = [];
    for (;;) {
      const name = this.qualifiedName();
      if (!name) break;
      names.push(name);
      if (this.peekValue() !== ',') break;
      this.pos++;
    }
    return names;
  }

  private roleList(): string[] {
    const roles: string[] = [];
    for (;;) {
      const token = this.tokens[this.pos];
      if (!token || (token.kind !== 'word' && token.kind !== 'quoted')) break;
      if (token.kind === 'word' && (token.value === 'using' || token.value === 'with')) break;
      roles.push(token.value);
      this.pos++;
      if (this.peekValue() !== ',') break;
      this.pos++;
    }
    return roles;
  }

  /** The tokens inside the parentheses that open at the cursor; moves past the closing one. */
  private parenthesised(): Token[] | null {
    if (this.peekValue() !== '(') return null;
    const close = matchingParen(this.tokens, this.pos);
    const inner = this.tokens.slice(this.pos + 1, close);
    this.pos = close + 1;
    return inner;
  }

  /** A parenthesised expression as written, without the outer parentheses. */
  private expression(): string | null {
    const inner = this.parenthesised();
    return inner ? this.text(inner) : null;
  }

  private text(tokens: Token[]): string {
    if (tokens.length === 0) return '';
    return this.sql.slice(tokens[0]!.start, tokens[tokens.length - 1]!.end).trim();
  }
}

function identifierValue(token: Token): string {
  return token.value;
}

function nameFrom(tokens: Token[], at: number, defaultSchema: string): { name: ObjectName; next: number } | null {
  const first = tokens[at];
  if (!first || (first.kind !== 'word' && first.kind !== 'quoted')) return null;
  const dot = tokens[at + 1];
  const second = tokens[at + 2];
  if (dot?.value === '.' && dot.kind === 'punct' && second && (second.kind === 'word' || second.kind === 'quoted')) {
    return { name: { schema: first.value, name: second.value }, next: at + 3 };
  }
  return { name: { schema: defaultSchema, name: first.value }, next: at + 1 };
}

function matchingParen(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind !== 'punct') continue;
    if (token.value === '(') depth++;
    else if (token.value === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return tokens.length;
}

/** Splits on commas outside parentheses and brackets. */
function splitTopLevel(tokens: Token[]): Token[][] {
  const parts: Token[][] = [];
  let current: Token[] = [];
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === 'punct' && (token.value === '(' || token.value === '[')) depth++;
    if (token.kind === 'punct' && (token.value === ')' || token.value === ']')) depth--;
    if (depth === 0 && token.kind === 'punct' && token.value === ',') {
      parts.push(current);
      current = [];
      continue;
    }
    current.push(token);
  }
  if (current.length) parts.push(current);
  return parts;
}

/** Column names in the parenthesised list that opens at `open`. */
function columnList(tokens: Token[], open: number): string[] {
  if (open < 0) return [];
  const close = matchingParen(tokens, open);
  return splitTopLevel(tokens.slice(open + 1, close)).flatMap((part) => {
    const head = part[0];
    return head && (head.kind === 'word' || head.kind === 'quoted') ? [head.value] : [];
  });
}

function markPrimaryKey(columns: ColumnDefinition[], names: string[]): void {
  for (const name of names) {
    const column = columns.find((candidate) => candidate.name === name);
    if (column) {
      column.primaryKey = true;
      column.notNull = true;
    }
  }
}

/** The statement text of a parsed name, quoted when PostgreSQL would need quotes. */
export function quoteIdentifier(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

export function formatObjectName(name: ObjectName): string {
  return `${quoteIdentifier(name.schema)}.${quoteIdentifier(name.name)}`;
}
