/**
 * Which requests a package costs: a version known before any project page (locked, pinned as
 * written) is asked as PyPI's JSON Simple page plus that version's JSON answer, not as the
 * project's JSON answer (every file of every release); the facts come out the same.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { defaultPolicy } from '../../src/config/policy.js';
import { runCheck } from '../../src/engine.js';
import type { FactsOptions } from '../../src/facts/collect.js';
import { fetchProject } from '../../src/facts/pypi-json.js';
import { parseSimpleJson, projectFromSimple } from '../../src/facts/pypi-simple.js';
import type { HttpClient } from '../../src/facts/http/client.js';
import { parseUvLock } from '../../src/manifests/locks/uv.js';
import { parseRequirementsFile } from '../../src/manifests/requirements/parse.js';
import { memoryTree } from '../../src/manifests/source-tree.js';
import { isoDate } from '../../src/iso-date.js';
import type { Manifest } from '../../src/manifests/types.js';
import { latestRelease } from '../../src/report/json.js';
import { startFakeGithub } from '../fakes/github.js';
import { startFakeOsv } from '../fakes/osv.js';
import { startFakePypi, type FakePypi, type FakeProject } from '../fakes/pypi.js';
import type { FaultRule } from '../fakes/server.js';
import { cleanupAll, testClient } from './harness.js';

afterEach(cleanupAll);
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

const lockedLib: FakeProject = {
  name: 'Locked_Lib',
  licenseExpression: 'MIT',
  requiresPython: '>=3.9',
  projectUrls: { Source: 'https://github.com/acme/locked-lib' },
  ownershipRoles: 3,
  filesPerRelease: 3,
  releases: [
    { version: '1.0', uploaded: '2020-01-01T10:00:00.123456Z' },
    { version: '1.1', uploaded: '2021-03-01T10:00:00.000001Z', yanked: 'broken build' },
    { version: '2.0', uploaded: '2026-05-01T08:30:00.5Z' },
    { version: '3.0b1', uploaded: '2026-09-01T08:30:00Z' },
  ],
};
const staleLib: FakeProject = {
  name: 'stale-lib',
  licenseExpression: 'BSD-3-Clause',
  releases: [{ version: '0.1', uploaded: '2019-01-01T00:00:00Z' }],
};
const evilLib: FakeProject = {
  name: 'evil-lib',
  releases: [{ version: '6.6', uploaded: '2026-01-01T00:00:00Z' }],
  status: { status: 'quarantined', reason: 'malware report' },
};
const openLib: FakeProject = {
  name: 'open-lib',
  licenseExpression: 'MIT',
  releases: [
    { version: '1.0', uploaded: '2025-01-01T00:00:00Z' },
    { version: '1.5', uploaded: '2026-01-01T00:00:00Z' },
  ],
};

function lockOf(packages: Record<string, string>): Manifest {
  const text = [
    'version = 1',
    'requires-python = ">=3.9"',
    ...Object.entries(packages).map(
      ([name, version]) =>
        `\n[[package]]\nname = "${name}"\nversion = "${version}"\nsource = { registry = "https://pypi.org/simple" }`,
    ),
  ].join('\n');
  return parseUvLock('uv.lock', `${text}\n`);
}

async function services(projects: FakeProject[], faults: FaultRule[] = []) {
  const pypi = await startFakePypi(projects, { faults });
  const osv = await startFakeOsv([]);
  const github = await startFakeGithub(
    { 'acme/locked-lib': { commitAuthors: ['ann', 'bob'] } },
    { token: 'gh' },
  );
  closers.push(
    () => pypi.close(),
    () => osv.close(),
    () => github.close(),
  );
  const http = testClient({
    retries: 1,
    credentials: { [github.url]: { kind: 'bearer', token: 'gh' } },
  });
  const options: FactsOptions = {
    indexUrl: pypi.jsonUrl,
    osvUrl: osv.url,
    githubApiUrl: github.url,
    githubToken: true,
    today: isoDate(new Date('2026-11-24T00:00:00Z')),
  };
  return { pypi, http, options };
}

const check = (http: HttpClient, options: FactsOptions, manifests: Manifest[]) =>
  runCheck({ head: manifests, base: null, policy: defaultPolicy() }, http, options);

const pathsOf = (pypi: FakePypi, name: string) =>
  pypi.requests
    .map((r) => r.path)
    .filter((p) => p.includes(`/${name}/`))
    .sort();

describe('a version known before any project page', () => {
  test('a locked package costs its JSON Simple page and its version answer, nothing more', async () => {
    const { pypi, http, options } = await services([lockedLib, staleLib, openLib]);
    // A name some dependency leaves open gets the project answer, pinned elsewhere or not:
    // its latest metadata saves a round trip.
    const tree = memoryTree({
      'svc/requirements.txt': 'open-lib>=1\n',
      'svc/dev/requirements.txt': 'open-lib==1.0\n',
    });
    await check(http, options, [
      lockOf({ 'locked-lib': '1.1', 'stale-lib': '0.1' }),
      parseRequirementsFile('svc/requirements.txt', tree),
      parseRequirementsFile('svc/dev/requirements.txt', tree),
    ]);
    expect(pathsOf(pypi, 'locked-lib')).toEqual([
      '/pypi/locked-lib/1.1/json',
      '/simple/locked-lib/',
    ]);
    expect(pathsOf(pypi, 'stale-lib')).toEqual(['/pypi/stale-lib/0.1/json', '/simple/stale-lib/']);
    const simple = pypi.requests.filter((r) => r.path.startsWith('/simple/'));
    expect(
      simple.every((r) =>
        String(r.headers.accept).startsWith('application/vnd.pypi.simple.v1+json'),
      ),
    ).toBe(true);
    expect(pathsOf(pypi, 'open-lib')).toEqual(['/pypi/open-lib/1.0/json', '/pypi/open-lib/json']);
    const kinds = http.stats().byKind;
    expect(kinds.simple?.requests).toBe(2);
    expect(kinds['pypi-json']?.requests).toBe(4);
  });

  test('cached as its releases, not its files: a warm run asks nothing and gets the same facts', async () => {
    const { pypi, options } = await services([lockedLib, staleLib]);
    const cacheDir = mkdtempSync(join(tmpdir(), 'pygovern-rpp-'));
    closers.push(() => {
      rmSync(cacheDir, { recursive: true, force: true });
      return Promise.resolve();
    });
    const lock = lockOf({ 'locked-lib': '1.1', 'stale-lib': '0.1' });
    const run = async () => {
      const http = testClient({
        cacheDir,
        credentials: { [options.githubApiUrl]: { kind: 'bearer', token: 'gh' } },
      });
      const result = await check(http, options, [lock]);
      await http.close();
      return result.dependencies.map((d) => d.facts);
    };
    const cold = await run();
    const asked = pypi.requests.length;
    const warm = await run();
    expect(pypi.requests.length).toBe(asked);
    expect(warm).toEqual(cold);
    // Every release of locked-lib has three files; none of their names is kept.
    const file = readFileSync(join(cacheDir, 'facts-v3.json'), 'utf8');
    expect(file).toContain('2021-03-01T10:00:00.000001Z');
    expect(file).not.toMatch(/locked_lib-[\d.]+-/);
  });

  test('its facts: yank and reason, upload times, latest release, ownership and repository', async () => {
    const { http, options } = await services([lockedLib, staleLib]);
    const result = await check(http, options, [
      lockOf({ 'locked-lib': '1.1', 'stale-lib': '0.1' }),
    ]);
    const facts = result.dependencies.find((d) => d.dependency.name === 'locked-lib')?.facts;
    if (facts?.project.status !== 'known') throw new Error('no project facts');
    const project = facts.project.value;
    expect(project.releases.map((r) => [r.version, r.uploaded, r.yanked, r.yankedReason])).toEqual([
      ['1.0', '2020-01-01T10:00:00.123456Z', false, null],
      ['1.1', '2021-03-01T10:00:00.000001Z', true, 'broken build'],
      ['2.0', '2026-05-01T08:30:00.5Z', false, null],
      ['3.0b1', '2026-09-01T08:30:00Z', false, null],
    ]);
    expect(project.releases[0]?.requiresPython).toBe('>=3.9');
    expect(project).toMatchObject({
      latestVersion: '2.0',
      repository: 'https://github.com/acme/locked-lib',
      ownershipRoles: 3,
      status: { status: 'active', reason: null },
    });
    expect(latestRelease(facts)).toEqual({ version: '2.0', date: '2026-05-01' });
    expect(facts.release).toMatchObject({
      status: 'known',
      value: {
        version: '1.1',
        licenseExpression: 'MIT',
        yanked: true,
        yankedReason: 'broken build',
      },
    });
    const findings = result.verdict.findings.map((f) => [f.package, f.rule, f.message]);
    expect(findings).toContainEqual([
      'locked-lib',
      'maintenance/yanked',
      'locked-lib 1.1 was yanked from the index: broken build.',
    ]);
    expect(
      result.verdict.findings.find(
        (f) => f.package === 'locked-lib' && f.rule === 'maintenance/yanked',
      )?.fix,
    ).toBe('Move to locked-lib 2.0.');
    expect(
      findings.find(([p, r]) => p === 'stale-lib' && r === 'maintenance/no-recent-release')?.[2],
    ).toContain('no release since 0.1 on 2019-01-01');
    expect(result.unknowns).toEqual([]);
  });

  test('the same project facts as the JSON project answer gives (bar the status only the Simple API has)', async () => {
    const { http, options } = await services([lockedLib]);
    const result = await check(http, options, [lockOf({ 'locked-lib': '1.1' })]);
    const viaSimple = result.dependencies[0]?.facts?.project;
    const viaJson = await fetchProject(http, options.indexUrl, 'locked-lib');
    if (viaSimple?.status !== 'known' || viaJson.status !== 'known') throw new Error('missing');
    expect(viaSimple.source).toMatch(/\/simple\/locked-lib\/$/);
    const comparable = (p: typeof viaJson.value) => ({
      ...p,
      status: null,
      latest: null,
      releases: [...p.releases].sort((a, b) => a.version.localeCompare(b.version)),
    });
    expect(comparable(viaSimple.value)).toEqual(comparable(viaJson.value));
  });

  test('a quarantined locked project: the Simple page says so, and the finding names it', async () => {
    const { pypi, http, options } = await services([evilLib]);
    const result = await check(http, options, [lockOf({ 'evil-lib': '6.6' })]);
    const facts = result.dependencies[0]?.facts;
    expect(facts?.project).toMatchObject({
      status: 'known',
      value: { status: { status: 'quarantined', reason: 'malware report' } },
    });
    expect(result.verdict.findings.map((f) => [f.package, f.rule, f.severity])).toContainEqual([
      'evil-lib',
      'maintenance/project-status',
      'error',
    ]);
    // The version answer 404s (PyPI hides a quarantined project); the project answer is not asked.
    expect(pathsOf(pypi, 'evil-lib')).toEqual(['/pypi/evil-lib/6.6/json', '/simple/evil-lib/']);
  });
  test('an archived project, which only the Simple page says, is reported for a locked version', async () => {
    const archived: FakeProject = {
      ...staleLib,
      name: 'moved-lib',
      status: { status: 'archived', reason: 'moved to new-lib' },
    };
    const { http, options } = await services([archived]);
    const result = await check(http, options, [lockOf({ 'moved-lib': '0.1' })]);
    expect(
      result.verdict.findings.find((f) => f.rule === 'maintenance/project-status')?.message,
    ).toBe('The index marks moved-lib as archived: moved to new-lib.');
  });
});

describe('when the Simple page fails', () => {
  test('a failing Simple page falls back to the project answer: the facts are the same', async () => {
    const { pypi, http, options } = await services(
      [lockedLib],
      [{ match: /^\/simple\//, fault: { kind: 'status', status: 500 } }],
    );
    const result = await check(http, options, [lockOf({ 'locked-lib': '1.1' })]);
    const facts = result.dependencies[0]?.facts;
    expect(facts?.project).toMatchObject({
      status: 'known',
      value: {
        latestVersion: '2.0',
        repository: 'https://github.com/acme/locked-lib',
        ownershipRoles: 3,
      },
    });
    expect(result.unknowns).toEqual([]);
    expect([...new Set(pathsOf(pypi, 'locked-lib'))]).toEqual([
      '/pypi/locked-lib/1.1/json',
      '/pypi/locked-lib/json',
      '/simple/locked-lib/',
    ]);
  });

  test('a Simple page and a project answer that both fail: a clear message naming the package', async () => {
    const { pypi, http, options } = await services(
      [lockedLib],
      [{ match: /^\/(simple\/|pypi\/locked-lib\/json)/, fault: { kind: 'status', status: 503 } }],
    );
    const result = await check(http, options, [lockOf({ 'locked-lib': '1.1' })]);
    expect(result.dependencies[0]?.facts?.project).toMatchObject({
      status: 'missing',
      reason: expect.stringMatching(
        /^PyPI project locked-lib: the index is unavailable/,
      ) as unknown,
    });
    expect(result.unknowns).toContainEqual(
      expect.objectContaining({ package: 'locked-lib', fact: 'project' }),
    );
    expect(result.verdict.findings.map((f) => [f.package, f.rule])).toContainEqual([
      'locked-lib',
      'facts/unavailable',
    ]);
    // The Simple page was asked first, then the project answer in its place.
    expect(pathsOf(pypi, 'locked-lib')).toEqual(
      expect.arrayContaining(['/simple/locked-lib/', '/pypi/locked-lib/json']),
    );
  });

  test('a Simple page that dates no file (an index without PEP 700) is not trusted for upload times', async () => {
    const { pypi, http, options } = await services(
      [lockedLib],
      [{ match: /^\/simple\//, fault: { kind: 'wrong-content-type', contentType: 'text/html' } }],
    );
    const result = await check(http, options, [lockOf({ 'locked-lib': '1.1' })]);
    const project = result.dependencies[0]?.facts?.project;
    expect(project).toMatchObject({ status: 'known', value: { latestVersion: '2.0' } });
    if (project?.status !== 'known') throw new Error('missing');
    expect(project.value.releases.every((r) => r.uploaded !== null)).toBe(true);
    expect(pathsOf(pypi, 'locked-lib')).toEqual([
      '/pypi/locked-lib/1.1/json',
      '/pypi/locked-lib/json',
      '/simple/locked-lib/',
    ]);
  });
});

describe('releases from a PyPI Simple page', () => {
  test('a version PEP 700 lists with no file is a release with no upload, as the JSON API lists it', () => {
    const page = parseSimpleJson(
      JSON.stringify({
        name: 'x',
        versions: ['1.0', '1.1', '2.0'],
        files: [
          { filename: 'x-1.0.tar.gz', url: 'a', 'upload-time': '2020-01-01T00:00:00Z' },
          { filename: 'x-2.0.0-py3-none-any.whl', url: 'b', 'upload-time': '2021-01-01T00:00:00Z' },
        ],
      }),
      'https://pypi.example/simple/x/',
      'x',
    );
    if (page === null) throw new Error('not a page');
    expect(
      projectFromSimple(page, true).releases.map((r) => [r.version, r.uploaded, r.yanked]),
    ).toEqual([
      ['1.0', '2020-01-01T00:00:00Z', false],
      ['2.0.0', '2021-01-01T00:00:00Z', false],
      ['1.1', null, false],
    ]);
    // A private index's page is read as its files say.
    expect(projectFromSimple(page).releases.map((r) => r.version)).toEqual(['1.0', '2.0.0']);
  });
});
