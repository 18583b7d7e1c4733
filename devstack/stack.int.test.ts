/**
 * The dev stack's failure modes: each stops with a message that names the cause, and leaves
 * nothing running behind.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findFreePort } from './ports';
import { startStack } from './stack';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

describe('dev stack failures', () => {
  it('names a taken port and leaves PostgreSQL stopped', async () => {
    const apiPort = await findFreePort();
    const dbPort = await findFreePort();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(apiPort, '127.0.0.1', () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

    await expect(startStack({ stateDir: tempDir('stack-port-'), apiPort, dbPort, seed: false })).rejects.toThrow(
      `Port ${apiPort} (API gateway) is already in use`,
    );
    expect(await isFree(dbPort)).toBe(true);
  });

  it('names the file, the statement and the Postgres error of a bad migration', async () => {
    const migrations = tempDir('stack-migrations-');
    fs.writeFileSync(path.join(migrations, '20240101000000_good.sql'), 'create table public.good (id int);\n');
    fs.writeFileSync(path.join(migrations, '20240102000000_bad.sql'), 'create table public.fine (id int);\ninsert into public.missing values (1);\n');
    const dbPort = await findFreePort();
    const failure = startStack({ stateDir: tempDir('stack-bad-'), apiPort: await findFreePort(), dbPort, migrationsDir: migrations, seed: false });
    await expect(failure).rejects.toThrow(/Migration 20240102000000_bad\.sql failed at statement 2 of 2: relation "public\.missing" does not exist/);
    expect(await isFree(dbPort)).toBe(true);
  });

  it('`npm run stack` prints what it serves and stops cleanly on SIGTERM', async () => {
    const apiPort = await findFreePort();
    const dbPort = await findFreePort();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('devstack', 'cli.ts')], {
      env: { ...process.env, DEVSTACK_API_PORT: String(apiPort), DEVSTACK_DB_PORT: String(dbPort), DEVSTACK_STATE_DIR: tempDir('stack-cli-') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await expect.poll(() => output, { timeout: 30_000 }).toContain('Dev stack ready');
    expect(output).toContain(`API URL           http://127.0.0.1:${apiPort}`);
    expect(output).toMatch(/anon key {10}eyJ/);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await isFree(apiPort)).toBe(true);
    expect(await isFree(dbPort)).toBe(true);
  });

  it('reports a crashed PostgreSQL', async () => {
    const stack = await startStack({ stateDir: tempDir('stack-crash-'), apiPort: await findFreePort(), dbPort: await findFreePort(), seed: false });
    cleanups.push(() => stack.stop());
    const pid = Number(fs.readFileSync(path.join(stack.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGKILL');
    await expect(stack.crashed).resolves.toMatch(/PostgreSQL exited unexpectedly/);
  });

  it('reports a crash of a PostgreSQL restarted by an outage test, and not the planned stop before it', async () => {
    const stack = await startStack({ stateDir: tempDir('stack-restart-crash-'), apiPort: await findFreePort(), dbPort: await findFreePort(), seed: false });
    cleanups.push(() => stack.stop());
    await stack.stopPostgres();
    await stack.restartPostgres();
    const settled = await Promise.race([stack.crashed, new Promise((resolve) => setTimeout(() => resolve('still running'), 500))]);
    expect(settled).toBe('still running');
    const pid = Number(fs.readFileSync(path.join(stack.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGKILL');
    await expect(stack.crashed).resolves.toMatch(/PostgreSQL exited unexpectedly/);
  });
});
