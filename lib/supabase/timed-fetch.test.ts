import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchWithDeadline } from './timed-fetch';

describe('fetchWithDeadline', () => {
  // A server that accepts the request and never answers: what a hung API looks like.
  const server = http.createServer(() => {});
  let url = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rest/v1/rpc/catalog`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('gives up on an API that never answers once the deadline passes', async () => {
    const started = performance.now();
    await expect(fetchWithDeadline(300)(url)).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("keeps the caller's own abort signal working", async () => {
    const caller = new AbortController();
    const pending = fetchWithDeadline(60_000)(url, { signal: caller.signal });
    caller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
