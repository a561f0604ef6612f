import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmod,
  chown,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  CACHE_FILE,
  type CacheEntry,
  cacheKey,
  createDiskCache,
  decodeCacheFile,
  encodeCacheFile,
  freshnessOf,
  isFresh,
} from '../../src/facts/http/cache.js';
import { createHttpClient } from '../../src/facts/http/client.js';
import type { HttpClient, HttpClientOptions } from '../../src/facts/http/types.js';
import { type FakeTime, fakeTime } from '../fakes/fake-time.js';
import type { FakeReply } from '../fakes/server.js';
import { cleanupAll, serve, testClient } from './harness.js';

let cacheDir = '';
let previous: HttpClient | null = null;
beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'pygovern-cache-'));
});
afterEach(async () => {
  previous = null;
  await cleanupAll();
  await rm(cacheDir, { recursive: true, force: true });
});

/**
 * Every client of a test shares the cache directory and one fake clock: a new client is a new
 * run, and the run before it has ended (closed, so its cache file is written).
 */
async function run(time: FakeTime, options: HttpClientOptions = {}): Promise<HttpClient> {
  await previous?.close();
  previous = testClient({ cacheDir, ...options }, time);
  return previous;
}

async function cacheFiles(): Promise<string[]> {
  const entries = await readdir(cacheDir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => !e.isDirectory()).map((e) => join(e.parentPath, e.name));
}

const FILE = () => join(cacheDir, CACHE_FILE);

const PYPI = {
  json: { info: { version: '1.0' } },
  etag: '"v1"',
  headers: { 'cache-control': 'max-age=900, public' },
};

