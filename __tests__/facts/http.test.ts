import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createHttpClient, SIMPLE_ACCEPT } from '../../src/facts/http/client.js';
import { type InFlightProbe } from '../fakes/server.js';
import { cleanupAll, testClient, serve } from './harness.js';

afterEach(cleanupAll);

describe('createHttpClient basics', () => {
  it('gets JSON with our User-Agent and Accept, and counts the request by kind', async () => {
    const server = await serve({
      'GET /pypi/requests/json': { json: { info: { name: 'requests' } } },
    });
    const http = testClient();
    const result = await http.getJson(`${server.url}/pypi/requests/json`, { kind: 'pypi-json' });
    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({
        status: 200,
        body: { info: { name: 'requests' } },
        source: 'network',
        url: `${server.url}/pypi/requests/json`,
      }),
    });
    const [request] = server.requests;
    expect(request?.headers['user-agent']).toMatch(
      /^pygovern\/\d+\.\d+\.\d+ \(\+https:\/\/github\.com\//,
    );
    expect(request?.headers.accept).toBe('application/json');
    expect(http.stats().byKind['pypi-json']).toMatchObject({ calls: 1, requests: 1, failures: 0 });
  });

  it('gets text with the PEP 691 Accept and returns the content type to choose a parser', async () => {
    const server = await serve({
      '/simple/requests/': (req) =>
        req.headers.accept?.startsWith('application/vnd.pypi.simple.v1+json') === true
          ? {
              body: '{"meta": {"api-version": "1.4"}}',
              contentType: 'application/vnd.pypi.simple.v1+json',
            }
          : { body: '<html></html>', contentType: 'text/html' },
    });
    const http = testClient();
    const result = await http.getText(`${server.url}/simple/requests/`, {
      kind: 'simple',
      accept: SIMPLE_ACCEPT,
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.headers['content-type']).toBe('application/vnd.pypi.simple.v1+json');
    expect(result.value.body).toContain('api-version');
    expect(server.requests[0]?.headers.accept).toBe(SIMPLE_ACCEPT);
  });

  it('answers 404 with not-found after one request', async () => {
    const server = await serve({});
    const http = testClient();
    const result = await http.getJson(`${server.url}/pypi/nope/json`, { kind: 'pypi-json' });
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({ kind: 'not-found', status: 404, attempts: 1 }),
    });
    expect(server.requests).toHaveLength(1);
    expect(http.stats().total).toMatchObject({ requests: 1, retries: 0, failures: 1 });
  });

  it.each([400, 401, 403, 422])('answers %i with invalid-response, not retried', async (status) => {
    const server = await serve({ '/x': { status, json: { message: 'Bad credentials' } } });
    const http = testClient();
    const result = await http.getJson(`${server.url}/x`, { kind: 'github' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ kind: 'invalid-response', status, attempts: 1 });
    expect(result.error.message).toContain('Bad credentials');
    expect(server.requests).toHaveLength(1);
  });

  it('decodes gzip bodies and posts JSON', async () => {
    const server = await serve({
      'GET /z': {
        body: gzipSync(JSON.stringify({ big: 'x'.repeat(1000) })),
        contentType: 'application/json',
        headers: { 'content-encoding': 'gzip' },
      },
      'POST /v1/querybatch': (req) => ({ json: { echo: JSON.parse(req.body) as unknown } }),
    });
    const http = testClient();
    const got = await http.getJson(`${server.url}/z`, { kind: 'pypi-json' });
    expect(got.ok && got.value.body).toEqual({ big: 'x'.repeat(1000) });
    expect(server.requests[0]?.headers['accept-encoding']).toContain('gzip');
    expect(http.stats().total.bytes).toBeLessThan(200);
    const posted = await http.postJson(
      `${server.url}/v1/querybatch`,
      { queries: [1] },
      { kind: 'osv-batch' },
    );
    expect(posted.ok && posted.value.body).toEqual({ echo: { queries: [1] } });
    expect(server.requests[1]?.headers['content-type']).toBe('application/json');
  });

  it('refuses a body larger than maxBodyBytes', async () => {
    const server = await serve({ '/big': { json: { big: 'x'.repeat(5000) } } });
    const http = testClient({ maxBodyBytes: 1000 });
    const result = await http.getJson(`${server.url}/big`, { kind: 'x' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid-response', attempts: 1 } });
  });

  it('reports a URL it cannot request as invalid-response without throwing', async () => {
    const http = testClient();
    for (const url of ['not a url', 'ftp://example.org/x']) {
      await expect(http.getJson(url, { kind: 'x' })).resolves.toMatchObject({
        ok: false,
        error: { kind: 'invalid-response' },
      });
    }
  });

  it('reports a refused connection as unavailable after its retries', async () => {
    const server = await serve({});
    const url = `${server.url}/gone`;
    await server.close();
    const http = testClient({ retries: 2 });
    const result = await http.getJson(url, { kind: 'x' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'unavailable', attempts: 3 } });
    expect(http.stats().total).toMatchObject({ requests: 3, retries: 2, failures: 1 });
  });
});

