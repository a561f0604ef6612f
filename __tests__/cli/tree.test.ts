/**
 * The dependency tree of a manifest without a lock, end to end in process against the fakes:
 * what a direct dependency pulls in two levels down is judged, with its path, on the line of
 * the direct dependency; markers and extras decide what is pulled in.
 */
import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import type { FakeProject } from '../fakes/pypi.js';
import {
  checkJsonFlags,
  startFakeServices,
  type FactsFile,
  type FakeServices,
} from '../fakes/services.js';

jest.setTimeout(120_000);

let services: FakeServices | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await services?.close();
  services = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const UPLOADED = '2026-06-01T00:00:00Z';
const project = (
  name: string,
  versions: string[],
  more: Partial<FakeProject> = {},
): FakeProject => ({
  name,
  releases: versions.map((version) => ({ version, uploaded: UPLOADED })),
  licenseExpression: 'MIT',
  ...more,
});

/**
 * webapp → corelib → {agpl-helper, leaky}; webapp's other requirements are excluded by a
 * marker (Pythons the project does not target) or name an extra (`speed` is asked, `docs` not).
 */
const FACTS: FactsFile = {
  projects: [
    project('webapp', ['1.0.0'], {
      requiresDist: [
        'corelib>=2',
        'oldpy-only>=1; python_version < "3.8"',
        'fast-ext>=1; extra == "speed"',
        'doc-ext>=1; extra == "docs"',
      ],
      projectUrls: { Source: 'https://github.com/acme/webapp' },
    }),
    {
      ...project('corelib', ['2.0.0', '2.1.0']),
      releases: [
        {
          version: '2.0.0',
          uploaded: UPLOADED,
          requiresDist: ['agpl-helper>=1', 'leaky==1.0.0'],
        },
        {
          version: '2.1.0',
          uploaded: UPLOADED,
          requiresDist: ['agpl-helper>=1', 'leaky==1.0.0'],
        },
        // pip on the targeted Pythons skips a release whose Requires-Python excludes them.
        { version: '2.2.0', uploaded: UPLOADED, requiresPython: '>=3.14' },
      ],
    },
    project('agpl-helper', ['1.0.0'], { licenseExpression: 'AGPL-3.0-only' }),
    project('leaky', ['1.0.0', '1.1.0']),
    project('oldpy-only', ['1.0.0'], { licenseExpression: 'AGPL-3.0-only' }),
    project('fast-ext', ['1.0.0'], { licenseExpression: 'GPL-3.0-only' }),
    project('doc-ext', ['1.0.0'], { licenseExpression: 'AGPL-3.0-only' }),
    project('haunted', ['1.0.0'], { requiresDist: ['ghost>=1'] }),
  ],
  advisories: [
    {
      id: 'GHSA-leak-0001',
      summary: 'leaky leaks',
      affected: [{ package: { ecosystem: 'PyPI', name: 'leaky' }, versions: ['1.0.0'] }],
    },
  ],
  repositories: {
    'acme/webapp': { commitAuthors: ['ann', 'bob', 'cyd', 'dee'] },
  },
};

const PYPROJECT = `[project]
name = "demo"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = [
  "webapp[speed]>=1",
]
`;

interface Json {
  dependencies: {
    name: string;
    version: string | null;
    line: number;
    direct: boolean;
    path: string[] | null;
    activeMaintainers: number | null;
  }[];
  findings: {
    rule: string;
    package: string | null;
    line: number | null;
    manifest: string;
    path: string[] | null;
    severity: string;
    introduced: boolean;
  }[];
}

async function check(
  files: Record<string, string>,
  extra: string[] = [],
  dir = mkdtempSync(join(tmpdir(), 'pygovern-tree-')),
) {
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const s = services ?? (services = await startFakeServices(FACTS, { githubToken: 'gh-test' }));
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: dir,
    env: { GITHUB_TOKEN: 'gh-test' },
  };
  const code = await main(['check', '.', ...checkJsonFlags(s), ...extra], io);
  if (stdout === '') throw new Error(`no report (exit ${String(code)}): ${stderr}`);
  const json = extra.includes('--format') ? ({ dependencies: [], findings: [] } as Json) : null;
  return { code, json: json ?? (JSON.parse(stdout) as Json), stdout, stderr };
}

const names = (json: Json) => json.dependencies.map((d) => d.name).sort();