describe('disk cache through the client', () => {
  it('serves a fresh entry with no request', async () => {
    const server = await serve({ '/pypi/a/json': PYPI });
    const time = fakeTime();
    const url = `${server.url}/pypi/a/json`;
    expect(await (await run(time)).getJson(url, { kind: 'pypi-json' })).toMatchObject({
      ok: true,
      value: { source: 'network' },
    });
    time.advance(899_000);
    const second = await run(time);
    expect(await second.getJson(url, { kind: 'pypi-json' })).toMatchObject({
      ok: true,
      value: { source: 'cache', body: { info: { version: '1.0' } }, status: 200, url },
    });
    expect(server.requests).toHaveLength(1);
    expect(second.stats().total).toMatchObject({ cacheHits: 1, requests: 0 });
  });

  it('revalidates a stale entry with If-None-Match and serves it on 304', async () => {
    const server = await serve({ '/pypi/a/json': PYPI });
    const time = fakeTime();
    const url = `${server.url}/pypi/a/json`;
    await (await run(time)).getJson(url, { kind: 'pypi-json' });
    time.advance(901_000);
    const second = await run(time);
    expect(await second.getJson(url, { kind: 'pypi-json' })).toMatchObject({
      ok: true,
      value: { source: 'revalidated', body: { info: { version: '1.0' } } },
    });
    expect(server.requests.map((r) => r.headers['if-none-match'])).toEqual([undefined, '"v1"']);
    expect(second.stats().total).toMatchObject({ revalidations: 1, requests: 1 });
    // 304 refreshed the entry: fresh again for another max-age.
    time.advance(600_000);
    expect(await (await run(time)).getJson(url, { kind: 'pypi-json' })).toMatchObject({
      ok: true,
      value: { source: 'cache' },
    });
    expect(server.requests).toHaveLength(2);
  });

  it('replaces a stale entry that changed (200)', async () => {
    let reply: FakeReply = PYPI;
    const server = await serve({ '/pypi/a/json': () => reply });
    const time = fakeTime();
    const url = `${server.url}/pypi/a/json`;
    await (await run(time)).getJson(url, { kind: 'pypi-json' });
    reply = { ...PYPI, json: { info: { version: '2.0' } }, etag: '"v2"' };
    time.advance(901_000);
    expect(await (await run(time)).getJson(url, { kind: 'pypi-json' })).toMatchObject({
      ok: true,
      value: { source: 'network', body: { info: { version: '2.0' } } },
    });
    expect(await (await run(time)).getJson(url, { kind: 'pypi-json' })).toMatchObject({
      ok: true,
      value: { source: 'cache', body: { info: { version: '2.0' } } },
    });
    expect(server.requests.map((r) => r.headers['if-none-match'])).toEqual([undefined, '"v1"']);
  });

  it('revalidates through a same-origin redirect (PyPI 301 to the normalised name)', async () => {
    const server = await serve({
      '/pypi/Django/json': { status: 301, headers: { location: '/pypi/django/json' } },
      '/pypi/django/json': PYPI,
    });
    const time = fakeTime();
    const url = `${server.url}/pypi/Django/json`;
    await (await run(time)).getJson(url, { kind: 'pypi-json' });
    time.advance(901_000);
    expect(await (await run(time)).getJson(url, { kind: 'pypi-json' })).toMatchObject({
      ok: true,
      value: { source: 'revalidated', url: `${server.url}/pypi/django/json` },
    });
    expect(server.requests.map((r) => `${r.path} ${r.headers['if-none-match'] ?? '-'}`)).toEqual([
      '/pypi/Django/json -',
      '/pypi/django/json -',
      '/pypi/Django/json "v1"',
      '/pypi/django/json "v1"',
    ]);
  });

  it('revalidates with If-Modified-Since when there is only Last-Modified', async () => {
    const lastModified = 'Tue, 24 Nov 2026 10:00:00 GMT';
    const server = await serve({
      '/f.metadata': (req) =>
        req.headers['if-modified-since'] === lastModified
          ? { status: 304 }
          : { body: 'Name: a\n', headers: { 'last-modified': lastModified } },
    });
    const time = fakeTime();
    await (await run(time)).getText(`${server.url}/f.metadata`, { kind: 'metadata' });
    const second = await (
      await run(time)
    ).getText(`${server.url}/f.metadata`, { kind: 'metadata' });
    expect(second).toMatchObject({ ok: true, value: { source: 'revalidated', body: 'Name: a\n' } });
  });

  it('honours no-store, no-cache, the fallback max-age and the cap', async () => {
    const server = await serve({
      '/no-store': { json: {}, headers: { 'cache-control': 'no-store' } },
      '/no-cache': { json: {}, etag: '"n"', headers: { 'cache-control': 'no-cache' } },
      '/none': { json: {} },
      '/huge': { json: {}, etag: '"h"', headers: { 'cache-control': 'max-age=31536000' } },
    });
    const time = fakeTime();
    const all = async (options: HttpClientOptions = {}) => {
      const http = await run(time, options);
      return Promise.all([
        http.getJson(`${server.url}/no-store`, { kind: 'x' }),
        http.getJson(`${server.url}/no-cache`, { kind: 'x' }),
        http.getJson(`${server.url}/none`, { kind: 'x', fallbackMaxAgeS: 3600 }),
        http.getJson(`${server.url}/huge`, { kind: 'x' }),
      ]);
    };
    const sources = async () =>
      (await all({ maxCacheAgeS: 7200 })).map((r) => r.ok && r.value.source);
    await all({ maxCacheAgeS: 7200 });
    time.advance(3000_000);
    expect(await sources()).toEqual(['network', 'revalidated', 'cache', 'cache']);
    time.advance(4300_000); // past the fallback (3600 s) and the cap (7200 s) on max-age=1 year
    expect(await sources()).toEqual(['network', 'revalidated', 'network', 'revalidated']);
  });

  it('caches POST answers by body', async () => {
    const server = await serve({ 'POST /v1/querybatch': (req) => ({ json: { echo: req.body } }) });
    const time = fakeTime();
    const options = { kind: 'osv-batch', fallbackMaxAgeS: 3600 };
    await (await run(time)).postJson(`${server.url}/v1/querybatch`, { q: 1 }, options);
    const http = await run(time);
    const same = await http.postJson(`${server.url}/v1/querybatch`, { q: 1 }, options);
    const other = await http.postJson(`${server.url}/v1/querybatch`, { q: 2 }, options);
    expect([same, other].map((r) => r.ok && r.value.source)).toEqual(['cache', 'network']);
    expect(server.requests).toHaveLength(2);
  });

  it('cache: false neither reads nor writes', async () => {
    const server = await serve({ '/x': PYPI });
    const time = fakeTime();
    await (await run(time)).getJson(`${server.url}/x`, { kind: 'x', cache: false });
    await (await run(time)).getJson(`${server.url}/x`, { kind: 'x', cache: false });
    await previous?.close();
    expect(server.requests).toHaveLength(2);
    expect(await cacheFiles()).toEqual([]);
  });
});

