/** The Simple API client (PEP 691 JSON, HTML, PEP 658 metadata, PEP 792 status) over real sockets. */
import { afterEach, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareVersionText, parseVersion } from '../../src/pep440/version.js';
import { normalizeName } from '../../src/pep440/names.js';
import {
  fetchSimplePage,
  parseSimpleJson,
  fetchSimpleVersion,
  parseCoreMetadata,
  projectFromSimple,
  releasesOf,
  versionOfFilename,
} from '../../src/facts/pypi-simple.js';
import type { HttpClient } from '../../src/facts/http/types.js';
import { startFakePypi, type FakeProject } from '../fakes/pypi.js';
import { cleanupAll, serve, testClient } from './harness.js';

afterEach(cleanupAll);
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

const lib: FakeProject = {
  name: 'Private_Lib',
  licenseExpression: 'Apache-2.0',
  requiresPython: '>=3.9',
  releases: [
    { version: '0.9', uploaded: '2022-03-01T09:00:00Z', license: 'BSD', licenseExpression: null },
    { version: '1.0', uploaded: '2023-03-01T09:00:00Z', yanked: 'bad build' },
    { version: '1.1', uploaded: '2024-03-01T09:00:00Z', classifiers: ['License :: OSI Approved'] },
    { version: '2.0rc1', uploaded: '2024-09-01T09:00:00Z' },
  ],
};

async function fakeIndex(projects: FakeProject[]) {
  const pypi = await startFakePypi(projects);
  closers.push(() => pypi.close());
  return pypi;
}