describe('the tree of a pyproject without a lock', () => {
  test('an AGPL package and a vulnerable one two levels down are found, with their paths, on the direct line', async () => {
    const { json } = await check({ 'pyproject.toml': PYPROJECT });
    const agpl = json.findings.find((f) => f.package === 'agpl-helper');
    expect(agpl).toMatchObject({
      manifest: 'pyproject.toml',
      line: 6,
      path: ['webapp 1.0.0', 'corelib 2.1.0', 'agpl-helper 1.0.0'],
    });
    expect(agpl?.rule).toMatch(/^license\//);
    const vuln = json.findings.find((f) => f.rule === 'vulnerability/known');
    expect(vuln).toMatchObject({
      package: 'leaky',
      line: 6,
      path: ['webapp 1.0.0', 'corelib 2.1.0', 'leaky 1.0.0'],
    });
    const leaky = json.dependencies.find((d) => d.name === 'leaky');
    expect(leaky).toMatchObject({ version: '1.0.0', direct: false, line: 6 });
    expect(json.dependencies.find((d) => d.name === 'webapp')).toMatchObject({
      direct: true,
      path: null,
    });
  });

  test('a marker that excludes every targeted Python excludes the package; only the extras asked are pulled in', async () => {
    const { json } = await check({ 'pyproject.toml': PYPROJECT });
    expect(names(json)).toEqual(['agpl-helper', 'corelib', 'fast-ext', 'leaky', 'webapp']);
    expect(json.dependencies.find((d) => d.name === 'fast-ext')?.path).toEqual([
      'webapp 1.0.0',
      'fast-ext 1.0.0',
    ]);
    // corelib 2.2.0 requires Python 3.14: the newest release the targets can install is 2.1.0.
    expect(json.dependencies.find((d) => d.name === 'corelib')?.version).toBe('2.1.0');
  });

  test('without the extra, nothing it names; with python-version 3.7 the marker holds', async () => {
    const plain = PYPROJECT.replace('webapp[speed]>=1', 'webapp>=1');
    const { json } = await check({ 'pyproject.toml': plain }, ['--python-version', '3.7']);
    expect(names(json)).toEqual(['agpl-helper', 'corelib', 'leaky', 'oldpy-only', 'webapp']);
  });

  test('the comment groups transitive findings under their direct dependency, collapsed', async () => {
    const { stdout } = await check({ 'pyproject.toml': PYPROJECT }, ['--format', 'markdown']);
    expect(stdout).toContain('<details><summary>Through webapp 1.0.0: ');
    // Hyphens in the first column are non-breaking (U+2011), so a name never wraps mid-word.
    expect(stdout).toContain('| `webapp 1.0.0 → corelib 2.1.0 → agpl\u2011helper 1.0.0` |');
    const findings = stdout.slice(stdout.indexOf('### Findings'));
    // Nothing of the tree sits in the open table above the collapsed groups.
    expect(findings.slice(0, findings.indexOf('<details>'))).not.toContain('agpl-helper');
  });

  test('transitive = false judges only what the manifest names', async () => {
    const { json } = await check({
      'pyproject.toml': `${PYPROJECT}\n[tool.pygovern]\ntransitive = false\n`,
    });
    expect(names(json)).toEqual(['webapp']);
  });

  test('max-depth 1 stops below the direct dependencies’ own requirements', async () => {
    const { json } = await check({
      'pyproject.toml': `${PYPROJECT}\n[tool.pygovern]\nmax-depth = 1\n`,
    });
    expect(names(json)).toEqual(['corelib', 'fast-ext', 'webapp']);
  });

  test('--no-transitive and --max-depth on the command line do the same', async () => {
    const off = await check({ 'pyproject.toml': PYPROJECT }, ['--no-transitive']);
    expect(names(off.json)).toEqual(['webapp']);
    const one = await check({ 'pyproject.toml': PYPROJECT }, ['--max-depth', '1']);
    expect(names(one.json)).toEqual(['corelib', 'fast-ext', 'webapp']);
  });

  test('the same tree on a Simple index, maintainers counted from the metadata Project-URL', async () => {
    const s = services ?? (services = await startFakeServices(FACTS, { githubToken: 'gh-test' }));
    const { json } = await check({ 'pyproject.toml': PYPROJECT }, [
      '--simple-url',
      s.pypi.simpleUrl,
    ]);
    expect(names(json)).toEqual(['agpl-helper', 'corelib', 'fast-ext', 'leaky', 'webapp']);
    expect(json.findings.find((f) => f.package === 'agpl-helper')?.path).toEqual([
      'webapp 1.0.0',
      'corelib 2.1.0',
      'agpl-helper 1.0.0',
    ]);
    expect(json.dependencies.find((d) => d.name === 'webapp')?.activeMaintainers).toBe(4);
  });

  test('a transitive package the index does not know is could-not-tell, as a warning', async () => {
    const pyproject = PYPROJECT.replace('webapp[speed]>=1', 'haunted>=1');
    const { json } = await check({ 'pyproject.toml': pyproject });
    expect(json.findings.find((f) => f.package === 'ghost')).toMatchObject({
      rule: 'facts/unavailable',
      severity: 'warning',
      line: 6,
      path: ['haunted 1.0.0', 'ghost'],
    });
  });

  test('two specifiers with no common release: resolve/conflict, the first one judged', async () => {
    const pyproject = PYPROJECT.replace('webapp[speed]>=1', 'webapp>=1').replace(
      '"webapp>=1",',
      '"webapp>=1",\n  "leaky>=1.1",',
    );
    const { json } = await check({ 'pyproject.toml': pyproject });
    // leaky is named directly at >=1.1: corelib's ==1.0.0 does not change the version judged.
    expect(json.dependencies.filter((d) => d.name === 'leaky').map((d) => d.version)).toEqual([
      '1.1.0',
    ]);
    expect(json.findings.find((f) => f.rule === 'resolve/conflict')).toMatchObject({
      line: 6,
      severity: 'notice',
    });
  });
});

describe('introduced or already present', () => {
  test('a transitive finding of the base tree is already present; what the change pulls in is introduced', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pygovern-tree-git-'));
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: dir,
        stdio: 'ignore',
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@example.com',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@example.com',
        },
      });
    const plain = PYPROJECT.replace('webapp[speed]>=1', 'webapp>=1');
    writeFileSync(join(dir, 'pyproject.toml'), plain);
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    const head = plain.replace('"webapp>=1",', '"webapp>=1",\n  "haunted>=1",');
    const { json } = await check({ 'pyproject.toml': head }, ['--base', 'HEAD'], dir);
    const agpl = json.findings.find((f) => f.package === 'agpl-helper');
    expect(agpl).toMatchObject({ introduced: false, line: 6 });
    // Could not tell on a transitive package stays a warning, even introduced.
    expect(json.findings.find((f) => f.package === 'ghost')).toMatchObject({
      introduced: true,
      severity: 'warning',
      line: 7,
      path: ['haunted 1.0.0', 'ghost'],
    });
  });
});

