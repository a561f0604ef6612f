/** The PyPI JSON, OSV and GitHub clients over real sockets against the fakes. */
import { afterEach, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HttpClient } from '../../src/facts/http/types.js';
import { cvss3BaseScore } from '../../src/facts/cvss.js';
import { isoDate } from '../../src/iso-date.js';
import { fetchRepositories } from '../../src/facts/github.js';
import { advisoryFrom, fetchAdvisories, trimRecord } from '../../src/facts/osv.js';
import { fetchProject, fetchVersion } from '../../src/facts/pypi-json.js';
import { githubRepository } from '../../src/facts/repository-url.js';
import { startFakeGithub } from '../fakes/github.js';
import { startFakeOsv, type OsvRecord } from '../fakes/osv.js';
import { recordedAnswers, startFakePypi, type FakeProject } from '../fakes/pypi.js';
import { cleanupAll, testClient } from './harness.js';

afterEach(cleanupAll);
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});
async function track<T extends { close(): Promise<void> }>(server: Promise<T>): Promise<T> {
  const s = await server;
  closers.push(() => s.close());
  return s;
}

const corpus = fileURLToPath(new URL('../../corpus', import.meta.url));

const demo: FakeProject = {
  name: 'Demo_Lib',
  licenseExpression: 'MIT',
  requiresPython: '>=3.9',
  projectUrls: {
    Documentation: 'https://demo.readthedocs.io',
    Source: 'https://github.com/Acme/demo-lib/tree/main',
  },
  ownershipRoles: 2,
  releases: [
    { version: '1.0.0', uploaded: '2023-01-05T10:00:00Z', license: 'BSD', licenseExpression: null },
    { version: '1.1.0', uploaded: '2024-02-01T10:00:00Z', yanked: 'broken wheel' },
    { version: '1.2.0', uploaded: '2024-06-01T10:00:00Z' },
    { version: '2.0.0b1', uploaded: '2024-09-01T10:00:00Z' },
  ],
};