describe('deduplication', () => {
  it('shares one request between concurrent and later identical GETs', async () => {
    const server = await serve({ '/pypi/a/json': { json: { a: 1 }, delayMs: 30 } });
    const http = testClient();
    const url = `${server.url}/pypi/a/json`;
    const results = await Promise.all(
      Array.from({ length: 20 }, () => http.getJson(url, { kind: 'pypi-json' })),
    );
    const later = await http.getJson(url, { kind: 'pypi-json' });
    expect(server.requests).toHaveLength(1);
    expect(new Set([...results, later].map((r) => (r.ok ? r.value.body : null))).size).toBe(1);
    expect(http.stats().byKind['pypi-json']).toMatchObject({
      calls: 21,
      deduplicated: 20,
      requests: 1,
    });
  });

  it('keeps requests apart by Accept, and POSTs by body', async () => {
    const server = await serve({
      'GET /p': { json: {} },
      'POST /q': (req) => ({ json: { got: req.body } }),
    });
    const http = testClient();
    await Promise.all([
      http.getJson(`${server.url}/p`, { kind: 'a' }),
      http.getJson(`${server.url}/p`, { kind: 'a', accept: 'application/vnd.pypi.simple.v1+json' }),
      http.postJson(`${server.url}/q`, { n: 1 }, { kind: 'b' }),
      http.postJson(`${server.url}/q`, { n: 1 }, { kind: 'b' }),
      http.postJson(`${server.url}/q`, { n: 2 }, { kind: 'b' }),
    ]);
    expect(server.requests.map((r) => `${r.method} ${r.path} ${r.body}`).sort()).toEqual([
      'GET /p ',
      'GET /p ',
      'POST /q {"n":1}',
      'POST /q {"n":2}',
    ]);
  });

  it('shares a failure too: a later identical call does not retry again', async () => {
    const server = await serve({ '/down': { status: 503 } });
    const http = testClient({ retries: 2 });
    const first = await http.getJson(`${server.url}/down`, { kind: 'x' });
    const second = await http.getJson(`${server.url}/down`, { kind: 'x' });
    expect(first).toBe(second);
    expect(server.requests).toHaveLength(3);
  });
});

describe('connections', () => {
  it('never has more requests in flight than the concurrency bound, across origins', async () => {
    const probe: InFlightProbe = { current: 0, max: 0 };
    const a = await serve({}, { latencyMs: 20, probe });
    const b = await serve({}, { latencyMs: 20, probe });
    const http = testClient({ concurrency: 4 });
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        http.getJson(`${i % 2 === 0 ? a.url : b.url}/p/${i}`, { kind: 'x' }),
      ),
    );
    expect(a.requests.length + b.requests.length).toBe(40);
    expect(probe.max).toBeLessThanOrEqual(4);
    expect(probe.max).toBeGreaterThan(1);
  });

  it('reuses keep-alive connections', async () => {
    const server = await serve(() => ({ json: { ok: true } }));
    const http = testClient({ concurrency: 8 });
    for (let i = 0; i < 30; i++) await http.getJson(`${server.url}/seq/${i}`, { kind: 'x' });
    // undici may dispatch the next request before the previous socket is marked idle, so a
    // sequential client alternates between two sockets; it never opens one per request.
    expect(server.connections()).toBeLessThanOrEqual(2);
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => http.getJson(`${server.url}/par/${i}`, { kind: 'x' })),
    );
    expect(server.connections()).toBeLessThanOrEqual(8);
    expect(new Set(server.requests.map((r) => r.socket)).size).toBe(server.connections());
  });

  it('times out a slow answer, retries it, and reports timeout', async () => {
    const server = await serve(
      { '/slow': { json: {} } },
      { faults: [{ fault: { kind: 'slow', ms: 5000 } }] },
    );
    const http = testClient({ timeoutMs: 100, retries: 1 });
    const result = await http.getJson(`${server.url}/slow`, { kind: 'x' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'timeout', attempts: 2 } });
    expect(server.requests).toHaveLength(2);
  });

  it('fails calls after close() with unavailable', async () => {
    const server = await serve({ '/x': { json: {} } });
    const http = createHttpClient();
    await http.close();
    await expect(http.getJson(`${server.url}/x`, { kind: 'x' })).resolves.toMatchObject({
      ok: false,
      error: { kind: 'unavailable' },
    });
    expect(server.requests).toHaveLength(0);
  });
});
