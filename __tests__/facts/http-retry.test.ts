import { afterEach, describe, expect, it } from '@jest/globals';
import type { HttpErrorKind } from '../../src/facts/http/types.js';
import { fakeTime } from '../fakes/fake-time.js';
import type { Fault } from '../fakes/server.js';
import { cleanupAll, serve, testClient } from './harness.js';

afterEach(cleanupAll);

const BODY = { info: { name: 'requests', version: '2.32.3' } };

describe('fault matrix: fails N times then succeeds', () => {
  it.each<[string, Fault, number, number]>([
    // name, fault, times, requests expected (times + 1 unless the fault is not retried)
    ['500', { kind: 'status', status: 500 }, 2, 3],
    ['502', { kind: 'status', status: 502 }, 3, 4],
    ['503', { kind: 'status', status: 503 }, 1, 2],
    ['504', { kind: 'status', status: 504 }, 1, 2],
    ['408', { kind: 'status', status: 408 }, 1, 2],
    ['429 with Retry-After', { kind: 'status', status: 429, retryAfter: '1' }, 2, 3],
    ['connection reset', { kind: 'reset' }, 3, 4],
    ['truncated body', { kind: 'truncate' }, 2, 3],
    ['malformed JSON (retried once)', { kind: 'malformed-json' }, 1, 2],
    ['timeout', { kind: 'slow', ms: 3000 }, 1, 2],
  ])('%s', async (_name, fault, times, requests) => {
    const server = await serve(
      { '/pypi/requests/json': { json: BODY } },
      { faults: [{ fault, times }] },
    );
    const http = testClient({ retries: 3, timeoutMs: 150 });
    const result = await http.getJson(`${server.url}/pypi/requests/json`, { kind: 'pypi-json' });
    expect(result.ok && result.value.body).toEqual(BODY);
    expect(server.requests).toHaveLength(requests);
    expect(http.stats().total).toMatchObject({ requests, retries: requests - 1, failures: 0 });
  });
});

