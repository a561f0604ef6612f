/** `pygovern check --format json` end to end, in process, against the fake services. */
import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { startFakePypi } from '../fakes/pypi.js';
import {
  checkJsonFlags,
  readFactsFile,
  startFakeServices,
  type FakeServices,
} from '../fakes/services.js';

// Each test runs the whole check against fake servers: slow on a loaded machine, never wrong.
jest.setTimeout(120_000);

const root = fileURLToPath(new URL('../../', import.meta.url));
const facts = readFactsFile(`${root}examples/pr/facts.json`);
/** The fake serves files where PyPI does: `/packages/<hash split>/<filename>`. */
const METADATA_PATH =
  /^\/packages\/[^/]+\/[^/]+\/[^/]+\/fastapi-0\.0\.1-py3-none-any\.whl\.metadata$/;
let services: FakeServices | null = null;
afterEach(async () => {
  await services?.close();
  services = null;
});

async function check(
  paths: string[],
  extra: string[] = [],
  env: Record<string, string> = { GITHUB_TOKEN: 'gh-test-token' },
) {
  if (services === null) throw new Error('start the services first');
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: root, env };
  const s = services;
  const code = await main(
    ['check', ...paths, ...checkJsonFlags(s, { cache: extra.includes('--cache-dir') }), ...extra],
    io,
  );
  const json =
    extra.includes('--format') || stdout === '' ? null : (JSON.parse(stdout) as CheckJson);
  return { code, stdout, stderr, json };
}

interface CheckJson {
  schemaVersion: number;
  today: string;
  summary: { dependencies: number; outcome: string; unknowns: number; errors: number };
  dependencies: {
    name: string;
    version: string | null;
    resolution: string;
    manifest: string;
    line: number;
    license: { expression: string | null; category: string; source: string } | null;
    latestRelease: { version: string; date: string | null } | null;
    requiresPython: string | null;
    activeMaintainers: number | null;
    maintainersSource: string | null;
    maintenance: Record<string, unknown> | null;
    repository: string | null;
    advisories: string[] | null;
  }[];
  findings: {
    rule: string;
    package: string | null;
    line: number | null;
    introduced: boolean;
    evidence: string | null;
  }[];
  unknowns: { package: string; fact: string; reason: string }[];
}