describe('Simple API project pages', () => {
  test('PEP 691 JSON: releases with PEP 700 upload times, yanks, latest final', async () => {
    const pypi = await fakeIndex([lib]);
    const page = await fetchSimplePage(testClient(), pypi.simpleUrl, 'private.lib');
    if (page.status !== 'known') throw new Error(page.reason);
    const project = projectFromSimple(page.value);
    expect(project.latestVersion).toBe('1.1');
    expect(project.releases.map((r) => [r.version, r.uploaded, r.yanked, r.yankedReason])).toEqual([
      ['0.9', '2022-03-01T09:00:00Z', false, null],
      ['1.0', '2023-03-01T09:00:00Z', true, 'bad build'],
      ['1.1', '2024-03-01T09:00:00Z', false, null],
      ['2.0rc1', '2024-09-01T09:00:00Z', false, null],
    ]);
    expect(project.releases[0]?.requiresPython).toBe('>=3.9');
    // The name is normalised in the URL and the JSON form was negotiated.
    expect(pypi.requests.map((r) => r.path)).toEqual(['/simple/private-lib/']);
    expect(String(pypi.requests[0]?.headers.accept)).toContain(
      'application/vnd.pypi.simple.v1+json',
    );
  });

  test('from the cache file, the very page the network gave (JSON and HTML)', async () => {
    const pypi = await fakeIndex([lib]);
    const server = await serve({
      '/simple/old-lib/': {
        body: '<a href="/files/old_lib-1.0.tar.gz#sha256=00" data-yanked="why">old_lib-1.0.tar.gz</a><a href="/get?f=old_lib-1.1.tar.gz">old_lib-1.1.tar.gz</a>',
        contentType: 'text/html',
      },
    });
    const cacheDir = mkdtempSync(join(tmpdir(), 'pygovern-simple-'));
    closers.push(() => rm(cacheDir, { recursive: true, force: true }));
    const pages = (http: HttpClient) =>
      Promise.all([
        fetchSimplePage(http, pypi.simpleUrl, 'private.lib'),
        fetchSimplePage(http, `${server.url}/simple/`, 'Old_Lib'),
      ]);
    const online = testClient({ cacheDir });
    const fetched = await pages(online);
    await online.close();
    expect(fetched.map((p) => p.status === 'known' && p.value.files.length)).toEqual([4, 2]);
    const offline = testClient({ cacheDir, offline: true });
    expect(await pages(offline)).toEqual(fetched);
    expect(offline.stats().total).toMatchObject({ requests: 0, cacheHits: 2 });
  });

  test('an HTML-only index: anchors, data-yanked, data-requires-python, PEP 792 status', async () => {
    const html = [
      '<!DOCTYPE html><html><head>',
      '<meta name="pypi:repository-version" content="1.1">',
      '<meta name="pypi:project-status" content="archived">',
      '<meta name="pypi:project-status-reason" content="moved to &quot;new-lib&quot;">',
      '</head><body>',
      '<a href="../../files/old_lib-1.0.tar.gz#sha256=00" data-requires-python="&gt;=3.7">old_lib-1.0.tar.gz</a>',
      '<a href="/files/old_lib-1.1-py3-none-any.whl" data-yanked="" data-dist-info-metadata="sha256=00">old_lib-1.1-py3-none-any.whl</a>',
      "<a href='/files/old_lib-1.2-py3-none-any.whl' data-core-metadata='true'>old_lib-1.2-py3-none-any.whl</a>",
      '</body></html>',
    ].join('\n');
    const server = await serve({
      '/simple/old-lib/': { body: html, contentType: 'text/html; charset=utf-8' },
    });
    const page = await fetchSimplePage(testClient(), `${server.url}/simple/`, 'Old_Lib');
    if (page.status !== 'known') throw new Error(page.reason);
    expect(page.value.status).toEqual({ status: 'archived', reason: 'moved to "new-lib"' });
    expect(
      page.value.files.map((f) => [f.version, f.url, f.requiresPython, f.yanked, f.coreMetadata]),
    ).toEqual([
      ['1.0', `${server.url}/files/old_lib-1.0.tar.gz`, '>=3.7', false, false],
      ['1.1', `${server.url}/files/old_lib-1.1-py3-none-any.whl`, null, true, true],
      ['1.2', `${server.url}/files/old_lib-1.2-py3-none-any.whl`, null, false, true],
    ]);
    const project = projectFromSimple(page.value);
    expect(project.latestVersion).toBe('1.2');
    expect(project.status?.status).toBe('archived');
  });

  test('a quarantined project lists no files and says so', async () => {
    const pypi = await fakeIndex([
      { ...lib, status: { status: 'quarantined', reason: 'malware report' } },
    ]);
    const page = await fetchSimplePage(testClient(), pypi.simpleUrl, 'private-lib');
    if (page.status !== 'known') throw new Error(page.reason);
    expect(page.value.files).toEqual([]);
    expect(projectFromSimple(page.value).status).toEqual({
      status: 'quarantined',
      reason: 'malware report',
    });
  });

  test('not found, garbage and a wrong content type are missing facts naming the project', async () => {
    const server = await serve({
      '/simple/garbage/': {
        body: '{"files": [',
        contentType: 'application/vnd.pypi.simple.v1+json',
      },
      '/simple/plain/': { body: 'hello', contentType: 'text/plain' },
    });
    const http = testClient({ retries: 0 });
    const [absent, garbage, plain] = await Promise.all(
      ['absent', 'garbage', 'plain'].map((n) => fetchSimplePage(http, `${server.url}/simple`, n)),
    );
    expect(absent).toMatchObject({
      status: 'missing',
      reason: expect.stringMatching(/^index project absent: not found/) as unknown,
    });
    expect(garbage).toMatchObject({
      status: 'missing',
      reason: expect.stringMatching(/^index project garbage: .*not valid JSON/) as unknown,
    });
    expect(plain).toMatchObject({
      status: 'missing',
      reason: expect.stringMatching(
        /^index project plain: unexpected content type "text\/plain"/,
      ) as unknown,
    });
  });
});

