import 'server-only';
import { randomUUID } from 'node:crypto';
import { cache } from 'react';
import { headers } from 'next/headers';

/**
 * One id per request, sent to the database as the `x-request-id` header so audit rows written by
 * SQL functions and by the server carry the same id as the server's logs.
 */
export const getRequestId = cache(async (): Promise<string> => {
  const incoming = (await headers()).get('x-request-id');
  return incoming && /^[A-Za-z0-9-]{8,64}$/.test(incoming) ? incoming : randomUUID();
});
