/**
 * Small readers for libpg-query's parse tree: each node is `{ TypeName: body }`. Kept in one place
 * so that the readers of statements (transaction safety, risks, lock impact) stay declarative.
 */
import type { RangeVar } from '@libpg-query/parser';

export type NodeBody = Record<string, unknown>;

/** The node's type name (`IndexStmt`) and body, or null for anything that is not a node. */
export function nodeOf(node: unknown): [string, NodeBody] | null {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return null;
  // The one key, without allocating a key array: this runs for every node the readers look at.
  let type: string | null = null;
  for (const key in node) {
    if (type !== null) return null;
    type = key;
  }
  if (type === null) return null;
  const body = (node as Record<string, unknown>)[type];
  return body && typeof body === 'object' ? [type, body as NodeBody] : [type, EMPTY];
}

const EMPTY: NodeBody = Object.freeze({});

export function bodyOf(node: unknown, type: string): NodeBody | null {
  if (!node || typeof node !== 'object') return null;
  const body = (node as Record<string, unknown>)[type];
  return body && typeof body === 'object' ? (body as NodeBody) : null;
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

/**
 * The names a DROP (or similar) statement lists, each as its parts: `drop table a, s.b` →
 * [['a'], ['s', 'b']]. Each object is a List of String nodes, or a single String.
 */
export function objectNameParts(objects: unknown): string[][] {
  return list(objects).map((object) => nameParts(bodyOf(object, 'List')?.items ?? [object]));
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

/**
 * Visits every node of a tree, depth first, until `visit` returns true (for questions like "does
 * this expression call clock_timestamp()?"). True when some visit did.
 */
export function someNode(tree: unknown, visit: (type: string, body: NodeBody) => boolean): boolean {
  if (!tree || typeof tree !== 'object') return false;
  if (Array.isArray(tree)) return tree.some((item) => someNode(item, visit));
  const found = nodeOf(tree);
  // Plain structs inside nodes (a RangeVar, a TypeName) have several keys: look inside them too.
  const children = found ? found[1] : (tree as NodeBody);
  if (found && visit(found[0], found[1])) return true;
  for (const key in children) {
    const value = children[key];
    if (value && typeof value === 'object' && someNode(value, visit)) return true;
  }
  return false;
}