describe('core metadata (PEP 658)', () => {
  test('the licence fields of the version in use come from its .metadata file', async () => {
    const pypi = await fakeIndex([lib]);
    const http = testClient();
    const page = await fetchSimplePage(http, pypi.simpleUrl, 'private-lib');
    if (page.status !== 'known') throw new Error(page.reason);
    const [old, current, yanked] = await Promise.all([
      fetchSimpleVersion(http, page.value, '0.9'),
      fetchSimpleVersion(http, page.value, '1.1'),
      fetchSimpleVersion(http, page.value, '1.0'),
    ]);
    expect(old).toMatchObject({
      status: 'known',
      value: { version: '0.9', license: 'BSD', licenseExpression: null, requiresPython: '>=3.9' },
    });
    expect(current).toMatchObject({
      status: 'known',
      value: { licenseExpression: 'Apache-2.0', classifiers: ['License :: OSI Approved'] },
    });
    expect(yanked).toMatchObject({ value: { yanked: true, yankedReason: 'bad build' } });
    expect(pypi.requests.filter((r) => r.path.endsWith('.metadata'))).toHaveLength(3);
    expect(await fetchSimpleVersion(http, page.value, '7.0')).toEqual({
      status: 'missing',
      reason: 'index project private-lib: no files for version 7.0',
    });
  });

  test('files spelling one version differently (`3.13`, `3.13.0`) are one release', () => {
    const page = parseSimpleJson(
      JSON.stringify({
        files: [
          { filename: 'x-3.13.tar.gz', url: 'a', 'upload-time': '2020-01-02T00:00:00Z' },
          {
            filename: 'x-3.13.0-py3-none-any.whl',
            url: 'b',
            'upload-time': '2020-01-01T00:00:00Z',
          },
          { filename: 'x-3.13.1.tar.gz', url: 'c', 'upload-time': '2020-02-01T00:00:00Z' },
        ],
      }),
      'https://index.example/simple/x/',
      'x',
    );
    if (page === null) throw new Error('not a page');
    expect(releasesOf(page.files).map((r) => [r.version, r.uploaded])).toEqual([
      ['3.13', '2020-01-01T00:00:00Z'],
      ['3.13.1', '2020-02-01T00:00:00Z'],
    ]);
  });

  test('headers with continuation lines; the body is not read', () => {
    const fields = parseCoreMetadata(
      [
        'Metadata-Version: 2.1',
        'License: Copyright (c) Acme',
        '        ',
        '        Permission is hereby granted',
        'Classifier: License :: OSI Approved :: MIT License',
        'Classifier: Programming Language :: Python',
        '',
        'License: not a header',
      ].join('\r\n'),
    );
    expect(fields.get('license')).toEqual(['Copyright (c) Acme\n\nPermission is hereby granted']);
    expect(fields.get('classifier')).toHaveLength(2);
  });

  test.each([
    ['hbmqtt-0.9.6-py3.8.egg', '0.9.6'],
    ['hbmqtt-0.9.6.linux-x86_64.tar.gz', '0.9.6'],
    ['numpy-1.5.1.win32-py2.5-nosse.exe', '1.5.1'],
    ['pkg-1.0-py3-none-any.whl', '1.0'],
    ['pkg_name-2.3.post1-1-cp312-cp312-manylinux_2_17_x86_64.whl', '2.3.post1'],
    ['pkg-name-1.0rc1.tar.gz', '1.0rc1'],
    ['pkg-1.0.zip', '1.0'],
    ['README.txt', null],
  ])('version of %s', (file, version) => {
    expect(versionOfFilename(file)).toBe(version);
  });
});

