/**
 * Real, public Supabase migration folders that nobody here wrote (lib/drift/__fixtures__/real-projects,
 * each with its licence and source commit): every file is read as the CLI reads it and every
 * statement through PostgreSQL's parser, and nothing a person would call false comes out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildProvenance } from '@/lib/catalog/provenance';
import { readMigrationsFolder } from '@/lib/migrations/read-folder';
import { computeStatus } from '@/lib/migrations/status';

const root = fileURLToPath(new URL('./__fixtures__/real-projects/', import.meta.url));
const projects = fs
  .readdirSync(root)
  .filter((name) => fs.existsSync(path.join(root, name, 'migrations')))
  .sort();

describe('real Supabase projects', () => {
  it('are at least three, each with its licence and source', () => {
    expect(projects.length).toBeGreaterThanOrEqual(6);
    for (const project of projects) {
      expect(fs.existsSync(path.join(root, project, 'LICENSE')), project).toBe(true);
      expect(fs.readFileSync(path.join(root, project, 'SOURCE.md'), 'utf8'), project).toMatch(/Commit: `[0-9a-f]{40}`/);
    }
  });

  it.each(projects)('%s: every file is a migration the CLI pushes, every statement parses, nothing blocks', (project) => {
    const folder = readMigrationsFolder(path.join(root, project, 'migrations'));
    expect(folder.problem).toBeNull();
    const report = computeStatus(folder.files, []);
    expect(report.rows.length).toBeGreaterThan(0);
    expect(
      report.rows.every((row) => row.status === 'pending'),
      project,
    ).toBe(true);
    const broken = report.rows.flatMap((row) =>
      row.findings.filter((finding) => finding.severity === 'blocking').map((finding) => `${row.key}: ${finding.explanation}`),
    );
    expect(broken, project).toEqual([]);
    // Provenance reads every statement without a gap in the tables it knows of.
    const provenance = buildProvenance(
      report.rows.map((row) => ({
        version: row.version ?? '',
        fileName: row.local?.fileName ?? '',
        module: row.module,
        statements: row.local?.statements ?? [],
      })),
    );
    expect(provenance.tables.size, project).toBeGreaterThan(0);
  });
});