describe('one file per run', () => {
  it('is written once, at close; a warm second run makes no request and writes nothing', async () => {
    const server = await serve(() => PYPI);
    const time = fakeTime();
    const urls = Array.from({ length: 20 }, (_, i) => `${server.url}/p${String(i)}`);
    const first = await run(time);
    await Promise.all(urls.map((u) => first.getJson(u, { kind: 'x' })));
    // Twenty answers in, nothing on disk yet: the file is written when the run ends.
    expect(await cacheFiles()).toEqual([]);
    await first.close();
    expect(await cacheFiles()).toEqual([FILE()]);
    const written = await stat(FILE());
    expect(written.mode & 0o777).toBe(0o600);

    const warm = await run(time);
    const answers = await Promise.all(urls.map((u) => warm.getJson(u, { kind: 'x' })));
    expect(answers.every((a) => a.ok && a.value.source === 'cache')).toBe(true);
    expect(warm.stats().total).toMatchObject({ requests: 0, cacheHits: 20 });
    await warm.close();
    // Nothing changed: the same file, not rewritten.
    expect((await stat(FILE())).ino).toBe(written.ino);
    expect(server.requests).toHaveLength(20);

    // A run that adds one answer rewrites the file once, keeping the others.
    const third = await run(time);
    await third.getJson(`${server.url}/new`, { kind: 'x' });
    expect((await stat(FILE())).ino).toBe(written.ino);
    await third.close();
    expect(await cacheFiles()).toEqual([FILE()]);
    const offline = await run(time, { offline: true });
    const all = await Promise.all(
      [...urls, `${server.url}/new`].map((u) => offline.getJson(u, { kind: 'x' })),
    );
    expect(all.every((a) => a.ok)).toBe(true);
  });

  it('merges with what another run wrote meanwhile', async () => {
    const server = await serve(() => PYPI);
    const time = fakeTime();
    const one = testClient({ cacheDir }, time);
    const two = testClient({ cacheDir }, time);
    await one.getJson(`${server.url}/one`, { kind: 'x' });
    await two.getJson(`${server.url}/two`, { kind: 'x' });
    await one.close();
    await two.close();
    const offline = await run(time, { offline: true });
    const both = await Promise.all(
      ['/one', '/two'].map((p) => offline.getJson(`${server.url}${p}`, { kind: 'x' })),
    );
    expect(both.map((a) => a.ok)).toEqual([true, true]);
  });
});

