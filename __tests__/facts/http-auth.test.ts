import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { redirectRelation } from '../../src/facts/http/credentials.js';
import { redactUrl } from '../../src/facts/http/client.js';
import { cleanupAll, serve, testClient } from './harness.js';

afterEach(cleanupAll);

const PASSWORD = 's3cr@t-pass';
const TOKEN = 'ghp_Secret0123456789';
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const withUserinfo = (url: string, path: string) =>
  `${url.replace('http://', `http://alice:${encodeURIComponent(PASSWORD)}@`)}${path}`;

describe('credentials', () => {
  it('turns userinfo into Basic, requests the URL without it, and remembers it for the origin', async () => {
    const server = await serve(() => ({ json: {} }));
    const http = testClient();
    const result = await http.getJson(withUserinfo(server.url, '/simple/x/'), { kind: 'simple' });
    expect(result.ok && result.value.url).toBe(`${server.url}/simple/x/`);
    await http.getText(`${server.url}/files/x.whl.metadata`, { kind: 'metadata' });
    expect(server.requests.map((r) => [r.path, r.headers.authorization])).toEqual([
      ['/simple/x/', basic('alice', PASSWORD)],
      ['/files/x.whl.metadata', basic('alice', PASSWORD)],
    ]);
  });

  it('sends a Bearer token only to its origin', async () => {
    const github = await serve(() => ({ json: {} }));
    const other = await serve(() => ({ json: {} }));
    const http = testClient({ credentials: { [github.url]: { kind: 'bearer', token: TOKEN } } });
    const headers = { 'x-github-api-version': '2022-11-28' };
    await http.postJson(`${github.url}/graphql`, { query: '{}' }, { kind: 'github', headers });
    await http.getJson(`${other.url}/x`, { kind: 'x' });
    expect(github.requests[0]?.headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      'x-github-api-version': '2022-11-28',
    });
    expect(other.requests[0]?.headers.authorization).toBeUndefined();
  });
});