describe('PyPI JSON API', () => {
  test('a generated project: releases, yanks, latest, repository, ownership', async () => {
    const pypi = await track(startFakePypi([demo]));
    const fact = await fetchProject(testClient(), pypi.jsonUrl, 'demo.lib');
    if (fact.status !== 'known') throw new Error(fact.reason);
    const p = fact.value;
    expect(p.latestVersion).toBe('1.2.0');
    expect(p.releases.map((r) => [r.version, r.uploaded, r.yanked, r.yankedReason])).toEqual([
      ['1.0.0', '2023-01-05T10:00:00Z', false, null],
      ['1.1.0', '2024-02-01T10:00:00Z', true, 'broken wheel'],
      ['1.2.0', '2024-06-01T10:00:00Z', false, null],
      ['2.0.0b1', '2024-09-01T10:00:00Z', false, null],
    ]);
    expect(p.repository).toBe('https://github.com/acme/demo-lib');
    expect(p.ownershipRoles).toBe(2);
    expect(p.latest).toMatchObject({
      version: '1.2.0',
      licenseExpression: 'MIT',
      requiresPython: '>=3.9',
    });
    expect(pypi.requests.map((r) => r.path)).toEqual(['/pypi/demo-lib/json']);
  });

  test('the metadata of the version in use, not only the latest', async () => {
    const pypi = await track(startFakePypi([demo]));
    const fact = await fetchVersion(testClient(), pypi.jsonUrl, 'demo-lib', '1.0.0');
    expect(fact).toMatchObject({
      status: 'known',
      value: { version: '1.0.0', license: 'BSD', licenseExpression: null },
    });
  });

  test('a recorded PyPI answer (celery) reads as PyPI gives it', async () => {
    const pypi = await track(startFakePypi([], { recorded: recordedAnswers(corpus) }));
    const fact = await fetchProject(testClient(), pypi.jsonUrl, 'celery');
    if (fact.status !== 'known') throw new Error(fact.reason);
    expect(fact.value.latestVersion).toBe('4.4.0');
    expect(fact.value.latest?.license).toBe('BSD');
    // Its project URLs only name celeryproject.org; the description is not searched.
    expect(fact.value.repository).toBeNull();
    expect(fact.value.releases.length).toBeGreaterThan(100);
    expect(fact.value.releases.find((r) => r.version === '0.1.10')?.uploaded).toBe(
      '2009-05-11T12:53:20.521919Z',
    );
  });

  test('from the cache file, the very facts the network gave (what is kept is all that is used)', async () => {
    const pypi = await track(startFakePypi([demo], { recorded: recordedAnswers(corpus) }));
    const cacheDir = await mkdtemp(join(tmpdir(), 'pygovern-facts-'));
    closers.push(() => rm(cacheDir, { recursive: true, force: true }));
    const facts = (http: HttpClient) =>
      Promise.all([
        fetchProject(http, pypi.jsonUrl, 'demo.lib'),
        fetchProject(http, pypi.jsonUrl, 'celery'),
        fetchVersion(http, pypi.jsonUrl, 'demo-lib', '1.0.0'),
        fetchVersion(http, pypi.jsonUrl, 'demo-lib', '1.2.0'),
      ]);
    const online = testClient({ cacheDir });
    const fetched = await facts(online);
    await online.close();
    expect(fetched.map((f) => f.status)).toEqual(['known', 'known', 'known', 'known']);
    const offline = testClient({ cacheDir, offline: true });
    expect(await facts(offline)).toEqual(fetched);
    expect(offline.stats().total).toMatchObject({ requests: 0, cacheHits: 4 });
  });

  test('404, a 500 that persists, and garbage are missing facts that say why and name the package', async () => {
    const pypi = await track(
      startFakePypi([demo], {
        faults: [
          { match: /broken/, fault: { kind: 'status', status: 500 } },
          { match: /garbage/, fault: { kind: 'malformed-json' } },
        ],
      }),
    );
    const http = testClient({ retries: 2 });
    const [absent, broken, garbage] = await Promise.all([
      fetchProject(http, pypi.jsonUrl, 'nothing-here'),
      fetchProject(http, pypi.jsonUrl, 'broken'),
      fetchProject(http, pypi.jsonUrl, 'garbage'),
    ]);
    expect(absent).toEqual({
      status: 'missing',
      reason: expect.stringMatching(/^PyPI project nothing-here: not found/) as unknown,
      notFound: true,
    });
    expect(broken).toEqual({
      status: 'missing',
      reason: expect.stringMatching(/^PyPI project broken: the index is unavailable/) as unknown,
      notFound: false,
    });
    expect(garbage).toEqual({
      status: 'missing',
      reason: expect.stringMatching(
        /^PyPI project garbage: the index gave an unusable answer/,
      ) as unknown,
      notFound: false,
    });
    expect(pypi.requests.filter((r) => r.path.includes('broken'))).toHaveLength(3);
  });
});

describe('repository addresses', () => {
  test.each([
    ['https://github.com/pallets/flask', 'https://github.com/pallets/flask'],
    ['https://github.com/Pallets/Flask.git', 'https://github.com/pallets/flask'],
    ['git+https://github.com/o/r.git@v1#egg=r', 'https://github.com/o/r'],
    ['https://github.com/o/r/issues', 'https://github.com/o/r'],
    ['https://github.com/sponsors/someone', null],
    ['https://github.com/o', null],
    ['https://gitlab.com/o/r', null],
    ['https://o.github.io/r', null],
  ])('%s → %s', (url, repo) => {
    expect(githubRepository(url)).toBe(repo);
  });
});