describe('compact values', () => {
  const LONG = 'a long description nobody reads '.repeat(50);
  const DOC = { ...PYPI, json: { info: { version: '1.0', description: LONG } } };
  const compact = (id: string, calls: string[] = []) => ({
    id,
    reduce: (body: unknown, from: { url: string }) => {
      calls.push(from.url);
      return { version: (body as { info: { version: string } }).info.version };
    },
  });

  it('returns and caches the compact value, not the body', async () => {
    const server = await serve({ '/pypi/a/json': DOC });
    const time = fakeTime();
    const url = `${server.url}/pypi/a/json`;
    const calls: string[] = [];
    const first = await run(time);
    expect(await first.getJson(url, { kind: 'x', compact: compact('v/1', calls) })).toMatchObject({
      ok: true,
      value: { source: 'network', body: { version: '1.0' } },
    });
    await first.close();
    const file = await readFile(FILE(), 'utf8');
    expect(file).toContain('"version":"1.0"');
    expect(file).not.toContain('long description');
    expect(
      await (await run(time)).getJson(url, { kind: 'x', compact: compact('v/1', calls) }),
    ).toMatchObject({ ok: true, value: { source: 'cache', body: { version: '1.0' } } });
    expect(calls).toEqual([url]);
  });

  it('a changed compact id is a miss; the raw body and the old id are other entries', async () => {
    const server = await serve({ '/pypi/a/json': DOC });
    const time = fakeTime();
    const url = `${server.url}/pypi/a/json`;
    await (await run(time)).getJson(url, { kind: 'x', compact: compact('v/1') });
    const second = await run(time);
    const [changed, plain, same] = await Promise.all([
      second.getJson(url, { kind: 'x', compact: compact('v/2') }),
      second.getJson(url, { kind: 'x' }),
      second.getJson(url, { kind: 'x', compact: compact('v/1') }),
    ]);
    expect([changed, plain, same].map((r) => r.ok && r.value.source)).toEqual([
      'network',
      'network',
      'cache',
    ]);
    expect(plain).toMatchObject({ ok: true, value: { body: { info: { description: LONG } } } });
    expect(server.requests).toHaveLength(3);
  });

  it('a 304 serves the stored compact value without reducing again', async () => {
    const server = await serve({ '/pypi/a/json': DOC });
    const time = fakeTime();
    const url = `${server.url}/pypi/a/json`;
    const calls: string[] = [];
    await (await run(time)).getJson(url, { kind: 'x', compact: compact('v/1', calls) });
    time.advance(901_000);
    const second = await run(time);
    expect(await second.getJson(url, { kind: 'x', compact: compact('v/1', calls) })).toEqual({
      ok: true,
      value: expect.objectContaining({ source: 'revalidated', body: { version: '1.0' } }),
    });
    expect(server.requests.map((r) => r.headers['if-none-match'])).toEqual([undefined, '"v1"']);
    expect(calls).toHaveLength(1);
    // The 304 made it fresh again.
    time.advance(600_000);
    expect(
      await (await run(time)).getJson(url, { kind: 'x', compact: compact('v/1') }),
    ).toMatchObject({ ok: true, value: { source: 'cache', body: { version: '1.0' } } });
    expect(server.requests).toHaveLength(2);
  });

  it('a compact function that throws makes the answer unusable, not the run', async () => {
    const server = await serve({ '/x': PYPI });
    const broken = {
      id: 'broken/1',
      reduce: () => {
        throw new Error('no such field');
      },
    };
    expect(
      await (await run(fakeTime())).getJson(`${server.url}/x`, { kind: 'x', compact: broken }),
    ).toMatchObject({ ok: false, error: { kind: 'invalid-response' } });
  });
});