describe('redirects', () => {
  it('follows a same-origin 301 (PyPI name normalisation) with the credential', async () => {
    const server = await serve({
      '/pypi/Django/json': { status: 301, headers: { location: '/pypi/django/json' } },
      '/pypi/django/json': { json: { info: { name: 'Django' } } },
    });
    const http = testClient();
    const result = await http.getJson(withUserinfo(server.url, '/pypi/Django/json'), {
      kind: 'pypi-json',
    });
    expect(result).toMatchObject({
      ok: true,
      value: { url: `${server.url}/pypi/django/json`, body: { info: { name: 'Django' } } },
    });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      basic('alice', PASSWORD),
      basic('alice', PASSWORD),
    ]);
    expect(http.stats().total).toMatchObject({ requests: 2, retries: 0 });
  });

  it('does not follow a redirect to another origin by default', async () => {
    const elsewhere = await serve(() => ({ json: {} }));
    const server = await serve({
      '/x': { status: 302, headers: { location: `${elsewhere.url}/x` } },
    });
    const http = testClient();
    const result = await http.getJson(`${server.url}/x`, { kind: 'x' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid-response', status: 302 } });
    if (!result.ok) expect(result.error.message).toMatch(/another origin/);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('when allowed, follows to another origin without forwarding the credential', async () => {
    const elsewhere = await serve(() => ({ json: { here: true } }));
    const server = await serve({
      '/x': { status: 307, headers: { location: `${elsewhere.url}/blob` } },
    });
    const http = testClient({
      allowCrossOriginRedirects: true,
      credentials: { [server.url]: { kind: 'bearer', token: TOKEN } },
    });
    const result = await http.getJson(withUserinfo(server.url, '/x'), { kind: 'x' });
    expect(result.ok && result.value.body).toEqual({ here: true });
    expect(server.requests[0]?.headers.authorization).toBe(basic('alice', PASSWORD));
    expect(elsewhere.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('ignores userinfo in a Location header', async () => {
    const server = await serve({
      '/a': (req) => ({ status: 302, headers: { location: req.path.replace('/a', '/b') } }),
      '/b': { json: {} },
    });
    const evil = await serve({
      '/a': {
        status: 302,
        headers: { location: `${server.url.replace('http://', 'http://mallory:pw@')}/b` },
      },
    });
    const http = testClient({ allowCrossOriginRedirects: true });
    await http.getJson(`${evil.url}/a`, { kind: 'x' });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([undefined]);
  });

  it('stops after maxRedirects hops', async () => {
    const server = await serve({ '/loop': { status: 302, headers: { location: '/loop' } } });
    const http = testClient({ maxRedirects: 3 });
    const result = await http.getJson(`${server.url}/loop`, { kind: 'x' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid-response', attempts: 1 } });
    expect(server.requests).toHaveLength(4);
  });

  it('follows 307 for a POST with the same body, not 303', async () => {
    const server = await serve({
      'POST /old': { status: 307, headers: { location: '/new' } },
      'POST /new': (req) => ({ json: { got: req.body } }),
      'POST /see-other': { status: 303, headers: { location: '/new' } },
    });
    const http = testClient();
    const moved = await http.postJson(`${server.url}/old`, { q: 1 }, { kind: 'osv-batch' });
    expect(moved.ok && moved.value.body).toEqual({ got: '{"q":1}' });
    const seeOther = await http.postJson(
      `${server.url}/see-other`,
      { q: 1 },
      { kind: 'osv-batch' },
    );
    expect(seeOther).toMatchObject({ ok: false, error: { kind: 'invalid-response', status: 303 } });
  });

  it.each([
    ['http://h/a', 'http://h/b', 'same-origin'],
    ['http://h/a', 'https://h/a', 'https-upgrade'],
    ['http://h:8080/a', 'https://h/a', 'cross-origin'],
    ['https://h/a', 'http://h/a', 'downgrade'],
    ['https://h/a', 'https://files.h/a', 'cross-origin'],
  ])('%s → %s is %s', (from, to, relation) => {
    expect(redirectRelation(new URL(from), new URL(to))).toBe(relation);
  });
});

describe('redaction', () => {
  it.each([
    ['https://user:pa55word@example.org/simple/', 'https://***@example.org/simple/'],
    ['https://__token__@example.org/x', 'https://***@example.org/x'],
    [
      'https://example.org/x?access_token=abc&page=2',
      'https://example.org/x?access_token=***&page=2',
    ],
    ['not a url but //user:pw@host', 'not a url but //***@host'],
    ['https://example.org/plain', 'https://example.org/plain'],
  ])('redactUrl(%s)', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });

  it('keeps passwords and tokens out of errors, log lines, stats and the cache', async () => {
    // The server echoes the Authorization header in its error bodies, like a careless proxy.
    const echo = await serve((req) =>
      req.path.startsWith('/ok')
        ? { json: { fine: true } }
        : {
            status: req.path.startsWith('/bad') ? 400 : 503,
            body: `denied ${req.headers.authorization ?? ''}`,
          },
    );
    const cacheDir = await mkdtemp(join(tmpdir(), 'pygovern-redact-'));
    const lines: string[] = [];
    const http = testClient({
      retries: 1,
      cacheDir,
      log: (line) => lines.push(line),
      credentials: {
        [echo.url.replace('127.0.0.1', 'localhost')]: { kind: 'bearer', token: TOKEN },
      },
    });
    const tokenUrl = echo.url.replace('127.0.0.1', 'localhost');
    const results = await Promise.all([
      http.getJson(withUserinfo(echo.url, '/bad'), { kind: 'simple' }),
      http.getJson(withUserinfo(echo.url, '/down'), { kind: 'simple' }),
      http.getJson(`${tokenUrl}/bad?token=${TOKEN}`, { kind: 'github' }),
      http.getJson(`${tokenUrl}/ok?token=${TOKEN}`, { kind: 'github' }),
      http.getJson(withUserinfo(echo.url, '/ok'), { kind: 'simple' }),
    ]);
    expect(echo.requests.some((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    await http.close(); // the cache file is written at close
    const cacheFiles = await readdir(cacheDir, { recursive: true, withFileTypes: true });
    const cached = await Promise.all(
      cacheFiles.filter((f) => f.isFile()).map((f) => readFile(join(f.parentPath, f.name), 'utf8')),
    );
    expect(cached.length).toBeGreaterThan(0);
    const printed = [
      JSON.stringify(results),
      JSON.stringify(http.stats()),
      ...lines,
      ...cached,
    ].join('\n');
    expect(printed).toContain('denied');
    for (const secret of [
      PASSWORD,
      encodeURIComponent(PASSWORD),
      TOKEN,
      Buffer.from(`alice:${PASSWORD}`).toString('base64'),
    ]) {
      expect(printed).not.toContain(secret);
    }
    await rm(cacheDir, { recursive: true, force: true });
  });
});