const advisory = (
  id: string,
  name: string,
  introduced: string,
  fixed: string,
  extra: Partial<OsvRecord> = {},
): OsvRecord => ({
  id,
  summary: `${id} in ${name}`,
  aliases: [`CVE-2024-${id.slice(-4)}`],
  affected: [
    {
      package: { ecosystem: 'PyPI', name },
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced }, { fixed }] }],
    },
  ],
  ...extra,
});

describe('OSV', () => {
  test('the cache keeps of a record only what advisories are drawn from', () => {
    const record = {
      id: 'GHSA-xxxx',
      aliases: ['CVE-2024-1'],
      details: 'First line.\nA long description '.padEnd(5000, 'x'),
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
      database_specific: { severity: 'HIGH', cwe_ids: ['CWE-79'] },
      references: [{ type: 'WEB', url: 'https://example.com' }],
      affected: [
        {
          package: { ecosystem: 'PyPI', name: 'Demo_Lib', purl: 'pkg:pypi/demo-lib' },
          ranges: [
            { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.2.0' }] },
            { type: 'GIT', repo: 'https://github.com/x/y', events: [{ introduced: 'abc' }] },
          ],
          versions: Array.from({ length: 500 }, (_, i) => `0.${String(i)}`),
        },
        { package: { ecosystem: 'npm', name: 'demo-lib' }, ranges: [] },
      ],
    };
    const trimmed = JSON.parse(JSON.stringify(trimRecord(record))) as typeof record;
    for (const version of ['0.5', '1.2.0'])
      expect(advisoryFrom(trimmed, 'demo-lib', version)).toEqual(
        advisoryFrom(record, 'demo-lib', version),
      );
    const withSummary = { ...record, summary: 'Shown' };
    expect(advisoryFrom(trimRecord(withSummary), 'demo-lib', '0.5')?.summary).toBe('Shown');
    expect(JSON.stringify(trimmed).length).toBeLessThan(700);
  });

  test('one batch per 1,000 queries, then one GET per distinct advisory', async () => {
    const shared = advisory('GHSA-0000-0001', 'pkg-1', '0', '2.0');
    shared.affected.push({
      package: { ecosystem: 'PyPI', name: 'pkg-2' },
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0' }] }],
    });
    const osv = await track(
      startFakeOsv([shared, advisory('PYSEC-2024-0002', 'pkg-3', '1.0', '1.5')]),
    );
    const packages = Array.from({ length: 1500 }, (_, i) => ({
      name: `pkg-${String(i)}`,
      version: '1.2',
    }));
    const result = await fetchAdvisories(testClient(), osv.url, packages);
    expect(osv.batchSizes).toEqual([1000, 500]);
    expect(
      osv.requests
        .filter((r) => r.method === 'GET')
        .map((r) => r.path)
        .sort(),
    ).toEqual(['/v1/vulns/GHSA-0000-0001', '/v1/vulns/PYSEC-2024-0002']);
    expect(result.get('pkg-1@1.2')).toMatchObject({
      status: 'known',
      value: [{ id: 'GHSA-0000-0001', fixedIn: ['2.0'] }],
    });
    expect(result.get('pkg-2@1.2')).toMatchObject({
      status: 'known',
      value: [{ id: 'GHSA-0000-0001', fixedIn: ['3.0'] }],
    });
    expect(result.get('pkg-3@1.2')).toMatchObject({
      status: 'known',
      value: [{ fixedIn: ['1.5'], aliases: ['CVE-2024-0002'] }],
    });
    expect(result.get('pkg-4@1.2')).toEqual({
      status: 'known',
      value: [],
      source: expect.any(String) as unknown,
    });
  });

  test('next_page_token is followed for the queries that have one; withdrawn advisories are dropped', async () => {
    const records = [
      advisory('A-1', 'many', '0', '9'),
      advisory('A-2', 'many', '0', '9'),
      advisory('A-3', 'many', '0', '9', { withdrawn: '2025-01-01T00:00:00Z' }),
    ];
    const osv = await track(startFakeOsv(records, { pageSize: 1 }));
    const result = await fetchAdvisories(testClient(), osv.url, [
      { name: 'many', version: '1.0' },
      { name: 'none', version: '1.0' },
    ]);
    expect(osv.batchSizes).toEqual([2, 1, 1]);
    const fact = result.get('many@1.0');
    expect(fact?.status === 'known' ? fact.value.map((a) => a.id) : fact).toEqual(['A-1', 'A-2']);
  });

  test('severity from CVSS v3 vectors, else the database word', async () => {
    const osv = await track(
      startFakeOsv([
        advisory('S-1', 'p', '0', '2', {
          severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
        }),
        advisory('S-2', 'p', '0', '2', { database_specific: { severity: 'MODERATE' } }),
      ]),
    );
    const fact = await fetchAdvisories(testClient(), osv.url, [{ name: 'p', version: '1' }]);
    const list = fact.get('p@1');
    expect(
      list?.status === 'known'
        ? list.value.map((a) => [a.id, a.severity.level, a.severity.score])
        : list,
    ).toEqual([
      ['S-1', 'critical', 9.8],
      ['S-2', 'medium', null],
    ]);
  });

  test('an OSV outage is a missing fact for every package asked', async () => {
    const osv = await track(
      startFakeOsv([], { faults: [{ fault: { kind: 'status', status: 503 } }] }),
    );
    const result = await fetchAdvisories(testClient({ retries: 1 }), osv.url, [
      { name: 'a', version: '1' },
    ]);
    expect(result.get('a@1')).toMatchObject({
      status: 'missing',
      reason: expect.stringContaining('OSV') as unknown,
    });
  });
});

describe('CVSS v3 base scores', () => {
  test.each([
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],
    ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N', 5.5],
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', 5.9],
    ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0],
  ])('%s = %d', (vector, score) => {
    expect(cvss3BaseScore(vector)).toBe(score);
  });
  test('not a v3 vector', () => {
    expect(
      cvss3BaseScore('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'),
    ).toBeNull();
    expect(cvss3BaseScore('CVSS:3.1/AV:X')).toBeNull();
  });
});