describe('bounds', () => {
  it('drops entries not used for 30 days; a use keeps an entry', async () => {
    const server = await serve(() => PYPI);
    const time = fakeTime();
    const get = async (path: string, options: HttpClientOptions = {}) =>
      (await run(time, options)).getJson(`${server.url}${path}`, { kind: 'x' });
    await get('/old');
    await get('/kept');
    time.advance(20 * 86_400_000);
    expect(await get('/kept', { offline: true })).toMatchObject({ ok: true });
    time.advance(11 * 86_400_000);
    await get('/new'); // a run that writes the file: /old (31 days unused) goes
    const offline = await run(time, { offline: true });
    const results = await Promise.all(
      ['/old', '/kept', '/new'].map((p) => offline.getJson(`${server.url}${p}`, { kind: 'x' })),
    );
    expect(results.map((r) => r.ok)).toEqual([false, true, true]);
  });

  it('keeps at most maxEntries and maxBytes, the most recently used first', () => {
    const stored = (usedAt: number, size: number) => ({
      url: 'https://x/',
      status: 200,
      headers: {},
      value: 'v'.repeat(size),
      storedAt: 0,
      maxAgeS: 0,
      etag: null,
      lastModified: null,
      usedAt,
    });
    const hash = (n: number) => createHash('sha256').update(String(n)).digest('hex');
    const entries = new Map(
      Array.from({ length: 10 }, (_, i) => [hash(i), stored(1000 + i, 100)] as const),
    );
    const bounds = { maxUnusedDays: 30, maxEntries: 3, maxBytes: 1_000_000 };
    const kept = (b: typeof bounds, from = entries) => {
      const decoded = decodeCacheFile(encodeCacheFile(from, 2000, b));
      if (typeof decoded === 'string') throw new Error(decoded);
      return [...decoded.keys()];
    };
    expect(kept(bounds)).toEqual([hash(9), hash(8), hash(7)]);
    // Room for four entries, their commas and the braces.
    const one = Buffer.byteLength(
      `${JSON.stringify(hash(0))}:${JSON.stringify(stored(1000, 100))}`,
    );
    const four = 2 + 4 * one + 3;
    expect(kept({ ...bounds, maxEntries: 100, maxBytes: four })).toEqual([9, 8, 7, 6].map(hash));
    // One entry too big for the cap is left out, not the ones after it.
    const withHuge = new Map([[hash(99), stored(5000, 5000)], ...entries]);
    expect(kept({ ...bounds, maxEntries: 100, maxBytes: four }, withHuge)).toEqual(
      [9, 8, 7, 6].map(hash),
    );
  });

  it('enforces the cap through the client', async () => {
    const server = await serve(() => PYPI);
    const time = fakeTime();
    const urls = Array.from({ length: 5 }, (_, i) => `${server.url}/p${String(i)}`);
    const options = { cacheDir, now: time.now, sleep: time.sleep };
    for (const url of urls) {
      const http = createHttpClient(options);
      await http.getJson(url, { kind: 'x' });
      await http.close();
      time.advance(1000);
    }
    // Written by a cache capped at 2 entries: the two used last.
    const capped = createDiskCache(cacheDir, { now: time.now, bounds: { maxEntries: 2 } });
    const decoded = decodeCacheFile(await readFile(FILE()));
    if (typeof decoded === 'string') throw new Error(decoded);
    expect(decoded.size).toBe(5);
    capped.write('extra', {
      url: 'https://x/',
      status: 200,
      headers: {},
      value: 1,
      storedAt: time.now(),
      maxAgeS: 60,
      etag: null,
      lastModified: null,
    });
    expect(await capped.close()).toBe(true);
    const after = decodeCacheFile(await readFile(FILE()));
    if (typeof after === 'string') throw new Error(after);
    expect(after.size).toBe(2);
    const offline = await run(time, { offline: true });
    const results = await Promise.all(urls.map((u) => offline.getJson(u, { kind: 'x' })));
    expect(results.map((r) => r.ok)).toEqual([false, false, false, false, true]);
  });

  it('reads a file only up to maxFileBytes', async () => {
    const server = await serve({ '/x': PYPI });
    const time = fakeTime();
    await (await run(time)).getJson(`${server.url}/x`, { kind: 'x' });
    await previous?.close();
    const lines: string[] = [];
    const small = createDiskCache(cacheDir, { maxFileBytes: 10, log: (l) => lines.push(l) });
    expect(await small.read('anything')).toBeNull();
    expect(lines).toEqual([`cache file ${FILE()} not used: it is larger than 10 bytes`]);
  });
});

describe('offline', () => {
  it('serves cached entries whatever their age, reports misses, and makes no request', async () => {
    const server = await serve({ '/pypi/a/json': PYPI, '/pypi/b/json': PYPI });
    const time = fakeTime();
    await (await run(time)).getJson(`${server.url}/pypi/a/json`, { kind: 'pypi-json' });
    time.advance(29 * 86_400_000);
    const offline = await run(time, { offline: true });
    const hit = await offline.getJson(`${server.url}/pypi/a/json`, { kind: 'pypi-json' });
    const miss = await offline.getJson(`${server.url}/pypi/b/json`, { kind: 'pypi-json' });
    expect(hit).toMatchObject({
      ok: true,
      value: { source: 'offline', body: { info: { version: '1.0' } } },
    });
    expect(miss).toMatchObject({ ok: false, error: { kind: 'unavailable', attempts: 0 } });
    if (!miss.ok) expect(miss.error.message).toMatch(/^offline and not in the cache: GET /);
    expect(server.requests).toHaveLength(1);
    expect(offline.stats().total).toMatchObject({ requests: 0, cacheHits: 1, failures: 1 });
  });

  it('with no cache at all, every request is a miss', async () => {
    const server = await serve({ '/x': PYPI });
    const http = testClient({ offline: true });
    expect(await http.getJson(`${server.url}/x`, { kind: 'x' })).toMatchObject({
      ok: false,
      error: { kind: 'unavailable' },
    });
    expect(server.requests).toHaveLength(0);
  });
});

