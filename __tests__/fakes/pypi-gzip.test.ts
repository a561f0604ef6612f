/**
 * The fake index compresses as PyPI does: gzip for a client that accepts it, `Vary:
 * Accept-Encoding` on every answer, the plain body otherwise or when gzip would be larger.
 * pygovern's client asks for gzip, so the facts tests read compressed answers, as on PyPI.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { Agent } from 'undici';
import { gunzipSync } from 'node:zlib';
import { acceptsGzip, startFakePypi, type FakePypi } from './pypi.js';
import { createHttpClient, SIMPLE_ACCEPT } from '../../src/facts/http/client.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

async function index(): Promise<FakePypi> {
  const releases = Array.from({ length: 40 }, (_, k) => ({
    version: `1.${String(k)}`,
    uploaded: '2025-01-01T00:00:00Z',
  }));
  const pypi = await startFakePypi([{ name: 'demo', licenseExpression: 'MIT', releases }]);
  open.push(pypi);
  return pypi;
}

async function get(url: string, headers: Record<string, string>) {
  const agent = new Agent();
  open.push(agent);
  const { origin, pathname } = new URL(url);
  const response = await agent.request({ origin, path: pathname, method: 'GET', headers });
  return {
    headers: response.headers,
    bytes: Buffer.from(await response.body.arrayBuffer()),
  };
}

describe('the fake index compresses as PyPI does', () => {
  it('reads Accept-Encoding with weights', () => {
    expect(
      [
        'gzip',
        'gzip, deflate, br',
        'br;q=1, GZIP;q=0.5',
        '*',
        'gzip;q=0',
        'gzip;q=0, *',
        'br',
        '',
      ].map(acceptsGzip),
    ).toEqual([true, true, true, true, false, false, false, false]);
  });

  it('answers gzip when asked and the plain body otherwise, the same JSON', async () => {
    const pypi = await index();
    for (const [url, accept] of [
      [`${pypi.simpleUrl}/demo/`, SIMPLE_ACCEPT],
      [`${pypi.jsonUrl}/demo/json`, 'application/json'],
    ] as const) {
      const plain = await get(url, { accept });
      const gzip = await get(url, { accept, 'accept-encoding': 'gzip, deflate, br' });
      expect([plain.headers['content-encoding'], plain.headers.vary]).toEqual([
        undefined,
        'Accept-Encoding',
      ]);
      expect([gzip.headers['content-encoding'], gzip.headers.vary]).toEqual([
        'gzip',
        'Accept-Encoding',
      ]);
      expect(gzip.bytes.length).toBeLessThan(plain.bytes.length);
      expect(JSON.parse(gunzipSync(gzip.bytes).toString())).toEqual(
        JSON.parse(plain.bytes.toString()),
      );
    }
  });

  it('pygovern asks for gzip and counts the compressed bytes it received', async () => {
    const pypi = await index();
    const plain = await get(`${pypi.simpleUrl}/demo/`, { accept: SIMPLE_ACCEPT });
    const http = createHttpClient({ concurrency: 4 });
    open.push({ close: () => http.close() });
    const length = await http.getBytes(`${pypi.simpleUrl}/demo/`, {
      kind: 'simple',
      accept: SIMPLE_ACCEPT,
      compact: { id: 'length', reduce: (body) => body.length },
    });
    expect(length).toMatchObject({ ok: true, value: { body: plain.bytes.length } });
    expect(http.stats().total.bytes).toBeLessThan(plain.bytes.length / 2);
  });
});