/** The same tree written by each lock format: webapp → corelib → {agpl-helper, leaky}. */
const LOCKED: [string, string, string[]][] = [
  ['webapp', '1.0.0', ['corelib>=2']],
  ['corelib', '2.1.0', ['agpl-helper>=1', 'leaky==1.0.0']],
  ['agpl-helper', '1.0.0', []],
  ['leaky', '1.0.0', []],
];
const LOCKS: Record<string, string> = {
  'uv.lock': `version = 1\nrequires-python = ">=3.11"\n\n[[package]]\nname = "demo"\nversion = "0.1.0"\nsource = { virtual = "." }\ndependencies = [{ name = "webapp" }]\n${LOCKED.map(
    ([name, version, deps]) =>
      `\n[[package]]\nname = "${name}"\nversion = "${version}"\nsource = { registry = "https://pypi.org/simple" }\ndependencies = [${deps.map((d) => `{ name = "${d.split(/[<>=]/)[0] ?? ''}" }`).join(', ')}]\n`,
  ).join('')}`,
  'poetry.lock': `${LOCKED.map(
    ([name, version, deps]) =>
      `[[package]]\nname = "${name}"\nversion = "${version}"\ndescription = ""\noptional = false\npython-versions = ">=3.8"\nfiles = []\n\n[package.dependencies]\n${deps.map((d) => `${d.split(/[<>=]/)[0] ?? ''} = "${d.slice((d.split(/[<>=]/)[0] ?? '').length)}"`).join('\n')}\n\n`,
  ).join('')}[metadata]\nlock-version = "2.0"\npython-versions = ">=3.11"\ncontent-hash = "0"\n`,
  'pdm.lock': `[metadata]\ngroups = ["default"]\nlock_version = "4.4"\ncontent_hash = "sha256:0"\n${LOCKED.map(
    ([name, version, deps]) =>
      `\n[[package]]\nname = "${name}"\nversion = "${version}"\nrequires_python = ">=3.8"\ndependencies = [${deps.map((d) => JSON.stringify(d)).join(', ')}]\n`,
  ).join('')}`,
  // PEP 751: `[[packages]]` with `dependencies = [{ name = … }]`.
  'pylock.toml': `lock-version = "1.0"\ncreated-by = "test"\nrequires-python = ">=3.11"\n${LOCKED.map(
    ([name, version, deps]) =>
      `\n[[packages]]\nname = "${name}"\nversion = "${version}"\ndependencies = [${deps.map((d) => `{ name = "${d.split(/[<>=]/)[0] ?? ''}" }`).join(', ')}]\n`,
  ).join('')}`,
};

describe('with a lock, the lock is the tree', () => {
  test.each(Object.keys(LOCKS))('%s: its edges give the same paths', async (lock) => {
    const { json } = await check({ 'pyproject.toml': PYPROJECT, [lock]: LOCKS[lock] ?? '' });
    const agpl = json.findings.find((f) => f.package === 'agpl-helper');
    expect(agpl).toMatchObject({
      manifest: lock,
      path: ['webapp 1.0.0', 'corelib 2.1.0', 'agpl-helper 1.0.0'],
    });
    expect(json.findings.find((f) => f.rule === 'vulnerability/known')).toMatchObject({
      package: 'leaky',
      manifest: lock,
      path: ['webapp 1.0.0', 'corelib 2.1.0', 'leaky 1.0.0'],
    });
    // Nothing is resolved past the lock: fast-ext (an extra the lock did not take) is absent.
    expect(json.dependencies.some((d) => d.name === 'fast-ext')).toBe(false);
  });
});
