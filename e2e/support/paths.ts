import path from 'node:path';

/**
 * The e2e server's state folder (database, keys, stack.json, the migrations copy). E2E_STATE_DIR
 * moves it, so that two e2e runs of one checkout do not reset each other's database.
 */
export const E2E_STATE_DIR = path.resolve(process.env.E2E_STATE_DIR || path.join('.devstack', 'e2e'));

/** The console under test reads this copy of the migrations folder, so tests can add and edit files. */
export const E2E_MIGRATIONS_DIR = path.join(E2E_STATE_DIR, 'migrations');
