/**
 * The bundled CLI (dist/cli/index.js) on a generated repository whose change triggers every
 * rule id, against the fake services: the JSON names each rule, and the SARIF is valid
 * SARIF 2.1.0 (checked against the OASIS schema).
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULE_IDS } from '../../src/rules/catalogue.js';
import type { FakeProject } from '../fakes/pypi.js';
import { startFakeServices, type FactsFile, type FakeServices } from '../fakes/services.js';

// Each test spawns the bundled CLI: slow on a loaded machine, never wrong.
jest.setTimeout(120_000);

const root = fileURLToPath(new URL('../../', import.meta.url));
const fresh = '2026-06-01T00:00:00Z';
const maintained = ['ann', 'bob', 'cem', 'dai', 'eve'];

function project(name: string, spec: Partial<FakeProject> & { uploaded?: string } = {}) {
  const { uploaded, ...rest } = spec;
  return {
    name,
    licenseExpression: 'MIT',
    requiresPython: '>=3.8',
    projectUrls: { Source: `https://github.com/acme/${name}` },
    releases: [{ version: '1.0', uploaded: uploaded ?? fresh }],
    ...rest,
  } satisfies FakeProject;
}

const facts: FactsFile = {
  projects: [
    project('relicensed', {
      releases: [
        { version: '0.9', uploaded: '2026-01-01T00:00:00Z' },
        { version: '1.0', uploaded: fresh, licenseExpression: 'Apache-2.0' },
      ],
    }),
    project('closed-lib', {
      licenseExpression: null,
      classifiers: ['License :: Other/Proprietary License'],
    }),
    project('bsl-lib', { licenseExpression: 'BUSL-1.1' }),
    project('gpl-lib', { licenseExpression: 'GPL-3.0-only' }),
    project('mpl-lib', { licenseExpression: 'MPL-2.0' }),
    project('mystery-lib', { licenseExpression: null, license: 'UNKNOWN' }),
    project('new-python-lib', { requiresPython: '>=3.12' }),
    // Its one release is 14 months old: not stale, but no release in the last 12 months.
    project('py2-lib', { requiresPython: '<3', uploaded: '2025-09-01T00:00:00Z' }),
    project('stale-lib', { uploaded: '2023-01-01T00:00:00Z' }),
    project('abandoned-lib', { uploaded: '2019-01-01T00:00:00Z' }),
    project('yanked-lib', {
      releases: [
        { version: '1.0', uploaded: fresh, yanked: 'broken wheel' },
        { version: '1.1', uploaded: fresh },
      ],
    }),
    project('archived-lib'),
    project('evil-lib', { status: { status: 'quarantined', reason: 'malware report' } }),
    project('vuln-lib'),
  ],
  advisories: [
    {
      id: 'GHSA-vvvv-1111-2222',
      summary: 'vuln-lib runs code from untrusted input',
      aliases: ['CVE-2026-1111'],
      database_specific: { severity: 'CRITICAL' },
      affected: [
        {
          package: { ecosystem: 'PyPI', name: 'vuln-lib' },
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.1' }] }],
        },
      ],
    },
  ],
  repositories: Object.fromEntries(
    [
      'relicensed',
      'closed-lib',
      'bsl-lib',
      'gpl-lib',
      'mpl-lib',
      'mystery-lib',
      'new-python-lib',
      'py2-lib',
      'stale-lib',
      'yanked-lib',
      'evil-lib',
      'vuln-lib',
    ]
      .map((n) => [`acme/${n}`, { commitAuthors: maintained }] as [string, object])
      .concat([
        ['acme/abandoned-lib', { commitAuthors: ['solo'] }],
        ['acme/archived-lib', { archived: true, commitAuthors: maintained }],
        [
          'acme/vuln-lib', // its one open issue waits, unanswered, since 2025
          {
            commitAuthors: maintained,
            issues: [{ createdAt: '2025-01-01T00:00:00Z', comments: 0 }],
          },
        ],
      ]),
  ),
};

const pins = [
  'relicensed==1.0',
  'closed-lib==1.0',
  'bsl-lib==1.0',
  'gpl-lib==1.0',
  'mpl-lib==1.0',
  'mystery-lib==1.0',
  'new-python-lib==1.0',
  'py2-lib==1.0; python_version < "3"',
  'stale-lib==1.0',
  'abandoned-lib==1.0',
  'yanked-lib==1.0',
  'archived-lib==1.0',
  'evil-lib==1.0',
  'vuln-lib==1.0',
  'ghost-lib==1.0',
];

const pyproject = (requiresPython: string, deps: string[], policy = '') => `[project]
name = "generated"
version = "1.0"
requires-python = "${requiresPython}"
dependencies = [
${deps.map((d) => `    ${JSON.stringify(d)},`).join('\n')}
]

[tool.pygovern]
deny-licenses = ["MPL-2.0"]
${policy}max-median-issue-age-days = 200
min-releases-per-year = 1

[[tool.pygovern.exceptions]]
package = "gpl-lib"
rule = "license/copyleft"
reason = "legal review LEGAL-7, renewal pending"
expires = "2026-10-01"

[[tool.pygovern.exceptions]]
package = "left-pad"
reason = "was used by the old build"
`;

let services: FakeServices;
let repo: string;

beforeAll(async () => {
  services = await startFakeServices(facts, { githubToken: 'gh-e2e' });
  repo = mkdtempSync(join(tmpdir(), 'pygovern-repo-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: repo,
      stdio: 'ignore',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@example.com',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@example.com',
      },
    });
  git('init', '-q');
  writeFileSync(
    join(repo, 'pyproject.toml'),
    pyproject('>=3.11', ['relicensed==0.9', 'stale-lib==1.0']),
  );
  git('add', '.');
  git('commit', '-q', '-m', 'base');
  // The change also relaxes the policy (judged by the base's) and names another index.
  writeFileSync(
    join(repo, 'pyproject.toml'),
    pyproject('>=3.9', pins, 'stale-after-months = 48\n'),
  );
  mkdirSync(join(repo, 'requirements'));
  writeFileSync(
    join(repo, 'requirements', 'extra.txt'),
    'vuln-lib==1.0\nnot a requirement ===\ngit+https://github.com/o/unnamed.git@v1\n',
  );
  writeFileSync(
    join(repo, 'requirements', 'mirror.txt'),
    '--extra-index-url https://mirror.example/simple\n',
  );
  // A Conda package is listed, never looked up on PyPI.
  writeFileSync(join(repo, 'environment.yml'), 'dependencies:\n  - conda-forge::numpy=1.26\n');
});

afterAll(async () => {
  await services.close();
  rmSync(repo, { recursive: true, force: true });
});

/** Runs the bundled CLI without blocking: the fake services answer from this process. */
async function cli(format: string) {
  const child = spawn(
    process.execPath,
    [
      join(root, 'dist/cli/index.js'),
      'check',
      '.',
      '--format',
      format,
      '--base',
      'HEAD',
      '--today',
      '2026-11-24',
      '--no-cache',
      '--index-url',
      services.pypi.jsonUrl,
      '--osv-url',
      services.osv.url,
      '--github-api-url',
      services.github.url,
    ],
    { cwd: repo, env: { PATH: process.env.PATH ?? '', GITHUB_TOKEN: 'gh-e2e' } },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const status = await new Promise<number | null>((done) => child.on('close', done));
  return { status, stdout, stderr };
}

interface Finding {
  rule: string;
  package: string | null;
  introduced: boolean;
  manifest: string;
  line: number | null;
  exception: unknown;
}

describe('pygovern check on a change that breaks every rule', () => {
  test('the JSON reports every rule id, each finding at its file and line', async () => {
    const run = await cli('json');
    // An unreadable requirement line is an input error: exit status 2, named on stderr.
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^requirements\/extra\.txt:2: /m);
    const json = JSON.parse(run.stdout) as { findings: Finding[]; summary: { outcome: string } };
    expect(json.summary.outcome).toBe('fail');
    const rules = new Set(json.findings.map((f) => f.rule));
    expect([...rules].sort()).toEqual([...RULE_IDS].sort());
    const one = (rule: string) => json.findings.filter((f) => f.rule === rule);
    expect(one('license/changed').map((f) => f.package)).toEqual(['relicensed']);
    expect(one('license/denied').map((f) => f.package)).toEqual(['mpl-lib']);
    expect(one('python/eol-only').map((f) => f.package)).toEqual(['py2-lib']);
    expect(one('python/incompatible').map((f) => f.package)).toEqual(['new-python-lib']);
    expect(one('maintenance/project-status').map((f) => f.package)).toEqual(['evil-lib']);
    expect(one('facts/unavailable').map((f) => f.package)).toEqual(['ghost-lib']);
    expect(one('input/invalid')[0]).toMatchObject({ manifest: 'requirements/extra.txt', line: 2 });
    expect(one('input/unnamed-url')[0]).toMatchObject({
      manifest: 'requirements/extra.txt',
      line: 3,
      severity: 'notice',
    });
    expect(one('input/conda-not-judged')).toEqual([
      expect.objectContaining({ manifest: 'environment.yml', line: 2, severity: 'notice' }),
    ]);
    // stale-lib was there before the change; the rest is new.
    expect(one('maintenance/no-recent-release')[0]?.introduced).toBe(false);
    expect(one('maintenance/continuity-risk')[0]?.introduced).toBe(true);
    // The expired exception no longer applies to gpl-lib.
    expect(one('license/copyleft')[0]?.exception).toBeNull();
    expect(one('vulnerability/known')[0]?.manifest).toBe('pyproject.toml');
    // The policy at --base judges: stale-lib is still stale after 18 months.
    expect(one('policy/changed')).toMatchObject([
      { manifest: 'pyproject.toml', line: 25, introduced: true },
    ]);
    expect(one('maintenance/no-recent-release').map((f) => f.package)).toContain('stale-lib');
    expect(one('policy/untrusted-index')).toMatchObject([
      { manifest: 'requirements/mirror.txt', line: 1, introduced: true },
    ]);
  });

  test('the SARIF is valid SARIF 2.1.0 with one rule per rule id', async () => {
    const run = await cli('sarif');
    const sarif = JSON.parse(run.stdout) as {
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string }[] }[];
    };
    const { default: Ajv2020 } = (await import('ajv/dist/2020.js')) as unknown as {
      default: new (o: object) => {
        compile: (s: object) => ((d: unknown) => boolean) & { errors?: unknown };
      };
    };
    const schema = JSON.parse(
      readFileSync(join(root, '__tests__/fixtures/sarif-2.1.0.json'), 'utf8'),
    ) as object;
    const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(schema);
    const valid = validate(sarif);
    expect(validate.errors ?? null).toBeNull();
    expect(valid).toBe(true);
    const driverRules = sarif.runs[0]?.tool.driver.rules.map((r) => r.id);
    expect(driverRules).toEqual([...RULE_IDS]);
    expect(new Set(sarif.runs[0]?.results.map((r) => r.ruleId))).toEqual(new Set(RULE_IDS));
  });

  test('text and markdown name the failure', async () => {
    const [text, markdown] = await Promise.all([cli('text'), cli('markdown')]);
    // (16 from PyPI, and numpy from environment.yml, listed but not judged)
    expect(text.stdout).toMatch(/^FAIL: 17 dependencies/m);
    expect(markdown.stdout).toMatch(/^## ❌ pygovern: \d+ errors/m);
    expect(markdown.stdout).toContain('### Dependencies this change touches');
  });
});

describe('pygovern deps | head', () => {
  test('a reader that closes the pipe early ends the run quietly, exit status 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pygovern-pipe-'));
    try {
      // Far more than a pipe holds, so the CLI is still writing when the reader goes away.
      const lines = Array.from({ length: 20_000 }, (_, i) => `package-${String(i)}==1.0`);
      writeFileSync(join(dir, 'requirements.txt'), `${lines.join('\n')}\n`);
      const child = spawn(process.execPath, [join(root, 'dist/cli/index.js'), 'deps'], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '' },
      });
      let stderr = '';
      let first = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.once('data', (d: Buffer) => {
        first = d.toString();
        child.stdout.destroy(); // what `head` does once it has its lines
      });
      const status = await new Promise<number | null>((done) => child.on('close', done));
      expect(first).toContain('requirements.txt  [requirements]  20000 dependencies');
      expect(stderr).toBe('');
      expect(status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