describe('file names an index controls are read within bounds', () => {
  test('the project name is matched as normalized, separators runs and case included', () => {
    expect(versionOfFilename('Foo__Bar.-baz-1.2.tar.gz', 'foo-bar-baz')).toBe('1.2');
    expect(versionOfFilename('foo--1.2.tar.gz', 'foo')).toBe(null);
  });

  test('the one-pass name match agrees with normalizing each prefix, on generated names', () => {
    // The search as it was, unbounded: the reference for names short enough to stay in bounds.
    const leading = (rest: string): string | null => {
      if (parseVersion(rest) !== null) return rest;
      for (let i = rest.length - 1; i > 0; i--) {
        if ((rest[i] === '-' || rest[i] === '.') && parseVersion(rest.slice(0, i)) !== null)
          return rest.slice(0, i);
      }
      return null;
    };
    const reference = (stem: string, name: string): string | null => {
      for (let i = 1; i < stem.length; i++) {
        if (stem[i] === '-' && normalizeName(stem.slice(0, i)) === name)
          return leading(stem.slice(i + 1));
      }
      const parts = stem.split('-');
      for (let i = 1; i < parts.length; i++) {
        const version = leading(parts.slice(i).join('-'));
        if (version !== null) return version;
      }
      return null;
    };
    const tokens = ['a', 'B', 'b', '-', '_', '.', '1', '2', 'rc'];
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let found = 0;
    for (let k = 0; k < 3000; k++) {
      const stem = Array.from({ length: 3 + next(10) }, () => tokens[next(tokens.length)]).join('');
      const name = normalizeName(['ab', 'a-b', 'b', 'a_b'][next(4)] ?? 'ab');
      const expected = reference(stem, name);
      if (expected !== null) found++;
      expect([stem, versionOfFilename(`${stem}.tar.gz`, name)]).toEqual([stem, expected]);
    }
    expect(found).toBeGreaterThan(100); // the generated names do carry versions
  });

  test('a name longer than a file system keeps (255) gives no version', () => {
    const name = 'p'.repeat(240);
    expect(versionOfFilename(`${name}-1.0.tar.gz`, name)).toBe('1.0');
    const longer = 'p'.repeat(250);
    expect(versionOfFilename(`${longer}-1.0.tar.gz`, longer)).toBe(null);
  });

  test('a name that needs more than 64 candidate versions gives none', () => {
    const few = `a${'-1x'.repeat(3)}-1.0.tar.gz`;
    expect(versionOfFilename(few)).toBe('1.0');
    const many = `a${'-1x'.repeat(70)}-1.0.tar.gz`;
    expect(many.length).toBeLessThanOrEqual(255);
    expect(versionOfFilename(many)).toBe(null);
  });
});

describe('recorded Simple API pages (corpus/pypi-json/simple-api)', () => {
  const root = fileURLToPath(new URL('../../corpus/pypi-json/simple-api', import.meta.url));
  const pages = readdirSync(root).flatMap((source) =>
    readdirSync(join(root, source)).map((file) => join(source, file)),
  );

  test('there are recorded pages to read', () => {
    expect(pages.length).toBe(38);
  });

  test.each(pages)('%s: every file is read, at a version PyPI lists', (file) => {
    const bytes = readFileSync(join(root, file));
    const body = JSON.parse(bytes.toString('utf8')) as {
      name: string;
      files: Record<string, unknown>[];
      versions: string[];
    };
    // Read from the bytes in small chunks, as they come off the network.
    const chunks = [];
    for (let at = 0; at < bytes.length; at += 4096) chunks.push(bytes.subarray(at, at + 4096));
    const page = parseSimpleJson(chunks, `https://pypi.org/simple/${body.name}/`, body.name);
    if (page === null) throw new Error('not a page');
    // The fields JSON.parse finds, file by file.
    expect(
      page.files.map((f) => [f.filename, f.url, f.requiresPython, f.yanked, f.uploadTime]),
    ).toEqual(
      body.files.map((f) => [
        f.filename,
        f.url,
        f['requires-python'] || null,
        typeof f.yanked === 'string' ? f.yanked || true : f.yanked === true,
        f['upload-time'] ?? null,
      ]),
    );
    // PEP 440 equality: a hand-edited fixture lists `3.13.0` for files named `3.13`.
    const unlisted = page.files
      .filter(
        (f) =>
          f.version === null ||
          !body.versions.some((v) => compareVersionText(v, f.version ?? '') === 0),
      )
      .map((f) => f.filename);
    expect(unlisted).toEqual([]);
    const project = projectFromSimple(page);
    expect(project.releases.length).toBeGreaterThan(0);
    expect(project.releases.every((r) => r.uploaded !== null)).toBe(true);
  });
});
