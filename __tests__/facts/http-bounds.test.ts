/**
 * Bounds of the HTTP layer against hostile or broken services: a memory budget shared by every
 * body in flight, a deadline for all facts together, and Retry-After honoured only up to a cap.
 * Limits are asserted through what the code enforces (its counters), never through timing.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { fakeTime } from '../fakes/fake-time.js';
import { cleanupAll, serve, testClient } from './harness.js';

afterEach(cleanupAll);

const MIB = 1024 * 1024;

describe('memory budget across bodies in flight', () => {
  it('twelve oversized answers at once never hold more than the budget, and each names its limit', async () => {
    const server = await serve(() => ({ json: {} }), {
      faults: [{ fault: { kind: 'oversized', bytes: 8 * MIB } }],
    });
    const http = testClient({ maxBodyBytes: 1 * MIB, memoryBudgetBytes: 2 * MIB });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        http.getJson(`${server.url}/big/${String(i)}`, { kind: 'x' }),
      ),
    );
    const { memory } = http.stats();
    expect(memory.budgetBytes).toBe(2 * MIB);
    expect(memory.peakBytes).toBeGreaterThan(0);
    expect(memory.peakBytes).toBeLessThanOrEqual(2 * MIB);
    expect(memory.heldBytes).toBe(0);
    for (const [i, result] of results.entries()) {
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.url).toBe(`${server.url}/big/${String(i)}`);
        expect(result.error.message).toMatch(
          /answer larger than 1 MiB|would exceed the memory budget of 2 MiB/,
        );
      }
    }
    expect(results.some((r) => !r.ok && r.error.message.includes('answer larger than 1 MiB'))).toBe(
      true,
    );
  });

  it('answers that fit the budget together all arrive', async () => {
    const body = 'x'.repeat(100 * 1024);
    const server = await serve(() => ({ json: { body } }));
    const http = testClient({ maxBodyBytes: 1 * MIB, memoryBudgetBytes: 2 * MIB });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        http.getJson(`${server.url}/ok/${String(i)}`, { kind: 'x' }),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(http.stats().memory.peakBytes).toBeLessThanOrEqual(2 * MIB);
  });

  it('a Content-Length larger than the per-body cap is refused before the body is read', async () => {
    const server = await serve(() => ({ json: {} }), {
      faults: [{ fault: { kind: 'oversized', bytes: 512 * MIB, announce: true } }],
    });
    const http = testClient({ maxBodyBytes: 1 * MIB });
    const result = await http.getJson(`${server.url}/huge`, { kind: 'x' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid-response', attempts: 1 } });
    if (!result.ok) {
      expect(result.error.message).toBe(
        `GET ${server.url}/huge: answer larger than 1 MiB (Content-Length ${String(512 * MIB)})`,
      );
    }
    // Not one byte of the body was taken into memory.
    expect(http.stats().memory.peakBytes).toBe(0);
  });
});

describe('compressed answers', () => {
  // Small ones are inflated on the main thread, large ones in the thread pool: both paths.
  const bomb = gzipSync(Buffer.alloc(64 * MIB, 0x20)); // 64 KiB that inflate to 64 MiB
  const large = gzipSync(Buffer.from(JSON.stringify({ noise: randomBytes(MIB).toString('hex') })));

  it('a small gzip body that inflates past the cap is refused at the cap, not decoded whole', async () => {
    expect(bomb.length).toBeLessThan(64 * 1024);
    const server = await serve(() => ({ body: bomb, headers: { 'content-encoding': 'gzip' } }));
    const http = testClient({ maxBodyBytes: 1 * MIB });
    const result = await http.getJson(`${server.url}/bomb`, { kind: 'x' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid-response' } });
    if (!result.ok) expect(result.error.message).toContain('answer larger than 1 MiB');
  });

  it('a large gzip body is decoded whole when it fits, and refused at the cap when not', async () => {
    expect(large.length).toBeGreaterThan(64 * 1024);
    const server = await serve(() => ({
      body: large,
      contentType: 'application/json',
      headers: { 'content-encoding': 'gzip' },
    }));
    const fits = await testClient({ maxBodyBytes: 4 * MIB }).getJson(`${server.url}/a`, {
      kind: 'x',
    });
    expect(fits.ok ? (fits.value.body as { noise: string }).noise.length : fits.error).toBe(
      2 * MIB,
    );
    const over = await testClient({ maxBodyBytes: 1 * MIB }).getJson(`${server.url}/b`, {
      kind: 'x',
    });
    expect(over.ok ? '' : over.error.message).toContain('answer larger than 1 MiB');
  });
});

describe('the deadline of all facts together', () => {
  it('an index that never answers ends every request, queued ones included, with the deadline as the reason', async () => {
    const server = await serve(() => ({ json: {} }), {
      faults: [{ fault: { kind: 'slow', ms: 120_000 } }],
    });
    const http = testClient({ deadlineMs: 1000, concurrency: 4, timeoutMs: 60_000 });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        http.getJson(`${server.url}/simple/p${String(i)}/`, { kind: 'simple' }),
      ),
    );
    for (const result of results) {
      expect(result).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
      if (!result.ok) expect(result.error.message).toContain('the facts deadline of 1 s passed');
    }
    // Only the first four ever went out; the others were queued when the deadline passed.
    expect(http.stats().total.requests).toBe(4);
    expect(http.stats().total.retries).toBe(0);
  });

  it('a request after the deadline fails at once without a request', async () => {
    const server = await serve(() => ({ json: {} }));
    const http = testClient({ deadlineMs: 0 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const result = await http.getJson(`${server.url}/x`, { kind: 'x' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('the facts deadline of 0 s passed');
    expect(server.requests).toHaveLength(0);
  });
});

describe('Retry-After is honoured up to a cap', () => {
  it('Retry-After: 100000 fails that request at once as rate limited, naming the host', async () => {
    const server = await serve(() => ({ json: {} }), {
      faults: [{ fault: { kind: 'status', status: 429, retryAfter: '100000' } }],
    });
    const time = fakeTime();
    const http = testClient({ maxRetryWaitMs: 10 * 86_400_000 }, time);
    const result = await http.getJson(`${server.url}/x`, { kind: 'x' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'unavailable', status: 429 } });
    const host = new URL(server.url).host;
    if (!result.ok)
      expect(result.error.message).toContain(
        `rate limited by ${host}: Retry-After 100000 s is longer than 60 s`,
      );
    expect(time.sleeps).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('a GitHub rate-limit reset hours away fails the same way', async () => {
    const time = fakeTime();
    const reset = String(Math.floor(time.now() / 1000) + 7200);
    const server = await serve(() => ({ json: {} }), {
      faults: [
        {
          fault: {
            kind: 'status',
            status: 403,
            headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
          },
        },
      ],
    });
    const http = testClient({ maxRetryWaitMs: 10 * 86_400_000 }, time);
    const result = await http.getJson(`${server.url}/graphql`, { kind: 'github' });
    if (!result.ok)
      expect(result.error.message).toMatch(
        /rate limited by .*: its rate limit resets in 7200 s, which is longer than 60 s/,
      );
    expect(result.ok).toBe(false);
    expect(time.sleeps).toEqual([]);
  });

  it('a short Retry-After is waited out and the request succeeds', async () => {
    const server = await serve(
      { '/x': { json: { fine: true } } },
      { faults: [{ fault: { kind: 'status', status: 503, retryAfter: '30' }, times: 1 }] },
    );
    const time = fakeTime();
    const http = testClient({}, time);
    const result = await http.getJson(`${server.url}/x`, { kind: 'x' });
    expect(result).toMatchObject({ ok: true, value: { body: { fine: true } } });
    expect(time.sleeps).toEqual([30_000]);
  });
});
