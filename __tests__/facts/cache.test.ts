import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmod,
  chown,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  type CacheEntry,
  cacheKey,
  createDiskCache,
  decodeEntry,
  encodeEntry,
  freshnessOf,
  isFresh,
} from '../../src/facts/http/cache.js';
import type { HttpClientOptions } from '../../src/facts/http/types.js';
import { type FakeTime, fakeTime } from '../fakes/fake-time.js';
import type { FakeReply } from '../fakes/server.js';
import { cleanupAll, serve, testClient } from './harness.js';

let cacheDir = '';
beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'pygovern-cache-'));
});
afterEach(async () => {
  await cleanupAll();
  await rm(cacheDir, { recursive: true, force: true });
});

/** Every client of a test shares the cache directory and one fake clock: a new client is a new run. */
function run(time: FakeTime, options: HttpClientOptions = {}) {
  return testClient({ cacheDir, ...options }, time);
}

async function cacheFiles(): Promise<string[]> {
  const entries = await readdir(cacheDir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

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
    expect(await run(time).getJson(url, { kind: 'pypi-json' })).toMatchObject({
      ok: true,
      value: { source: 'network' },
    });
    time.advance(899_000);
    const second = run(time);
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
    await run(time).getJson(url, { kind: 'pypi-json' });
    time.advance(901_000);
    const second = run(time);
    expect(await second.getJson(url, { kind: 'pypi-json' })).toMatchObject({
      ok: true,
      value: { source: 'revalidated', body: { info: { version: '1.0' } } },
    });
    expect(server.requests.map((r) => r.headers['if-none-match'])).toEqual([undefined, '"v1"']);
    expect(second.stats().total).toMatchObject({ revalidations: 1, requests: 1 });
    // 304 refreshed the entry: fresh again for another max-age.
    time.advance(600_000);
    expect(await run(time).getJson(url, { kind: 'pypi-json' })).toMatchObject({
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
    await run(time).getJson(url, { kind: 'pypi-json' });
    reply = { ...PYPI, json: { info: { version: '2.0' } }, etag: '"v2"' };
    time.advance(901_000);
    expect(await run(time).getJson(url, { kind: 'pypi-json' })).toMatchObject({
      ok: true,
      value: { source: 'network', body: { info: { version: '2.0' } } },
    });
    expect(await run(time).getJson(url, { kind: 'pypi-json' })).toMatchObject({
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
    await run(time).getJson(url, { kind: 'pypi-json' });
    time.advance(901_000);
    expect(await run(time).getJson(url, { kind: 'pypi-json' })).toMatchObject({
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
    await run(time).getText(`${server.url}/f.metadata`, { kind: 'metadata' });
    const second = await run(time).getText(`${server.url}/f.metadata`, { kind: 'metadata' });
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
    const all = (options: HttpClientOptions = {}) => {
      const http = run(time, options);
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
    await run(time).postJson(`${server.url}/v1/querybatch`, { q: 1 }, options);
    const http = run(time);
    const same = await http.postJson(`${server.url}/v1/querybatch`, { q: 1 }, options);
    const other = await http.postJson(`${server.url}/v1/querybatch`, { q: 2 }, options);
    expect([same, other].map((r) => r.ok && r.value.source)).toEqual(['cache', 'network']);
    expect(server.requests).toHaveLength(2);
  });

  it('cache: false neither reads nor writes', async () => {
    const server = await serve({ '/x': PYPI });
    const time = fakeTime();
    await run(time).getJson(`${server.url}/x`, { kind: 'x', cache: false });
    await run(time).getJson(`${server.url}/x`, { kind: 'x', cache: false });
    expect(server.requests).toHaveLength(2);
    expect(await cacheFiles()).toEqual([]);
  });
});

describe('offline', () => {
  it('serves cached entries whatever their age, reports misses, and makes no request', async () => {
    const server = await serve({ '/pypi/a/json': PYPI, '/pypi/b/json': PYPI });
    const time = fakeTime();
    await run(time).getJson(`${server.url}/pypi/a/json`, { kind: 'pypi-json' });
    time.advance(30 * 86_400_000);
    const offline = run(time, { offline: true });
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

describe('robustness', () => {
  it('treats a corrupt or cut-short cache file as a miss', async () => {
    const server = await serve({ '/x': PYPI });
    const time = fakeTime();
    await run(time).getJson(`${server.url}/x`, { kind: 'x' });
    const [file] = await cacheFiles();
    if (file === undefined) throw new Error('no cache file written');
    for (const garbage of [
      '{not json',
      '{"v":1}\n',
      encodeEntry(entry(), 'x', 'x').toString('utf8').slice(0, -3),
    ]) {
      await writeFile(file, garbage);
      expect(await run(time).getJson(`${server.url}/x`, { kind: 'x' })).toMatchObject({
        ok: true,
        value: { source: 'network' },
      });
      await writeFile(file, garbage);
      expect(
        await run(time, { offline: true }).getJson(`${server.url}/x`, { kind: 'x' }),
      ).toMatchObject({ ok: false });
    }
  });

  it('leaves no temporary files and survives an unwritable cache directory', async () => {
    const server = await serve(() => PYPI);
    const time = fakeTime();
    const http = run(time);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => http.getJson(`${server.url}/p${i}`, { kind: 'x' })),
    );
    const files = await cacheFiles();
    expect(files).toHaveLength(20);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const blocked = join(cacheDir, 'a-file');
    await writeFile(blocked, 'not a directory');
    const lines: string[] = [];
    const result = await testClient({ cacheDir: blocked, log: (l) => lines.push(l) }).getJson(
      `${server.url}/y`,
      { kind: 'x' },
    );
    expect(result.ok).toBe(true);
    expect(lines.some((l) => l.startsWith('cache write failed'))).toBe(true);
  });
});

function entry(overrides: Partial<CacheEntry> = {}): CacheEntry {
  return {
    url: 'https://pypi.org/pypi/a/json',
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from('{"a": "é"}'),
    storedAt: 1_000_000,
    maxAgeS: 900,
    etag: '"e"',
    lastModified: null,
    ...overrides,
  };
}

describe('cache format', () => {
  it('round-trips an entry', () => {
    expect(decodeEntry(encodeEntry(entry(), 'k', 'GET https://pypi.org/pypi/a/json'), 'k')).toEqual(
      entry(),
    );
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
});

describe('a cache that cannot be turned against its user', () => {
  const KEY = cacheKey({ method: 'GET', url: 'https://pypi.org/pypi/a/json', accept: 'json' });
  const entryFile = (key: string) => {
    const hash = createHash('sha256').update(key).digest('hex');
    return join(cacheDir, 'http-v2', hash.slice(0, 2), hash);
  };

  it('creates its directories 0700', async () => {
    const dir = join(cacheDir, 'fresh');
    expect(await createDiskCache(dir).write(KEY, entry(), 'x')).toBe(true);
    for (const d of [dir, join(dir, 'http-v2'), dirname(entryFile(KEY).replace(cacheDir, dir))])
      expect((await stat(d)).mode & 0o777).toBe(0o700);
  });

  it('does not write through a symbolic link planted at the temporary name', async () => {
    const victim = join(cacheDir, 'victim');
    await writeFile(victim, 'precious');
    const names = ['planted', 'second'];
    const cache = createDiskCache(cacheDir, { tempName: () => names.shift() ?? 'x' });
    // The first write creates the directory; the link is planted before the next one.
    await cache.write('other', entry(), 'x');
    names.unshift('planted');
    const file = entryFile(KEY);
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    await symlink(victim, `${file}.planted.tmp`);
    // The names a pid and a counter would give, as earlier versions chose them.
    for (let n = 1; n <= 20; n++) await symlink(victim, `${file}.${process.pid}.${n}.tmp`);
    expect(await cache.write(KEY, entry(), 'x')).toBe(true);
    expect(await readFile(victim, 'utf8')).toBe('precious');
    expect(await cache.read(KEY)).toEqual(entry());
  });

  it('ignores a hand-written entry whose body does not match its hash, or that is for another request', async () => {
    const cache = createDiskCache(cacheDir);
    expect(await cache.write(KEY, entry(), 'x')).toBe(true);
    const file = entryFile(KEY);
    const written = await readFile(file);
    const newline = written.indexOf(0x0a);
    const header = written.subarray(0, newline).toString('utf8');
    // The licence changed to MIT, the length kept right, the hash left as it was.
    const forged = Buffer.from('{"a": "MIT"}'.padEnd(written.length - newline - 1, ' '));
    await writeFile(file, Buffer.concat([Buffer.from(`${header}\n`), forged]));
    expect(await cache.read(KEY)).toBeNull();

    // A valid entry of another request copied over this one.
    const otherKey = `${KEY}-other`;
    await cache.write(otherKey, entry({ body: Buffer.from('{"license": "MIT"}') }), 'x');
    await writeFile(file, await readFile(entryFile(otherKey)));
    expect(await cache.read(KEY)).toBeNull();
    expect(await cache.read(otherKey)).not.toBeNull();
  });

  it('reads only a regular file: a FIFO or a link at an entry is a miss, and nothing blocks', async () => {
    const cache = createDiskCache(cacheDir);
    await cache.write(KEY, entry(), 'x');
    const file = entryFile(KEY);
    await unlink(file);
    execFileSync('mkfifo', [file]);
    expect(await cache.read(KEY)).toBeNull();
    await unlink(file);
    const elsewhere = join(cacheDir, 'elsewhere');
    await writeFile(elsewhere, encodeEntry(entry(), KEY, 'x'));
    await symlink(elsewhere, file);
    expect(await cache.read(KEY)).toBeNull();
  });

  it('refuses a directory others can write to, says so, and runs without the cache', async () => {
    await chmod(cacheDir, 0o777);
    const lines: string[] = [];
    const cache = createDiskCache(cacheDir, { warn: (l) => lines.push(l) });
    expect(await cache.write(KEY, entry(), 'x')).toBe(false);
    expect(await cache.read(KEY)).toBeNull();
    expect(lines).toEqual([
      `not using the cache: ${cacheDir} is writable by its group or by others (mode 777); make it 0700`,
    ]);
    expect(await cacheFiles()).toEqual([]);

    // Through the client: the answer still comes from the network.
    const server = await serve({ '/x': PYPI });
    const told: string[] = [];
    const result = await testClient({ cacheDir, warn: (l) => told.push(l) }).getJson(
      `${server.url}/x`,
      { kind: 'x' },
    );
    expect(result).toMatchObject({ ok: true, value: { source: 'network' } });
    expect(told).toHaveLength(1);
  });

  it('refuses a directory another user owns', async () => {
    if (process.getuid?.() !== 0) return; // only root can hand a directory to someone else
    await chown(cacheDir, 4242, 4242);
    const lines: string[] = [];
    const cache = createDiskCache(cacheDir, { warn: (l) => lines.push(l) });
    expect(await cache.write(KEY, entry(), 'x')).toBe(false);
    expect(lines).toEqual([
      `not using the cache: ${cacheDir} is owned by another user (uid 4242, not 0)`,
    ]);
  });
});
