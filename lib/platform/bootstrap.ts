/**
 * The platform bootstrap (supabase/platform/bootstrap.sql): what a Supabase database holds before
 * the project's first migration. One file, read from here by the dev stack (on every start), the
 * drift check's shadow and the tests, so that the shadow replays the migrations onto the same
 * platform the dev stack runs them on.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Resolved from the working directory, which is the project's root for the console, its command line and tests. */
export function platformBootstrapPath(root: string = process.cwd()): string {
  return path.join(root, 'supabase', 'platform', 'bootstrap.sql');
}

export function readPlatformBootstrap(root?: string): string {
  return fs.readFileSync(platformBootstrapPath(root), 'utf8');
}