describe('GitHub repositories', () => {
  const today = isoDate(new Date('2026-11-24T00:00:00Z'));

  test('50 repositories per GraphQL query; bots, unknown users and repeats do not count', async () => {
    const repos: Record<string, { commitAuthors: (string | null)[] }> = {};
    for (let i = 0; i < 120; i++)
      repos[`o/r${String(i)}`] = {
        commitAuthors: ['alice', 'Alice', 'bob', 'dependabot[bot]', null],
      };
    const github = await track(startFakeGithub(repos, { token: 't0ken' }));
    const urls = Object.keys(repos).map((r) => `https://github.com/${r}`);
    const http = testClient({ credentials: { [github.url]: { kind: 'bearer', token: 't0ken' } } });
    const result = await fetchRepositories(
      http,
      github.url,
      true,
      [...urls, 'https://github.com/o/missing'],
      today,
    );
    expect(github.graphqlBatches).toEqual([50, 50, 21]);
    expect(result.get('https://github.com/o/r7')).toMatchObject({
      status: 'known',
      value: { archived: false, activeMaintainers: 2 },
    });
    expect(result.get('https://github.com/o/missing')).toMatchObject({
      status: 'missing',
      reason: expect.stringContaining('Could not resolve') as unknown,
    });
    const body = JSON.parse(github.requests[0]?.body ?? '{}') as { variables: { since: string } };
    expect(body.variables.since).toBe('2025-11-24T00:00:00.000Z');
  });

  test('from the cache file, the very facts GitHub gave, errors included', async () => {
    const repos = {
      'o/a': { commitAuthors: ['alice', 'bob'] },
      'o/b': { commitAuthors: [] },
    };
    const github = await track(startFakeGithub(repos, { token: 't' }));
    const cacheDir = await mkdtemp(join(tmpdir(), 'pygovern-github-'));
    closers.push(() => rm(cacheDir, { recursive: true, force: true }));
    const urls = ['https://github.com/o/a', 'https://github.com/o/b', 'https://github.com/o/gone'];
    const credentials = { [github.url]: { kind: 'bearer' as const, token: 't' } };
    const online = testClient({ cacheDir, credentials });
    const fetched = await fetchRepositories(online, github.url, true, urls, today);
    await online.close();
    expect([...fetched.values()].map((f) => f.status)).toEqual(['known', 'known', 'missing']);
    const offline = testClient({ cacheDir, credentials, offline: true });
    expect(await fetchRepositories(offline, github.url, true, urls, today)).toEqual(fetched);
    expect(offline.stats().total).toMatchObject({ requests: 0, cacheHits: 1 });
  });

  test('velocity facts: the oldest 50 open issues with comment counts, authors of the last 100 commits', async () => {
    // 120 issues, newest first; 150 commits, 5 authors this year, many more before.
    const issues = Array.from({ length: 120 }, (_, i) => ({
      createdAt: new Date(Date.UTC(2026, 10, 1) - i * 86_400_000).toISOString(),
      comments: i % 2,
    }));
    const commits = Array.from({ length: 150 }, (_, i) => ({
      login:
        i < 20 ? `recent${String(i % 5)}` : i % 10 === 0 ? 'renovate[bot]' : `old${String(i % 30)}`,
      // 20 weekly commits up to 2026-10-01, the rest weekly before 2025-06-01 (over a year ago).
      date: new Date(
        i < 20
          ? Date.UTC(2026, 9, 1) - i * 7 * 86_400_000
          : Date.UTC(2025, 5, 1) - i * 7 * 86_400_000,
      ).toISOString(),
    }));
    const github = await track(startFakeGithub({ 'o/busy': { issues, commits } }, { token: 't' }));
    const http = testClient({ credentials: { [github.url]: { kind: 'bearer', token: 't' } } });
    const result = await fetchRepositories(
      http,
      github.url,
      true,
      ['https://github.com/o/busy'],
      today,
    );
    const fact = result.get('https://github.com/o/busy');
    if (fact?.status !== 'known') throw new Error('not known');
    const sample = fact.value.openIssues ?? [];
    expect(sample).toHaveLength(50);
    // Oldest first: the 50 oldest of the 120 (created 119 … 70 days before 2026-11-01).
    expect(sample[0]).toEqual({ createdAt: issues[119]?.createdAt, comments: 1 });
    expect(sample[49]?.createdAt).toBe(issues[70]?.createdAt);
    // The 20 commits of the last year: authors recent0…recent4.
    expect(fact.value.activeMaintainers).toBe(5);
    // The last 100 commits' human authors, fewer than the whole history's.
    const expected = new Set<string>();
    for (let i = 0; i < 100; i++) {
      const c = commits[i];
      if (c !== undefined && !c.login.endsWith('[bot]')) expected.add(c.login);
    }
    expect(fact.value.contributorsAllTime).toBe(expected.size);
    expect(expected.size).toBeLessThan(new Set(commits.map((c) => c.login)).size);
    const query = (JSON.parse(github.requests[0]?.body ?? '{}') as { query: string }).query;
    expect(query).toContain(
      'issues(states: OPEN, first: 50, orderBy: {field: CREATED_AT, direction: ASC})',
    );
  });

  test('without a token: no request, every fact missing (unknown, not zero)', async () => {
    const github = await track(startFakeGithub({ 'o/r': {} }));
    const result = await fetchRepositories(
      testClient(),
      github.url,
      false,
      ['https://github.com/o/r'],
      today,
    );
    expect(github.requests).toHaveLength(0);
    expect(result.get('https://github.com/o/r')).toEqual({
      status: 'missing',
      reason: 'no GitHub token, so the repository was not looked at',
    });
  });
});
