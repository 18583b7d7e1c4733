import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { actionInventory, UNGATED_ACTIONS, ungatedExports } from './action-inventory';
import { ROLES } from './roles';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('every server action is declared through defineAction', () => {
  const inventory = actionInventory(root);

  it('finds no exported server function outside defineAction except the documented allow-list', () => {
    expect(ungatedExports(inventory)).toEqual([]);
  });

  it('the allow-list names only functions that still exist', () => {
    for (const allowed of UNGATED_ACTIONS) {
      expect(
        inventory.undeclared.some((entry) => entry.file === allowed.file && entry.exportName === allowed.exportName),
        `${allowed.file} ${allowed.exportName}`,
      ).toBe(true);
    }
  });

  it('each action has a unique name and names only known roles', () => {
    expect(inventory.declared.length).toBeGreaterThan(0);
    const names = inventory.declared.map((action) => action.name);
    expect(new Set(names).size).toBe(names.length);
    for (const action of inventory.declared) for (const role of action.roles) expect(ROLES as readonly string[]).toContain(role);
  });
});

describe('the scanner', () => {
  function scan(files: Record<string, string>) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inventory-'));
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    try {
      return actionInventory(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it('reads names and roles of declared actions', () => {
    const inventory = scan({
      'app/x/actions.ts':
        "'use server';\nexport const a = defineAction({ name: 'x.a', roles: ['admin', 'operator'] as const, input: z.object({}), run });\nexport type T = string;\n",
    });
    expect(inventory.declared).toEqual([{ file: 'app/x/actions.ts', exportName: 'a', name: 'x.a', roles: ['admin', 'operator'] }]);
    expect(inventory.undeclared).toEqual([]);
  });

  it('flags plain exported functions, non-defineAction constants, re-exports and inline server functions', () => {
    const inventory = scan({
      'app/x/actions.ts':
        "'use server';\nexport async function raw() {}\nexport const wrapped = otherWrapper(raw);\nexport { helper } from './helper';\nexport default async function () {}\n",
      'app/x/page.tsx': "export default function Page() { async function save() { 'use server'; } return <form action={save} />; }\n",
      'app/x/plain.ts': 'export async function notAnAction() {}\n',
    });
    expect(
      ungatedExports(inventory)
        .map((entry) => `${entry.file}:${entry.exportName}`)
        .sort(),
    ).toEqual(['app/x/actions.ts:default', 'app/x/actions.ts:helper', 'app/x/actions.ts:raw', 'app/x/actions.ts:wrapped', 'app/x/page.tsx:save']);
  });

  it('flags every method of a route handler, however it is exported', () => {
    const inventory = scan({
      'app/api/export/route.ts':
        "export async function GET() { return Response.json({}); }\nexport const POST = async () => new Response();\nconst handler = () => new Response();\nexport { handler as DELETE };\nexport const dynamic = 'force-dynamic';\n",
    });
    expect(
      ungatedExports(inventory)
        .map((entry) => `${entry.file}:${entry.exportName}`)
        .sort(),
    ).toEqual(['app/api/export/route.ts:DELETE', 'app/api/export/route.ts:GET', 'app/api/export/route.ts:POST']);
  });

  it('flags defineAction calls whose roles cannot be read', () => {
    const inventory = scan({ 'app/x/actions.ts': "'use server';\nexport const a = defineAction({ name: 'x.a', roles: someRoles, input, run });\n" });
    expect(ungatedExports(inventory)).toHaveLength(1);
  });
});