/** A well-formed cache file holding one entry under `key`. */
function fileWith(key: string, value: unknown = { a: 'é' }): Buffer {
  const hash = createHash('sha256').update(key).digest('hex');
  return encodeCacheFile(new Map([[hash, { ...entry({ value }), usedAt: 1_000_000 }]]), 1_000_000, {
    maxUnusedDays: 30,
    maxEntries: 10,
    maxBytes: 1_000_000,
  });
}

describe('robustness', () => {
  it('treats a corrupt, cut-short or foreign cache file as a miss, with one log line', async () => {
    const server = await serve({ '/x': PYPI });
    const time = fakeTime();
    await (await run(time)).getJson(`${server.url}/x`, { kind: 'x' });
    await previous?.close();
    const whole = await readFile(FILE());
    const newline = whole.indexOf(0x0a);
    const garbage: [string | Buffer, RegExp][] = [
      ['{not json', /it has no header line/],
      ['{not json\n{}', /its header is not JSON/],
      ['{"v":2,"key":"k"}\nbody', /not a pygovern facts cache of this version/],
      ['{"name": "some other tool", "entries": []}\n', /not a pygovern facts cache/],
      [whole.subarray(0, -3), /cut short/],
      // The content changed, its length kept, the SHA-256 left as it was.
      [
        Buffer.concat([
          whole.subarray(0, newline + 1),
          Buffer.from(
            whole
              .subarray(newline + 1)
              .toString('latin1')
              .replace('1.0', '6.6'),
            'latin1',
          ),
        ]),
        /does not match its SHA-256/,
      ],
    ];
    for (const [content, why] of garbage) {
      await writeFile(FILE(), content);
      const lines: string[] = [];
      expect(
        await (
          await run(time, { log: (l) => lines.push(l) })
        ).getJson(`${server.url}/x`, {
          kind: 'x',
        }),
      ).toMatchObject({ ok: true, value: { source: 'network' } });
      const told = lines.filter((l) => l.startsWith('cache file'));
      expect(told).toHaveLength(1);
      expect(told[0]).toMatch(why);
      await previous?.close(); // it wrote a good file again
      await writeFile(FILE(), content);
      expect(
        await (await run(time, { offline: true })).getJson(`${server.url}/x`, { kind: 'x' }),
      ).toMatchObject({ ok: false });
    }
  });

  it('leaves no temporary files and survives a cache it cannot write', async () => {
    const server = await serve(() => PYPI);
    const time = fakeTime();
    const http = await run(time);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => http.getJson(`${server.url}/p${i}`, { kind: 'x' })),
    );
    await http.close();
    expect(await cacheFiles()).toEqual([FILE()]);

    const blocked = join(cacheDir, 'a-file');
    await writeFile(blocked, 'not a directory');
    const lines: string[] = [];
    const result = await testClient({ cacheDir: blocked, log: (l) => lines.push(l) }).getJson(
      `${server.url}/y`,
      { kind: 'x' },
    );
    expect(result.ok).toBe(true);
    expect(lines.filter((l) => l.startsWith('not using the cache:'))).toHaveLength(1);

    // A directory where the file should be: not read, not replaced, the run goes on.
    const other = join(cacheDir, 'other');
    await mkdir(join(other, CACHE_FILE), { recursive: true, mode: 0o700 });
    await chmod(other, 0o700);
    const told: string[] = [];
    const client = testClient({ cacheDir: other, log: (l) => told.push(l) }, time);
    expect(await client.getJson(`${server.url}/z`, { kind: 'x' })).toMatchObject({ ok: true });
    await client.close();
    expect(told).toEqual(
      expect.arrayContaining([
        `cache file ${join(other, CACHE_FILE)} not used: it is not a regular file`,
        `cache write failed: ${other}`,
      ]),
    );
    expect((await readdir(other)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

function entry(overrides: Partial<CacheEntry> = {}): CacheEntry {
  return {
    url: 'https://pypi.org/pypi/a/json',
    status: 200,
    headers: { 'content-type': 'application/json' },
    value: { a: 'é' },
    storedAt: 1_000_000,
    maxAgeS: 900,
    etag: '"e"',
    lastModified: null,
    ...overrides,
  };
}

describe('cache format', () => {
  it('round-trips entries, keyed by the hash of the request key', () => {
    const decoded = decodeCacheFile(fileWith('k'));
    const hash = createHash('sha256').update('k').digest('hex');
    expect(decoded).toEqual(new Map([[hash, { ...entry(), usedAt: 1_000_000 }]]));
  });

  it('keys by method, URL, Accept, headers and body', () => {
    const base = { method: 'GET', url: 'https://x/a', accept: 'application/json' };
    const keys = new Set([
      cacheKey(base),
      cacheKey({ ...base, accept: 'text/html' }),
      cacheKey({ ...base, method: 'POST', body: '{}' }),
      cacheKey({ ...base, method: 'POST', body: '[]' }),
      cacheKey({ ...base, headers: { 'x-github-api-version': '2022-11-28' } }),
    ]);
    expect(keys.size).toBe(5);
  });

  it.each([
    ['public, max-age=900', { store: true, maxAgeS: 900 }],
    ['no-cache', { store: true, maxAgeS: 0 }],
    ['max-age=60, no-store', { store: false, maxAgeS: 0 }],
    ['', { store: true, maxAgeS: 42 }],
    ['max-age=abc', { store: true, maxAgeS: 42 }],
  ])('Cache-Control %j', (value, expected) => {
    expect(freshnessOf({ 'cache-control': value }, 42)).toEqual(expected);
  });

  it('is fresh within min(max-age, cap), and not for a clock that went back', () => {
    const e = entry({ storedAt: 0, maxAgeS: 900 });
    expect([
      isFresh(e, 899_999, 3600),
      isFresh(e, 900_000, 3600),
      isFresh(e, 61_000, 60),
      isFresh(e, -1, 3600),
    ]).toEqual([true, false, false, false]);
  });

  it('reads nothing from a missing directory', async () => {
    await expect(createDiskCache(join(cacheDir, 'none')).read('k')).resolves.toBeNull();
  });

  it('keeps no request key in clear and only the headers it needs', async () => {
    const server = await serve({
      '/secret-path': { json: {}, headers: { 'x-served-by': 'cache-node-7', 'set-cookie': 'a=b' } },
    });
    const http = await run(fakeTime());
    await http.getJson(`${server.url}/secret-path`, { kind: 'x', headers: { 'x-extra': 'hdr' } });
    await http.close();
    const file = await readFile(FILE(), 'utf8');
    expect(file).toContain('/secret-path'); // the URL that answered, for humans
    expect(file).not.toContain('x-extra');
    expect(file).not.toContain('cache-node-7');
    expect(file).not.toContain('a=b');
  });
});

describe('a cache that cannot be turned against its user', () => {
  const KEY = cacheKey({ method: 'GET', url: 'https://pypi.org/pypi/a/json', accept: 'json' });

  it('creates its directory 0700 and its file 0600', async () => {
    const dir = join(cacheDir, 'fresh');
    const cache = createDiskCache(dir);
    cache.write(KEY, entry());
    expect(await cache.close()).toBe(true);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, CACHE_FILE))).mode & 0o777).toBe(0o600);
  });

  it('does not write through a symbolic link planted at the temporary name', async () => {
    const victim = join(cacheDir, 'victim');
    await writeFile(victim, 'precious');
    const names = ['planted', 'second'];
    const cache = createDiskCache(cacheDir, { tempName: () => names.shift() ?? 'x' });
    await symlink(victim, join(cacheDir, `${CACHE_FILE}.planted.tmp`));
    // The names a pid and a counter would give, as earlier versions chose them.
    for (let n = 1; n <= 20; n++)
      await symlink(victim, join(cacheDir, `${CACHE_FILE}.${process.pid}.${n}.tmp`));
    cache.write(KEY, entry());
    expect(await cache.close()).toBe(true);
    expect(await readFile(victim, 'utf8')).toBe('precious');
    expect(await createDiskCache(cacheDir).read(KEY)).toEqual(entry());
  });

  it('replaces, never follows, a symbolic link planted at the file', async () => {
    const elsewhere = join(cacheDir, 'elsewhere');
    await writeFile(elsewhere, fileWith(KEY));
    await symlink(elsewhere, FILE());
    const lines: string[] = [];
    const cache = createDiskCache(cacheDir, { log: (l) => lines.push(l) });
    expect(await cache.read(KEY)).toBeNull();
    expect(lines).toEqual([`cache file ${FILE()} not used: it is a symbolic link`]);
    cache.write(`${KEY}-2`, entry());
    expect(await cache.close()).toBe(true);
    expect(await readFile(elsewhere)).toEqual(fileWith(KEY));
    expect((await lstat(FILE())).isFile()).toBe(true);
  });

  it('reads only a regular file: a FIFO at the file is a miss, and nothing blocks', async () => {
    execFileSync('mkfifo', [FILE()]);
    const lines: string[] = [];
    expect(await createDiskCache(cacheDir, { log: (l) => lines.push(l) }).read(KEY)).toBeNull();
    expect(lines).toEqual([`cache file ${FILE()} not used: it is not a regular file`]);
  });

  it('ignores a file another user owns', async () => {
    if (process.getuid?.() !== 0) return; // only root can hand a file to someone else
    await writeFile(FILE(), fileWith(KEY));
    const cache = createDiskCache(cacheDir);
    expect(await cache.read(KEY)).not.toBeNull();
    await chown(FILE(), 4242, 4242);
    expect(await createDiskCache(cacheDir).read(KEY)).toBeNull();
  });

  it('refuses a directory others can write to, says so, and runs without the cache', async () => {
    await writeFile(FILE(), fileWith(KEY));
    await chmod(cacheDir, 0o777);
    const lines: string[] = [];
    const cache = createDiskCache(cacheDir, { warn: (l) => lines.push(l) });
    expect(await cache.read(KEY)).toBeNull();
    cache.write(`${KEY}-2`, entry());
    expect(await cache.close()).toBe(true);
    expect(lines).toEqual([
      `not using the cache: ${cacheDir} is writable by its group or by others (mode 777); make it 0700`,
    ]);
    expect(await readFile(FILE())).toEqual(fileWith(KEY));
    expect(await cacheFiles()).toEqual([FILE()]);

    // Through the client: the answer still comes from the network, one warning.
    const server = await serve(() => PYPI);
    const told: string[] = [];
    const http = testClient({ cacheDir, warn: (l) => told.push(l) });
    const results = await Promise.all([
      http.getJson(`${server.url}/x`, { kind: 'x' }),
      http.getJson(`${server.url}/y`, { kind: 'x' }),
    ]);
    await http.close();
    expect(results.map((r) => r.ok && r.value.source)).toEqual(['network', 'network']);
    expect(told).toHaveLength(1);
    expect(await cacheFiles()).toEqual([FILE()]);
  });

  it('refuses a directory another user owns', async () => {
    if (process.getuid?.() !== 0) return; // only root can hand a directory to someone else
    await chown(cacheDir, 4242, 4242);
    const lines: string[] = [];
    const cache = createDiskCache(cacheDir, { warn: (l) => lines.push(l) });
    expect(await cache.read(KEY)).toBeNull();
    cache.write(KEY, entry());
    await cache.close();
    expect(lines).toEqual([
      `not using the cache: ${cacheDir} is owned by another user (uid 4242, not 0)`,
    ]);
    expect(await cacheFiles()).toEqual([]);
  });
});
