/**
 * Reads the source of every `'use server'` module and every route handler under `app/` with the
 * TypeScript compiler and lists what each one exports: actions declared through `defineAction`
 * (with their name and roles) and anything else. Used by the role-matrix tests only; never
 * imported by the app.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export type DeclaredAction = { file: string; exportName: string; name: string; roles: string[] };
export type UndeclaredExport = { file: string; exportName: string; line: number; why: string };

/**
 * The only server functions that are not declared through `defineAction`, and why:
 * - `signIn` is public by nature: nobody holds a session before signing in.
 * - `signOut` serves any signed-in person, whatever their roles (and anyone without a session,
 *   for whom it is a no-op); it holds no data to protect.
 */
export const UNGATED_ACTIONS: ReadonlyArray<{ file: string; exportName: string; access: 'public' | 'any session' }> = [
  { file: 'app/login/actions.ts', exportName: 'signIn', access: 'public' },
  { file: 'app/actions.ts', exportName: 'signOut', access: 'any session' },
];

export type Inventory = { declared: DeclaredAction[]; undeclared: UndeclaredExport[]; serverFiles: string[] };

function sourceFiles(dir: string, root: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(full, root, out);
    else if (/\.(ts|tsx|js|jsx|mts|mjs)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push(path.relative(root, full).split(path.sep).join('/'));
  }
  return out;
}

function hasUseServer(statements: readonly ts.Statement[]): boolean {
  for (const statement of statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) return false;
    if (statement.expression.text === 'use server') return true;
  }
  return false;
}

function isExported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function literalStrings(node: ts.Expression | undefined): string[] | null {
  if (!node) return null;
  while (ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isParenthesizedExpression(node)) node = node.expression;
  if (!ts.isArrayLiteralExpression(node)) return null;
  const values = node.elements.map((element) => (ts.isStringLiteral(element) ? element.text : null));
  return values.every((value): value is string => value !== null) ? values : null;
}

/** `defineAction({ name: '…', roles: [...] , … })` → its name and roles; anything else → null. */
function defineActionCall(node: ts.Expression | undefined): { name: string; roles: string[] } | string {
  if (!node || !ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'defineAction')
    return 'not a defineAction(...) call';
  const definition = node.arguments[0];
  if (!definition || !ts.isObjectLiteralExpression(definition)) return 'defineAction without an object literal';
  const property = (key: string) =>
    definition.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === key)?.initializer;
  const name = property('name');
  const roles = literalStrings(property('roles'));
  if (!name || !ts.isStringLiteral(name)) return 'defineAction without a literal name';
  if (!roles || roles.length === 0) return 'defineAction without a literal, non-empty list of roles';
  return { name: name.text, roles };
}

/** A `route.ts` (or .js…) under `app/`: an HTTP endpoint of its own, outside the server-action protocol. */
const ROUTE_HANDLER_FILE = /(^|\/)route\.(ts|tsx|js|jsx|mts|mjs)$/;
const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The console has no route handlers: everything goes through pages (requireRole) and server
 * actions (defineAction). A route handler would be a way in that neither gate sees, so each of its
 * methods is reported until it gets a role wrapper and a place in the role matrix.
 */
function routeHandlerExports(file: string, text: string): UndeclaredExport[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: UndeclaredExport[] = [];
  const report = (exportName: string, node: ts.Node) =>
    found.push({
      file,
      exportName,
      line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
      why: 'route handler: no role wrapper covers it; gate it and add it to the role matrix before it ships',
    });
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && isExported(statement) && statement.name && HTTP_METHODS.has(statement.name.text))
      report(statement.name.text, statement);
    if (ts.isVariableStatement(statement) && isExported(statement)) {
      for (const declaration of statement.declarationList.declarations)
        if (HTTP_METHODS.has(declaration.name.getText())) report(declaration.name.getText(), declaration);
    }
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) if (HTTP_METHODS.has(element.name.text)) report(element.name.text, statement);
    }
  }
  return found;
}

/** Scans `app/` (and any other folder given) under `root`. */
export function actionInventory(root: string, folders: string[] = ['app']): Inventory {
  const declared: DeclaredAction[] = [];
  const undeclared: UndeclaredExport[] = [];
  const serverFiles: string[] = [];
  for (const folder of folders) {
    for (const file of sourceFiles(path.join(root, folder), root)) {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      if (ROUTE_HANDLER_FILE.test(file)) {
        undeclared.push(...routeHandlerExports(file, text));
        continue;
      }
      if (!text.includes('use server')) continue;
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
      const line = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart()).line + 1;

      // Inline server functions (`'use server'` inside a function body) bypass the wrapper entirely.
      const visit = (node: ts.Node) => {
        if (
          (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node)) &&
          node.body &&
          ts.isBlock(node.body) &&
          hasUseServer(node.body.statements)
        ) {
          const name = (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name ? node.name.getText() : '(inline)';
          undeclared.push({ file, exportName: name, line: line(node), why: "inline 'use server' function" });
        }
        ts.forEachChild(node, visit);
      };
      visit(source);

      if (!hasUseServer(source.statements)) continue;
      serverFiles.push(file);
      for (const statement of source.statements) {
        if (ts.isVariableStatement(statement) && isExported(statement)) {
          for (const declaration of statement.declarationList.declarations) {
            const exportName = declaration.name.getText();
            const call = defineActionCall(declaration.initializer);
            if (typeof call === 'string') undeclared.push({ file, exportName, line: line(declaration), why: call });
            else declared.push({ file, exportName, ...call });
          }
        } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && isExported(statement)) {
          undeclared.push({ file, exportName: statement.name?.text ?? 'default', line: line(statement), why: 'exported function, not defineAction(...)' });
        } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
          const names =
            statement.exportClause && ts.isNamedExports(statement.exportClause)
              ? statement.exportClause.elements.filter((e) => !e.isTypeOnly).map((e) => e.name.text)
              : ['*'];
          for (const exportName of names)
            undeclared.push({ file, exportName, line: line(statement), why: 're-export; declare actions where they are defined' });
        } else if (ts.isExportAssignment(statement)) {
          undeclared.push({ file, exportName: 'default', line: line(statement), why: 'default export, not defineAction(...)' });
        }
      }
    }
  }
  return { declared, undeclared, serverFiles };
}

/** Exports that are neither `defineAction` declarations nor on the documented allow-list. */
export function ungatedExports(inventory: Inventory): UndeclaredExport[] {
  return inventory.undeclared.filter((entry) => !UNGATED_ACTIONS.some((allowed) => allowed.file === entry.file && allowed.exportName === entry.exportName));
}