describe('pygovern check --format json', () => {
  test('fills the dependencies section from the facts of the version in use', async () => {
    services = await startFakeServices(facts, { githubToken: 'gh-test-token' });
    const { code, json, stderr } = await check(['examples/pr/head']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    if (json === null) throw new Error('no output');
    expect(json.schemaVersion).toBe(1);
    expect(json.today).toBe('2026-11-24');
    expect(json.summary.outcome).toBe('fail');
    const by = (name: string) => json.dependencies.find((d) => d.name === name);
    expect(by('tinyproxy-client')).toMatchObject({
      version: '1.3.0',
      resolution: 'pinned',
      manifest: 'examples/pr/head/pyproject.toml',
      line: 10,
      advisories: ['GHSA-7f3q-x2mw-tp4c'],
      latestRelease: { version: '1.3.2', date: '2025-11-02' },
      requiresPython: '>=3.9',
      activeMaintainers: 3,
      repository: 'https://github.com/acme-oss/tinyproxy-client',
    });
    expect(by('streamvault')).toMatchObject({
      version: '2.1.0',
      resolution: 'newest-matching',
      license: { expression: 'BUSL-1.1', category: 'source-available', osiApproved: false },
    });
    expect(by('yamlette')).toMatchObject({
      version: '0.9.1',
      activeMaintainers: 0,
      license: { expression: 'MIT', category: 'permissive', source: 'license' },
    });
    expect(by('fastapi')).toMatchObject({
      version: '0.121.0',
      latestRelease: { version: '0.121.0', date: '2026-10-20' },
      activeMaintainers: 4,
    });
    expect(json.unknowns).toEqual([]);
  });

  test('two manifests naming the same package make one request per fact', async () => {
    services = await startFakeServices(facts, { githubToken: 'gh-test-token' });
    await check(['examples/pr/base', 'examples/pr/head']);
    const paths = services.pypi.requests.map((r) => r.path);
    expect(paths.filter((p) => p === '/pypi/fastapi/json')).toHaveLength(1);
    expect(new Set(paths).size).toBe(paths.length);
    expect(
      services.osv.requests.filter((r) => r.path === '/v1/vulns/GHSA-7f3q-x2mw-tp4c'),
    ).toHaveLength(1);
    expect(services.github.graphqlBatches).toEqual([8]);
  });

  test('without a GitHub token maintainers are unknown, said so, and the token never leaks', async () => {
    services = await startFakeServices(facts);
    const { json } = await check(['examples/pr/head'], [], {});
    expect(json?.dependencies.find((d) => d.name === 'fastapi')?.activeMaintainers).toBeNull();
    expect(json?.unknowns.filter((u) => u.fact === 'repository').length).toBeGreaterThan(0);
    expect(services.github.requests).toHaveLength(0);
  });

  test('with 20 % of PyPI answers failing, the run finishes and every package is known or says why', async () => {
    services = await startFakeServices(facts, {
      githubToken: 'gh-test-token',
      faults: [
        {
          ratio: 0.2,
          fault: [
            { kind: 'status', status: 500 },
            { kind: 'reset' },
            { kind: 'status', status: 429, retryAfter: '0' },
          ],
        },
      ],
      seed: 7,
    });
    const { code, json } = await check(['examples/pr/head', 'examples/pr/base']);
    expect(code).toBe(1);
    if (json === null) throw new Error('no output');
    for (const d of json.dependencies) {
      const explained = json.unknowns.some((u) => u.package === d.name.toLowerCase());
      expect(d.license !== null || explained).toBe(true);
    }
    const secret = JSON.stringify(json);
    expect(secret).not.toContain('gh-test-token');
  });

  test('a private Simple API index with user:password in the URL gives the same facts, and the password stays secret', async () => {
    services = await startFakeServices(facts, { githubToken: 'gh-test-token' });
    const viaJson = await check(['examples/pr/head']);
    const jsonRequests = services.pypi.requests.length;
    const simple = services.pypi.simpleUrl.replace('http://', 'http://ci:s3cret-pass@');
    const viaSimple = await check(['examples/pr/head'], ['--simple-url', simple]);
    expect(viaSimple.code).toBe(viaJson.code);
    const licences = (r: typeof viaJson) =>
      r.json?.dependencies.map((d) => [d.name, d.version, d.license?.expression, d.requiresPython]);
    expect(licences(viaSimple)).toEqual(licences(viaJson));
    const simpleRequests = services.pypi.requests.slice(jsonRequests);
    expect(simpleRequests.every((r) => /^\/(simple|packages)\//.test(r.path))).toBe(true);
    expect(simpleRequests.some((r) => r.path.endsWith('.metadata'))).toBe(true);
    const basic = `Basic ${Buffer.from('ci:s3cret-pass').toString('base64')}`;
    expect(simpleRequests.every((r) => r.headers.authorization === basic)).toBe(true);
    expect(viaSimple.stdout + viaSimple.stderr).not.toContain('s3cret-pass');
  });

  test('a Simple API index: the repository comes from the metadata Project-URL, so maintainers and velocity are counted', async () => {
    // fastapi's repository answers open issues and dated commits like GitHub does.
    const withIssues: typeof facts = JSON.parse(JSON.stringify(facts)) as typeof facts;
    withIssues.repositories['fastapi/fastapi'] = {
      issues: [
        { createdAt: '2026-11-14T00:00:00Z', comments: 3 },
        { createdAt: '2026-08-26T00:00:00Z', comments: 0 },
        { createdAt: '2025-11-24T00:00:00Z', comments: 1 },
      ],
      commits: [
        { login: 'tiangolo', date: '2026-10-01T00:00:00Z' },
        { login: 'svlandeg', date: '2026-06-01T00:00:00Z' },
        { login: 'dependabot[bot]', date: '2026-05-01T00:00:00Z' },
        { login: 'old-timer', date: '2024-01-01T00:00:00Z' },
      ],
    };
    services = await startFakeServices(withIssues, { githubToken: 'gh-test-token' });
    const run = await check(['examples/pr/head'], ['--simple-url', services.pypi.simpleUrl]);
    const fastapi = run.json?.dependencies.find((d) => d.name === 'fastapi');
    expect(fastapi).toMatchObject({
      repository: 'https://github.com/fastapi/fastapi',
      activeMaintainers: 2,
      maintainersSource: 'github',
      maintenance: {
        medianOpenIssueAgeDays: 90,
        oldestOpenIssueDays: 90,
        contributorsLast12Months: 2,
        contributorsAllTime: 3,
        maintainersSource: 'github',
      },
    });
    expect(run.json?.dependencies.find((d) => d.name === 'yamlette')).toMatchObject({
      repository: 'https://github.com/yamlette/yamlette',
      activeMaintainers: 0,
    });
    expect(services.github.graphqlBatches.length).toBeGreaterThan(0);
    expect(services.pypi.requests.every((r) => /^\/(simple|packages)\//.test(r.path))).toBe(true);
  });

  test('without a GitHub token the PyPI ownership roles are the maintainer count, labelled as such', async () => {
    services = await startFakeServices(facts);
    const { json } = await check(['examples/pr/head'], [], {});
    const yamlette = json?.dependencies.find((d) => d.name === 'yamlette');
    expect(yamlette).toMatchObject({
      activeMaintainers: 1,
      maintainersSource: 'pypi',
      maintenance: { maintainersSource: 'pypi', contributorsLast12Months: null },
    });
    const risk = json?.findings.find(
      (f) => f.rule === 'maintenance/continuity-risk' && f.package === 'yamlette',
    );
    expect(risk?.evidence).toContain('PyPI (ownership roles Owner/Maintainer');
    expect(services.github.requests).toHaveLength(0);
  });

  test('--offline answers from the cache a previous run filled, with no request', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'pygovern-cache-'));
    try {
      services = await startFakeServices(facts, { githubToken: 'gh-test-token' });
      const online = await check(['examples/pr/head'], ['--cache-dir', cacheDir]);
      const served = services.pypi.requests.length + services.osv.requests.length;
      expect(served).toBeGreaterThan(0);
      const offline = await check(['examples/pr/head'], ['--cache-dir', cacheDir, '--offline']);
      expect(services.pypi.requests.length + services.osv.requests.length).toBe(served);
      expect(offline.json?.unknowns).toEqual([]);
      expect(offline.json?.dependencies).toEqual(online.json?.dependencies);
      // An empty cache offline: every fact is missing and says why, nothing passes silently.
      const empty = mkdtempSync(join(tmpdir(), 'pygovern-cache-'));
      const cold = await check(['examples/pr/head'], ['--cache-dir', empty, '--offline']);
      expect(cold.json?.unknowns.length).toBeGreaterThanOrEqual(
        cold.json?.dependencies.length ?? 1,
      );
      expect(cold.json?.unknowns[0]?.reason).toMatch(/offline/);
      rmSync(empty, { recursive: true, force: true });
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  test('--fail-on never passes; --config with a mistake names file and line and exits 2', async () => {
    services = await startFakeServices(facts, { githubToken: 'gh-test-token' });
    expect((await check(['examples/pr/head'], ['--fail-on', 'never'])).code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'pygovern-config-'));
    try {
      writeFileSync(join(dir, 'pygovern.toml'), 'fail-on = "never"\nstale-after-months = "soon"\n');
      const run = await check(['examples/pr/head'], ['--config', join(dir, 'pygovern.toml')]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /pygovern\.toml:2: "stale-after-months" must be a whole number of at least 1\n/,
      );
      // The mistake is an input/invalid finding; the valid key (fail-on never) still applied.
      const rules = run.json?.findings.map((f) => f.rule) ?? [];
      expect(rules).toContain('input/invalid');
      expect(run.json?.summary.outcome).toBe('pass');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--kind checks a file of any name as that kind', async () => {
    services = await startFakeServices(facts, { githubToken: 'gh-test-token' });
    const dir = mkdtempSync(join(tmpdir(), 'pygovern-kind-'));
    try {
      const file = join(dir, 'pinned.lst');
      writeFileSync(file, 'left-pad==1.0\n');
      const refused = await check([file]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('pinned.lst: not a Python manifest');
      const read = await check([file], ['--kind', 'requirements']);
      expect(read.stderr).toBe('');
      expect(read.json?.dependencies.map((d) => [d.name, d.version])).toEqual([
        ['left-pad', '1.0'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('markdown and sarif formats render the same verdict', async () => {
    services = await startFakeServices(facts, { githubToken: 'gh-test-token' });
    const md = await check(['examples/pr/head'], ['--format', 'markdown']);
    expect(md.stdout).toMatch(/^## ❌ pygovern: \d+ errors found/);
    const sarif = await check(['examples/pr/head'], ['--format', 'sarif']);
    expect(JSON.parse(sarif.stdout)).toMatchObject({ version: '2.1.0' });
  });

  test('--format markdown --charts adds the charts; packages link, files do not', async () => {
    services = await startFakeServices(facts, { githubToken: 'gh-test-token' });
    const plain = await check(['examples/pr/head'], ['--format', 'markdown']);
    expect(plain.stdout).not.toContain('```mermaid');
    const md = await check(['examples/pr/head'], ['--format', 'markdown', '--charts']);
    expect(md.stdout).toContain('### At a glance');
    expect(md.stdout).toContain('```mermaid\npie showData');
    expect(md.stdout).toContain('```mermaid\nxychart-beta');
    // Without a base the tree is everything judged.
    expect(md.stdout).toContain('**Dependency tree (');
    expect(md.stdout).toContain(
      `[\`streamvault\`](${services.pypi.url}/project/streamvault/2.1.0/)`,
    );
    expect(md.stdout).toContain('| `examples/pr/head/pyproject.toml:11` |');
  });

  test('a requirements file naming another index is looked up on that index, not on PyPI', async () => {
    services = await startFakeServices(facts, { githubToken: 'gh-test-token' });
    const privateIndex = await startFakePypi([
      {
        name: 'fastapi',
        licenseExpression: 'LicenseRef-Acme-Internal',
        releases: [{ version: '0.0.1', uploaded: '2026-01-01T00:00:00Z' }],
      },
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'pygovern-index-'));
    try {
      writeFileSync(
        join(dir, 'requirements.txt'),
        `--index-url ${privateIndex.simpleUrl}\nfastapi==0.0.1\n`,
      );
      // An index the policy does not trust is never asked: its packages could not be told.
      const untrusted = await check([dir]);
      expect(privateIndex.requests).toEqual([]);
      expect(
        untrusted.json?.findings.filter((f) => f.package === 'fastapi').map((f) => f.rule),
      ).toEqual(['facts/unavailable']);
      writeFileSync(
        join(dir, 'pygovern.toml'),
        `trusted-indexes = [${JSON.stringify(privateIndex.simpleUrl)}]\n`,
      );
      const run = await check([dir], ['--config', join(dir, 'pygovern.toml')]);
      const fastapi = run.json?.dependencies.find((d) => d.name === 'fastapi');
      // The internal fastapi, not the public project of the same name.
      expect(fastapi?.license?.expression).toBe('LicenseRef-Acme-Internal');
      expect(services.pypi.requests.filter((r) => r.path.includes('fastapi'))).toEqual([]);
      expect(privateIndex.requests.map((r) => r.path)).toEqual([
        '/simple/fastapi/',
        expect.stringMatching(METADATA_PATH),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await privateIndex.close();
    }
  });

  test('PYGOVERN_INDEX_TOKEN goes to the index only, as a bearer token, and is never printed', async () => {
    services = await startFakeServices(facts, { githubToken: 'gh-test-token' });
    const run = await check(['examples/pr/head'], ['--simple-url', services.pypi.simpleUrl], {
      GITHUB_TOKEN: 'gh-test-token',
      PYGOVERN_INDEX_TOKEN: 'idx-secret',
    });
    expect(services.pypi.requests.length).toBeGreaterThan(0);
    expect(
      services.pypi.requests.every((r) => r.headers.authorization === 'Bearer idx-secret'),
    ).toBe(true);
    const elsewhere = [...services.osv.requests, ...services.github.requests];
    expect(elsewhere.some((r) => String(r.headers.authorization).includes('idx-secret'))).toBe(
      false,
    );
    expect(run.stdout + run.stderr).not.toContain('idx-secret');
  });

  test('user:pass@ in a requirements file --index-url reaches that index as Basic auth, and no output shows it', async () => {
    services = await startFakeServices(facts, { githubToken: 'gh-test-token' });
    const privateIndex = await startFakePypi([
      {
        name: 'fastapi',
        licenseExpression: 'LicenseRef-Acme-Internal',
        releases: [{ version: '0.0.1', uploaded: '2026-01-01T00:00:00Z' }],
      },
    ]);
    const password = 'Pr1vate-Pass';
    const dir = mkdtempSync(join(tmpdir(), 'pygovern-index-'));
    try {
      const url = privateIndex.simpleUrl.replace('http://', `http://deploy:${password}@`);
      writeFileSync(join(dir, 'requirements.txt'), `--index-url ${url}\nfastapi==0.0.1\n`);
      // Only an index the policy trusts is asked (policy/untrusted-index otherwise).
      const config = join(dir, 'pygovern.toml');
      writeFileSync(config, `trusted-indexes = ["${privateIndex.simpleUrl}"]\n`);
      const run = await check([dir], ['--config', config]);
      const basic = `Basic ${Buffer.from(`deploy:${password}`).toString('base64')}`;
      expect(privateIndex.requests.map((r) => [r.path, r.headers.authorization])).toEqual([
        ['/simple/fastapi/', basic],
        [expect.stringMatching(METADATA_PATH), basic],
      ]);
      const fastapi = run.json?.dependencies.find((d) => d.name === 'fastapi');
      expect(fastapi?.license?.expression).toBe('LicenseRef-Acme-Internal');
      // Nowhere else: not PyPI, OSV or GitHub.
      const elsewhere = [
        ...services.pypi.requests,
        ...services.osv.requests,
        ...services.github.requests,
      ];
      expect(elsewhere.some((r) => r.headers.authorization === basic)).toBe(false);
      // Never printed, in any format, nor by deps.
      const outputs = [run.stdout, run.stderr];
      for (const format of ['text', 'markdown', 'sarif']) {
        const other = await check([dir], ['--format', format]);
        outputs.push(other.stdout, other.stderr);
      }
      let deps = '';
      const io: Io = {
        stdout: (t) => (deps += t),
        stderr: (t) => (deps += t),
        cwd: root,
        env: {},
      };
      await main(['deps', dir, '--json'], io);
      outputs.push(deps);
      expect(deps).toContain('***@');
      for (const text of outputs) {
        expect(text).not.toContain(password);
        expect(text).not.toContain(basic.slice('Basic '.length));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await privateIndex.close();
    }
  });

  test('--timeout: an index that never answers leaves every package as could not tell, with the deadline as the reason', async () => {
    services = await startFakeServices(facts, {
      githubToken: 'gh-test-token',
      faults: [{ fault: { kind: 'slow', ms: 120_000 } }],
    });
    const run = await check(['examples/pr/head'], ['--timeout', '1']);
    expect(run.json?.summary.unknowns).toBeGreaterThan(0);
    expect(run.json?.unknowns.length).toBe(run.json?.summary.unknowns);
    for (const u of run.json?.unknowns ?? [])
      expect(u.reason).toContain('the facts deadline of 1 s passed');
  }, 60_000);

  test('--timeout takes a whole number of seconds', async () => {
    let stderr = '';
    const io: Io = { stdout: () => undefined, stderr: (t) => (stderr += t), cwd: root, env: {} };
    expect(await main(['check', '--timeout', 'soon'], io)).toBe(2);
    expect(stderr).toContain('--timeout takes a whole number of seconds');
  });

  test('OSV asking to wait 100000 s is reported as rate limited, naming the host', async () => {
    services = await startFakeServices(facts, { githubToken: 'gh-test-token' });
    services.osv.setFaults([{ fault: { kind: 'status', status: 429, retryAfter: '100000' } }]);
    const run = await check(['examples/pr/head']);
    const host = new URL(services.osv.url).host;
    const advisories = run.json?.unknowns.filter((u) => u.fact === 'advisories') ?? [];
    expect(advisories.length).toBeGreaterThan(0);
    for (const u of advisories)
      expect(u.reason).toContain(
        `rate limited by ${host}: Retry-After 100000 s is longer than 60 s`,
      );
  }, 60_000);
});
