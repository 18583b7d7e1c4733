/**
 * Small readers for libpg-query's parse tree: each node is `{ TypeName: body }`. Kept in one place
 * so that the readers of statements (transaction safety, risks, lock impact) stay declarative.
 */
import type { Node, RangeVar } from 'libpg-query';

export type NodeBody = Record<string, unknown>;

/** The node's type name (`IndexStmt`) and body, or null for anything that is not a node. */
export function nodeOf(node: unknown): [string, NodeBody] | null {
  if (!node || typeof node !== 'object') return null;
  const keys = Object.keys(node);
  if (keys.length !== 1) return null;
  const type = keys[0] as string;
  const body = (node as Record<string, unknown>)[type];
  return body && typeof body === 'object' ? [type, body as NodeBody] : [type, {}];
}

export function isNode(node: unknown, type: string): boolean {
  return nodeOf(node)?.[0] === type;
}

export function bodyOf(node: unknown, type: string): NodeBody | null {
  const found = nodeOf(node);
  return found && found[0] === type ? found[1] : null;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `String` nodes of a qualified name (`[{String:{sval:'public'}},{String:{sval:'t'}}]`) → ['public', 't']. */
export function nameParts(value: unknown): string[] {
  return list(value).flatMap((part) => {
    const body = bodyOf(part, 'String');
    return typeof body?.sval === 'string' ? [body.sval] : [];
  });
}

export type QualifiedName = { schema: string | null; name: string };

export function rangeVarName(value: unknown): QualifiedName | null {
  const range = (value && typeof value === 'object' ? value : null) as RangeVar | null;
  if (!range?.relname) return null;
  return { schema: range.schemaname ?? null, name: range.relname };
}

/** A DefElem list (`options`, `params`) as name → node. */
export function defElems(value: unknown): Map<string, unknown> {
  const result = new Map<string, unknown>();
  for (const item of list(value)) {
    const body = bodyOf(item, 'DefElem');
    if (typeof body?.defname === 'string') result.set(body.defname, body.arg);
  }
  return result;
}

/** Every node of a tree, depth first (for questions like "does this expression call now()?"). */
export function* walk(node: unknown): Generator<[string, NodeBody]> {
  if (Array.isArray(node)) {
    for (const item of node) yield* walk(item);
    return;
  }
  const found = nodeOf(node);
  if (!found) return;
  yield found;
  for (const value of Object.values(found[1])) {
    if (value && typeof value === 'object') {
      if (Array.isArray(value)) yield* walk(value);
      else if (nodeOf(value)) yield* walk(value);
      else for (const inner of Object.values(value as NodeBody)) if (inner && typeof inner === 'object') yield* walk(inner);
    }
  }
}

export type { Node };
