import { afterEach, describe, expect, it } from '@jest/globals';
import { Agent } from 'undici';
import { type FaultRule, pickFault, seededRandom } from './faults.js';
import { type FakeServer, startFakeServer } from './server.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

async function fake(...args: Parameters<typeof startFakeServer>): Promise<FakeServer> {
  const server = await startFakeServer(...args);
  open.push(server);
  return server;
}

function agent(): Agent {
  const a = new Agent();
  open.push(a);
  return a;
}

/** A raw exchange with undici, without the client under test. */
async function raw(
  server: FakeServer,
  path: string,
  init: { method?: 'GET' | 'POST'; body?: string; headers?: Record<string, string> } = {},
) {
  const response = await agent().request({
    origin: server.url,
    path,
    method: init.method ?? 'GET',
    body: init.body ?? null,
    headers: init.headers ?? {},
  });
  return {
    status: response.statusCode,
    headers: response.headers,
    text: await response.body.text(),
  };
}

describe('startFakeServer', () => {
  it('routes by method and path, answers 404 otherwise, and logs every request', async () => {
    const server = await fake({
      'POST /v1/query': (req) => ({ json: { got: JSON.parse(req.body) as unknown } }),
      '/any': { body: 'hello', contentType: 'text/html' },
    });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await raw(server, '/v1/query', { method: 'POST', body: '{"a":1}' })).toMatchObject({
      status: 200,
      text: '{"got":{"a":1}}',
    });
    expect(await raw(server, '/any')).toMatchObject({
      status: 200,
      text: 'hello',
      headers: { 'content-type': 'text/html' },
    });
    expect(await raw(server, '/v1/query')).toMatchObject({ status: 404 });
    expect(server.requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ['POST', '/v1/query', '{"a":1}'],
      ['GET', '/any', ''],
      ['GET', '/v1/query', ''],
    ]);
    expect(server.requests[0]?.socket).toBeGreaterThan(0);
  });

  it('answers 304 to a matching If-None-Match when the reply has an etag', async () => {
    const server = await fake({ '/x': { json: { a: 1 }, etag: '"abc"' } });
    expect(await raw(server, '/x')).toMatchObject({ status: 200, headers: { etag: '"abc"' } });
    expect(await raw(server, '/x', { headers: { 'if-none-match': '"abc"' } })).toMatchObject({
      status: 304,
      text: '',
    });
  });

  it('injects each fault kind', async () => {
    const server = await fake({ '/x': { json: { a: 1 } } });
    const cases: [FaultRule['fault'], (r: Awaited<ReturnType<typeof raw>>) => void][] = [
      [
        { kind: 'status', status: 429, retryAfter: '3' },
        (r) => {
          expect(r).toMatchObject({ status: 429, headers: { 'retry-after': '3' } });
        },
      ],
      [
        { kind: 'status', status: 502 },
        (r) => {
          expect(r.status).toBe(502);
        },
      ],
      [
        { kind: 'malformed-json' },
        (r) => {
          expect(() => JSON.parse(r.text) as unknown).toThrow();
        },
      ],
      [
        { kind: 'wrong-content-type' },
        (r) => {
          expect(r).toMatchObject({
            status: 200,
            headers: { 'content-type': 'text/html' },
            text: '{"a":1}',
          });
        },
      ],
    ];
    for (const [fault, check] of cases) {
      server.setFaults([{ fault }]);
      check(await raw(server, '/x'));
    }
    server.setFaults([{ fault: { kind: 'reset' } }]);
    await expect(raw(server, '/x')).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' });
    server.setFaults([{ fault: { kind: 'truncate' } }]);
    await expect(raw(server, '/x')).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' });
  });

  it('fails N times per path, then succeeds', async () => {
    const server = await fake(() => ({ json: {} }), {
      faults: [{ match: /^\/a/, fault: { kind: 'status', status: 500 }, times: 2 }],
    });
    const statuses = [];
    for (const path of ['/a1', '/a1', '/a2', '/a1', '/b', '/a2', '/a2'])
      statuses.push((await raw(server, path)).status);
    expect(statuses).toEqual([500, 500, 500, 200, 200, 500, 200]);
  });

  it('closes promptly with a slow answer pending', async () => {
    const server = await startFakeServer(
      { '/x': { json: {} } },
      { faults: [{ fault: { kind: 'slow', ms: 60_000 } }] },
    );
    const pending = raw(server, '/x').catch(() => 'closed');
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    await server.close();
    await expect(pending).resolves.toBe('closed');
  });
});

describe('deterministic faults', () => {
  const rules: FaultRule[] = [
    { fault: [{ kind: 'reset' }, { kind: 'status', status: 500 }], ratio: 0.2 },
  ];

  it('gives a request the same fate whatever the arrival order', () => {
    const paths = Array.from({ length: 200 }, (_, i) => `/p${i}`);
    const fates = (order: string[]) =>
      Object.fromEntries(order.map((p) => [p, JSON.stringify(pickFault(rules, 7, 'GET', p, 0))]));
    expect(fates([...paths].reverse())).toEqual(fates(paths));
  });

  it('hits about the asked ratio and depends on the seed', () => {
    const hits = (seed: number) =>
      Array.from({ length: 2000 }, (_, i) => pickFault(rules, seed, 'GET', `/p${i}`, 0)).filter(
        (f) => f !== null,
      ).length;
    expect(hits(1) / 2000).toBeGreaterThan(0.17);
    expect(hits(1) / 2000).toBeLessThan(0.23);
    expect(hits(1)).toBe(hits(1));
    expect(hits(2)).not.toBe(hits(1));
  });

  it('seededRandom is reproducible and within [0, 1)', () => {
    const a = seededRandom(5);
    const b = seededRandom(5);
    const values = Array.from({ length: 100 }, () => a());
    expect(values).toEqual(Array.from({ length: 100 }, () => b()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
  });
});
