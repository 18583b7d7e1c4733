/**
 * Modules that hold secrets (the service-role key, the database URL) must be `server-only`, so a
 * client component that imports one, even indirectly, fails the build instead of shipping it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { SECRET_MODULES, SECRET_VARIABLES as SECRET_VARIABLE_LIST } from './secret-modules';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Command-line tools, the dev stack, benchmarks and tests run in Node only and are never bundled. */
const NOT_BUNDLED = new Set(['cli', 'devstack', 'bench', 'e2e', 'node_modules', 'supabase', 'test-results', 'playwright-report']);
const SECRET_VARIABLES = new Set(SECRET_VARIABLE_LIST);

function appSources(dir = root, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || (dir === root && NOT_BUNDLED.has(entry.name))) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) appSources(full, out);
    else if (/\.(ts|tsx|mts)$/.test(entry.name) && !/\.(test|int\.test)\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function resolveSpecifier(file: string, specifier: string): string | null {
  const target = specifier.startsWith('@/')
    ? path.join(root, specifier.slice(2))
    : specifier.startsWith('.')
      ? path.resolve(path.dirname(file), specifier)
      : null;
  return target
    ? path
        .relative(root, target)
        .split(path.sep)
        .join('/')
        .replace(/\.(ts|tsx)$/, '')
    : null;
}

/** Why a file holds secrets, or null. */
export function holdsSecrets(file: string, text: string): string | null {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  let reason: string | null = null;
  const visit = (node: ts.Node) => {
    if (reason) return;
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const target = resolveSpecifier(file, node.moduleSpecifier.text);
      if (target && SECRET_MODULES.includes(target)) reason = `imports ${target}`;
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      const target = resolveSpecifier(file, node.arguments[0].text);
      if (target && SECRET_MODULES.includes(target)) reason = `imports ${target}`;
    }
    const env =
      (ts.isPropertyAccessExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.getText() === 'process.env' &&
        node.name.text) ||
      (ts.isElementAccessExpression(node) &&
        node.expression.getText() === 'process.env' &&
        ts.isStringLiteral(node.argumentExpression) &&
        node.argumentExpression.text);
    if (env && SECRET_VARIABLES.has(env)) reason = `reads process.env.${env}`;
    ts.forEachChild(node, visit);
  };
  visit(source);
  return reason;
}

/** True when the first statement after any directives is `import 'server-only'`. */
export function startsServerOnly(file: string, text: string): boolean {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const first = source.statements.find((statement) => !(ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression)));
  return (
    !!first && ts.isImportDeclaration(first) && !first.importClause && ts.isStringLiteral(first.moduleSpecifier) && first.moduleSpecifier.text === 'server-only'
  );
}

describe('modules that hold secrets are server-only', () => {
  const holders = appSources().flatMap((file) => {
    const text = fs.readFileSync(file, 'utf8');
    const reason = holdsSecrets(file, text);
    return reason ? [{ file: path.relative(root, file).split(path.sep).join('/'), reason, serverOnly: startsServerOnly(file, text) }] : [];
  });

  it('finds the secret holders (the scan works)', () => {
    expect(holders.map((holder) => holder.file)).toEqual(expect.arrayContaining(['lib/env/server.ts', 'lib/supabase/admin.ts']));
  });

  it("each starts with import 'server-only'", () => {
    expect(holders.filter((holder) => !holder.serverOnly)).toEqual([]);
  });
});

describe("the 'server-only' marker", () => {
  it('throws when loaded outside the react-server condition, as a client bundle would load it', async () => {
    await expect(import('server-only')).rejects.toThrow('cannot be imported from a Client Component module');
  });
});

describe('the secret scan', () => {
  const file = path.join(root, 'lib', 'x', 'y.ts');
  it('sees imports by alias and by relative path, and reads of the secret variables', () => {
    expect(holdsSecrets(file, "import { createAdminClient } from '@/lib/supabase/admin';")).toMatch(/admin/);
    expect(holdsSecrets(path.join(root, 'lib', 'supabase', 'z.ts'), "import { createAdminClient } from './admin';")).toMatch(/admin/);
    expect(holdsSecrets(file, "const env = await import('../env/server');")).toMatch(/env\/server/);
    expect(holdsSecrets(file, 'const key = process.env.SUPABASE_SERVICE_ROLE_KEY;')).toMatch(/SERVICE_ROLE/);
    expect(holdsSecrets(file, "const url = process.env['SUPABASE_DB_URL'];")).toMatch(/DB_URL/);
    expect(holdsSecrets(file, "// mentions SUPABASE_DB_URL in words only\nconst message = 'set SUPABASE_DB_URL';")).toBeNull();
  });
  it("accepts 'server-only' after directives only as the first statement", () => {
    expect(startsServerOnly(file, "/** doc */\nimport 'server-only';\nimport x from 'y';")).toBe(true);
    expect(startsServerOnly(file, "import x from 'y';\nimport 'server-only';")).toBe(false);
  });
});