describe('fault matrix: always fails', () => {
  it.each<[string, Fault, HttpErrorKind, number | undefined, number]>([
    // name, fault, final kind, final status, attempts (retries = 2)
    ['500', { kind: 'status', status: 500 }, 'unavailable', 500, 3],
    ['503', { kind: 'status', status: 503 }, 'unavailable', 503, 3],
    ['501 (not retried)', { kind: 'status', status: 501 }, 'invalid-response', 501, 1],
    ['429', { kind: 'status', status: 429, retryAfter: '0' }, 'unavailable', 429, 3],
    ['connection reset', { kind: 'reset' }, 'unavailable', undefined, 3],
    ['truncated body', { kind: 'truncate' }, 'invalid-response', 200, 3],
    ['malformed JSON', { kind: 'malformed-json' }, 'invalid-response', 200, 2],
    [
      'wrong content type (not retried)',
      { kind: 'wrong-content-type' },
      'invalid-response',
      200,
      1,
    ],
    ['timeout', { kind: 'slow', ms: 3000 }, 'timeout', undefined, 3],
  ])('%s', async (_name, fault, kind, status, attempts) => {
    const server = await serve({ '/x': { json: BODY } }, { faults: [{ fault }] });
    const http = testClient({ retries: 2, timeoutMs: 150 });
    const result = await http.getJson(`${server.url}/x`, { kind: 'pypi-json' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const expected = { kind, attempts, url: `${server.url}/x` };
    expect(result.error).toEqual(
      status === undefined
        ? { ...expected, message: expect.any(String) }
        : { ...expected, status, message: expect.any(String) },
    );
    expect(result.error.message).toContain(`GET ${server.url}/x`);
    expect(server.requests).toHaveLength(attempts);
    expect(http.stats().total).toMatchObject({
      requests: attempts,
      retries: attempts - 1,
      failures: 1,
    });
  });

  it('names what went wrong in the message', async () => {
    const server = await serve(
      { '/t': { json: BODY }, '/m': { json: BODY }, '/c': { json: BODY } },
      {
        faults: [
          { match: '/t', fault: { kind: 'truncate' } },
          { match: '/m', fault: { kind: 'malformed-json' } },
          { match: '/c', fault: { kind: 'wrong-content-type' } },
        ],
      },
    );
    const http = testClient({ retries: 1 });
    const messages = await Promise.all(
      ['/t', '/m', '/c'].map(async (path) => {
        const result = await http.getJson(`${server.url}${path}`, { kind: 'x' });
        return result.ok ? '' : result.error.message;
      }),
    );
    expect(messages[0]).toMatch(/body cut short/);
    expect(messages[1]).toMatch(/not valid JSON/);
    expect(messages[2]).toMatch(/expected JSON, got text\/html/);
  });

  it('getText accepts any content type', async () => {
    const server = await serve({
      '/f.whl.metadata': {
        body: 'Metadata-Version: 2.4\n',
        contentType: 'application/octet-stream',
      },
    });
    const http = testClient();
    const result = await http.getText(`${server.url}/f.whl.metadata`, { kind: 'metadata' });
    expect(result.ok && result.value.body).toBe('Metadata-Version: 2.4\n');
  });
});

describe('waiting between attempts', () => {
  it('uses exponential backoff with full jitter', async () => {
    const server = await serve(
      { '/x': { json: {} } },
      { faults: [{ fault: { kind: 'status', status: 503 } }] },
    );
    const time = fakeTime();
    const http = testClient(
      { retries: 4, baseDelayMs: 100, maxDelayMs: 500, random: () => 0.5 },
      time,
    );
    await http.getJson(`${server.url}/x`, { kind: 'x' });
    expect(time.sleeps).toEqual([50, 100, 200, 250]);
  });

  it.each<[string, Record<string, string>, number]>([
    ['Retry-After in seconds', { 'retry-after': '7' }, 7000],
    [
      'Retry-After as an HTTP date',
      { 'retry-after': new Date(Date.parse('2026-11-24T12:00:12Z')).toUTCString() },
      12_000,
    ],
    [
      'GitHub x-ratelimit-reset on a 403',
      {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Date.parse('2026-11-24T12:00:30Z') / 1000),
      },
      30_000,
    ],
  ])('honours %s', async (_name, headers, delay) => {
    const status = headers['x-ratelimit-reset'] === undefined ? 429 : 403;
    const server = await serve(
      { '/x': { json: BODY } },
      { faults: [{ fault: { kind: 'status', status, headers }, times: 1 }] },
    );
    const time = fakeTime(Date.parse('2026-11-24T12:00:00Z'));
    const http = testClient({ retries: 3 }, time);
    const result = await http.getJson(`${server.url}/x`, { kind: 'github' });
    expect(result.ok).toBe(true);
    expect(time.sleeps).toEqual([delay]);
    expect(server.requests).toHaveLength(2);
  });

  it('gives up at once when the server asks to wait beyond the retry budget', async () => {
    const server = await serve(
      { '/x': { json: {} } },
      { faults: [{ fault: { kind: 'status', status: 429, retryAfter: '120' } }] },
    );
    const time = fakeTime();
    const http = testClient(
      { retries: 5, maxRetryWaitMs: 60_000, maxServerDelayMs: 300_000 },
      time,
    );
    const result = await http.getJson(`${server.url}/x`, { kind: 'x' });
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'unavailable', status: 429, attempts: 1 },
    });
    if (!result.ok)
      expect(result.error.message).toMatch(/would exceed the retry budget of 60000 ms/);
    expect(time.sleeps).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('stops retrying when the time budget of the request is spent', async () => {
    const server = await serve(
      { '/x': { json: {} } },
      { faults: [{ fault: { kind: 'status', status: 500 } }] },
    );
    const time = fakeTime();
    const http = testClient(
      {
        retries: 10,
        baseDelayMs: 1000,
        maxDelayMs: 1000,
        maxRetryWaitMs: 3500,
        random: () => 0.999,
      },
      time,
    );
    const result = await http.getJson(`${server.url}/x`, { kind: 'x' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'unavailable', attempts: 4 } });
    expect(time.sleeps).toEqual([999, 999, 999]);
    expect(server.requests).toHaveLength(4);
  });

  it('does not count time queued behind the concurrency bound against the budget', async () => {
    const time = fakeTime();
    const server = await serve(
      {
        '/a': () => {
          time.advance(70_000); // /a takes 70 s while /b waits for the only slot
          return { json: {} };
        },
        '/b': { json: { b: true } },
      },
      { faults: [{ match: '/b', fault: { kind: 'status', status: 503 }, times: 1 }] },
    );
    const http = testClient({ concurrency: 1, maxRetryWaitMs: 60_000, baseDelayMs: 100 }, time);
    const [, b] = await Promise.all([
      http.getJson(`${server.url}/a`, { kind: 'x' }),
      http.getJson(`${server.url}/b`, { kind: 'x' }),
    ]);
    expect(b.ok && b.value.body).toEqual({ b: true });
    expect(server.requests.map((r) => r.path)).toEqual(['/a', '/b', '/b']);
  });

  it('does not retry a 403 that is not a rate limit', async () => {
    const server = await serve({
      '/x': { status: 403, json: { message: 'Resource not accessible by integration' } },
    });
    const time = fakeTime();
    const http = testClient({}, time);
    const result = await http.getJson(`${server.url}/x`, { kind: 'github' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid-response', status: 403 } });
    expect(time.sleeps).toEqual([]);
  });
});

describe('a batch under 20 % failures', () => {
  it('finishes 300 requests, each ok or a named error, with bounded retries', async () => {
    const faults: Fault[] = [
      { kind: 'status', status: 500 },
      { kind: 'status', status: 503 },
      { kind: 'reset' },
      { kind: 'status', status: 429, retryAfter: '2' },
    ];
    const server = await serve((req) => ({ json: { path: req.path } }), {
      faults: [{ fault: faults, ratio: 0.2 }],
      seed: 42,
    });
    const time = fakeTime();
    const http = testClient({ retries: 3, concurrency: 16 }, time);
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        http.getJson(`${server.url}/pypi/p${i}/json`, { kind: 'pypi-json' }),
      ),
    );
    const ok = results.filter((r) => r.ok).length;
    const errors = results.flatMap((r) => (r.ok ? [] : [r.error]));
    expect(ok + errors.length).toBe(300);
    for (const error of errors) {
      expect(['unavailable', 'timeout', 'invalid-response']).toContain(error.kind);
      expect(error.attempts).toBe(4);
    }
    for (const [i, r] of results.entries())
      if (r.ok) expect(r.value.body).toEqual({ path: `/pypi/p${i}/json` });
    const stats = http.stats().total;
    expect(stats.requests).toBe(server.requests.length);
    expect(stats.requests).toBe(300 + stats.retries);
    expect(stats.retries).toBeGreaterThan(30);
    expect(stats.retries).toBeLessThanOrEqual(300 * 3);
    expect(stats.failures).toBe(errors.length);
    expect(time.sleeps).toHaveLength(stats.retries);
    expect(ok).toBeGreaterThanOrEqual(295);
  });
});
