/** Shared set-up of the HTTP-layer tests: fake servers and clients closed after each test. */
import { createHttpClient } from '../../src/facts/http/client.js';
import type { HttpClient, HttpClientOptions } from '../../src/facts/http/types.js';
import { type FakeTime, fakeTime } from '../fakes/fake-time.js';
import { type FakeServer, startFakeServer } from '../fakes/server.js';

const cleanups: (() => Promise<void>)[] = [];

/** Register as `afterEach(cleanupAll)`. */
export async function cleanupAll(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}

export async function serve(...args: Parameters<typeof startFakeServer>): Promise<FakeServer> {
  const server = await startFakeServer(...args);
  cleanups.push(() => server.close());
  return server;
}

/** A client with a fake clock and sleep (override with `time`) and no real backoff waits. */
export function testClient(
  options: HttpClientOptions = {},
  time: FakeTime = fakeTime(),
): HttpClient {
  const http = createHttpClient({ now: time.now, sleep: time.sleep, ...options });
  cleanups.push(() => http.close());
  return http;
}
