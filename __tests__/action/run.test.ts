/**
 * runAction in process, with an in-memory GitHub: renamed, deleted and added manifests, the
 * base read at the base revision, and a token that cannot write.
 */
import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Annotation } from '../../src/action/annotations.js';
import type { GithubApi, PullFile } from '../../src/action/github-api.js';
import { runAction, type ActionIo } from '../../src/action/run.js';
import { CACHE_FILE, decodeCacheFile } from '../../src/facts/http/cache.js';
import { readFactsFile, startFakeServices, type FakeServices } from '../fakes/services.js';

// Each test builds git repositories and runs against fake servers: slow on a loaded machine, never wrong.
jest.setTimeout(120_000);

const root = fileURLToPath(new URL('../../', import.meta.url));
const facts = readFactsFile(join(root, 'examples/pr/facts.json'));
let services: FakeServices | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await services?.close();
  services = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pygovern-run-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** The base commit's policy file is looked for first: pygovern.toml, then pyproject.toml. */
const POLICY_READS = ['pygovern.toml@base1', 'pyproject.toml@base1'];

function memoryGithub(files: PullFile[], base: Record<string, string>, writable = true) {
  const asked: string[] = [];
  const writes: string[] = [];
  const deny = () => Promise.reject(Object.assign(new Error('Forbidden'), { status: 403 }));
  const api: GithubApi = {
    pullFiles: () => Promise.resolve(files),
    fileAt: (path, ref) => {
      asked.push(`${path}@${ref}`);
      const text = base[path];
      return Promise.resolve(text === undefined ? null : new TextEncoder().encode(text));
    },
    issueComments: () => Promise.resolve([]),
    createComment: (_n, body) => {
      writes.push(`comment:${body.split('\n')[1] ?? ''}`);
      return writable
        ? Promise.resolve({ id: 1, body, url: 'https://c/1', author: 'github-actions[bot]' })
        : deny();
    },
    updateComment: () => deny(),
    reviewComments: () => Promise.resolve([]),
    compareFiles: () => Promise.resolve(files),
    viewer: () => Promise.resolve('github-actions[bot]'),
    createReview: (_n, _c, _b, comments) => {
      writes.push(`review:${String(comments.length)}`);
      return writable ? Promise.resolve() : deny();
    },
  };
  return { api, asked, writes };
}

async function run(
  ws: string,
  api: GithubApi,
  inputs: Record<string, string> = {},
  seams: Partial<ActionIo> = {},
) {
  services ??= await startFakeServices(facts, { githubToken: 'tok' });
  const s = services;
  const out = {
    annotations: [] as Annotation[],
    outputs: {} as Record<string, string>,
    failed: null as string | null,
    summary: '',
    warnings: [] as string[],
  };
  const values: Record<string, string> = {
    'github-token': 'tok',
    'index-url': s.pypi.jsonUrl,
    'osv-url': s.osv.url,
    comment: 'always',
    'review-comments': 'true',
    ...inputs,
  };
  await runAction({
    env: {
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_REPOSITORY: 'acme/orders',
      GITHUB_WORKSPACE: ws,
      // The workspace holds the head commit (a checkout of the PR head).
      GITHUB_SHA: 'head1',
      GITHUB_API_URL: s.github.url,
      RUNNER_TEMP: ws,
      PYGOVERN_TODAY: '2026-11-24',
    },
    payload: {
      pull_request: {
        number: 3,
        base: { sha: 'base1', repo: { full_name: 'acme/orders' } },
        head: { sha: 'head1', repo: { full_name: 'acme/orders' } },
      },
    },
    getInput: (name) => values[name] ?? '',
    setSecret: () => undefined,
    info: () => undefined,
    warning: (line) => out.warnings.push(line),
    annotate: (a) => out.annotations.push(a),
    setOutput: (name, value) => {
      out.outputs[name] = value;
    },
    setFailed: (message) => {
      out.failed = message;
    },
    writeSummary: (markdown) => {
      out.summary = markdown;
      return Promise.resolve();
    },
    cwd: () => ws,
    writeFile: (path, text) => {
      writeFileSync(path, text);
    },
    github: () => api,
    ...seams,
  });
  return out;
}

describe('runAction', () => {
  test('a renamed manifest is compared with its old path at the base; a deleted one is not read', async () => {
    const ws = workspace({
      'requirements/app.txt': 'httpx==0.28.1\ntinyproxy-client==1.3.0\n',
      'README.md': 'hello\n',
    });
    const gh = memoryGithub(
      [
        {
          filename: 'requirements/app.txt',
          status: 'renamed',
          previousFilename: 'requirements.txt',
          patch:
            '@@ -1,2 +1,2 @@\n httpx==0.28.1\n-tinyproxy-client==1.2.0\n+tinyproxy-client==1.3.0',
        },
        { filename: 'Pipfile', status: 'removed', previousFilename: null, patch: undefined },
        { filename: 'README.md', status: 'modified', previousFilename: null, patch: '' },
      ],
      { 'requirements.txt': 'httpx==0.28.1\ntinyproxy-client==1.2.0\n' },
    );
    const out = await run(ws, gh.api);
    expect(gh.asked).toEqual([...POLICY_READS, 'requirements.txt@base1']);
    expect(out.outputs.outcome).toBe('fail');
    expect(out.failed).toMatch(/^pygovern: 1 finding fails the policy/);
    // The vulnerability is new; httpx's age was already there under the old name.
    expect(gh.writes).toEqual([
      'comment:## ❌ pygovern: 1 error introduced by this change',
      'review:1',
    ]);
    // Linked to the configured index's page (the fake's), the hyphen unbreakable.
    expect(out.summary).toMatch(
      /\[`tinyproxy\u2011client`\]\(http:\/\/127\.0\.0\.1:\d+\/project\/tinyproxy-client\/1\.3\.0\/\) \| changed `1\.2\.0` → `1\.3\.0`/,
    );
    expect(out.annotations.map((a) => `${a.file}:${String(a.line)} ${a.level}`)).toEqual([
      'requirements/app.txt:2 error',
    ]);
  });

  test('a pull_request payload that cannot be read is a warning in the log and the job summary', async () => {
    const ws = workspace({ 'requirements.txt': 'httpx==0.28.1\n' });
    const gh = memoryGithub([], {});
    const out = await run(
      ws,
      gh.api,
      {},
      {
        payload: null,
        payloadProblem: '/runner/event.json is not valid JSON',
      },
    );
    const warning =
      'The event payload could not be read (/runner/event.json is not valid JSON), so this pull_request run is not judged as a pull request: nothing is compared with a base and nothing is written to a pull request.';
    expect(out.warnings).toContain(warning);
    expect(out.summary).toContain('The event payload could not be read');
    expect(out.summary).toContain('not judged as a pull request');
    expect(gh.writes).toEqual([]);
  });

  test('an added manifest has no base: everything in it is introduced', async () => {
    const ws = workspace({ 'requirements.txt': 'httpx==0.28.1\n' });
    const gh = memoryGithub(
      [
        {
          filename: 'requirements.txt',
          status: 'added',
          previousFilename: null,
          patch: '@@ -0,0 +1 @@\n+httpx==0.28.1',
        },
      ],
      {},
    );
    const out = await run(ws, gh.api, { 'fail-on': 'warning' });
    expect(gh.asked).toEqual(POLICY_READS);
    expect(out.outputs.outcome).toBe('fail');
    expect(out.annotations.map((a) => a.title)).toEqual([
      'maintenance/no-recent-release: No release for a long time',
    ]);
  });

  test('scope: all reads every manifest of the repository, changed or not', async () => {
    const ws = workspace({
      'requirements.txt': 'httpx==0.28.1\n',
      'docs/requirements.txt': 'yamlette==0.9.1\n',
    });
    const gh = memoryGithub(
      [
        {
          filename: 'requirements.txt',
          status: 'modified',
          previousFilename: null,
          patch: '@@ -1 +1 @@\n-httpx==0.27.0\n+httpx==0.28.1',
        },
      ],
      { 'requirements.txt': 'httpx==0.27.0\n' },
    );
    const out = await run(ws, gh.api, { scope: 'all' });
    expect(gh.asked).toEqual([...POLICY_READS, 'requirements.txt@base1']);
    // yamlette's continuity risk is in an unchanged file: already present, yet it fails with scope all.
    expect(out.summary).toContain('docs/requirements.txt');
    expect(out.failed).toMatch(/scope: all/);
  });

  test('scope = "all" in the policy file reads every manifest too, not only the input', async () => {
    const ws = workspace({
      'pygovern.toml': 'scope = "all"\n',
      'requirements.txt': 'httpx==0.28.1\n',
      'docs/requirements.txt': 'yamlette==0.9.1\n',
    });
    const gh = memoryGithub(
      [
        {
          filename: 'requirements.txt',
          status: 'modified',
          previousFilename: null,
          patch: '@@ -1 +1 @@\n-httpx==0.27.0\n+httpx==0.28.1',
        },
      ],
      { 'requirements.txt': 'httpx==0.27.0\n', 'pygovern.toml': 'scope = "all"\n' },
    );
    const out = await run(ws, gh.api);
    expect(out.summary).toContain('docs/requirements.txt');
    expect(out.failed).toMatch(/scope: all/);
  });

  test('a mistake in the policy file is annotated once, at its line, and fails the step', async () => {
    const ws = workspace({
      'pygovern.toml': 'fail_on = "never"\n',
      'requirements.txt': 'httpx==0.28.1\n',
    });
    const gh = memoryGithub(
      [{ filename: 'requirements.txt', status: 'modified', previousFilename: null, patch: '' }],
      { 'requirements.txt': 'httpx==0.28.1\n', 'pygovern.toml': 'fail_on = "never"\n' },
    );
    const out = await run(ws, gh.api);
    expect(out.annotations.filter((a) => a.file === 'pygovern.toml')).toEqual([
      expect.objectContaining({
        level: 'error',
        line: 1,
        title: expect.stringMatching(/^input\/invalid/) as unknown,
      }),
    ]);
    expect(out.warnings).toEqual([]);
    expect(out.outputs.outcome).toBe('fail');
  });

  test('a token that cannot write: the run still reports and says why', async () => {
    const ws = workspace({ 'requirements.txt': 'streamvault==2.1.0\n' });
    const gh = memoryGithub(
      [
        {
          filename: 'requirements.txt',
          status: 'added',
          previousFilename: null,
          patch: '@@ -0,0 +1 @@\n+streamvault==2.1.0',
        },
      ],
      {},
      false,
    );
    const out = await run(ws, gh.api);
    expect(out.warnings.join('\n')).toContain('could not write to the pull request');
    expect(out.summary).toContain('license/source-available');
    expect(out.outputs.outcome).toBe('fail');
  });

  test('input timeout: an index that never answers leaves the package as could not tell, with the deadline as the reason', async () => {
    services ??= await startFakeServices(facts, { githubToken: 'tok' });
    services.pypi.setFaults([{ fault: { kind: 'slow', ms: 120_000 } }]);
    const ws = workspace({ 'requirements.txt': 'streamvault==2.1.0\n' });
    const gh = memoryGithub(
      [
        {
          filename: 'requirements.txt',
          status: 'added',
          previousFilename: null,
          patch: '@@ -0,0 +1 @@\n+streamvault==2.1.0',
        },
      ],
      {},
    );
    const out = await run(ws, gh.api, { timeout: '1' });
    const report = JSON.parse(readFileSync(join(ws, 'pygovern-report.json'), 'utf8')) as {
      unknowns: { package: string; reason: string }[];
    };
    expect(report.unknowns.length).toBeGreaterThan(0);
    for (const u of report.unknowns) expect(u.reason).toContain('the facts deadline of 1 s passed');
    expect(out.summary).toContain('the facts deadline of 1 s passed');
  }, 60_000);

  test('errors counts what fails the step; errors-total counts every error', async () => {
    const ws = workspace({ 'requirements.txt': 'streamvault==2.1.0\nhttpx==0.28.1\n' });
    const gh = memoryGithub(
      [
        {
          filename: 'requirements.txt',
          status: 'modified',
          previousFilename: null,
          patch: '@@ -1,2 +1,2 @@\n streamvault==2.1.0\n-httpx==0.27.0\n+httpx==0.28.1',
        },
      ],
      { 'requirements.txt': 'streamvault==2.1.0\nhttpx==0.27.0\n' },
    );
    const out = await run(ws, gh.api);
    // streamvault's licence was there before: reported, but it does not fail this change.
    expect(out.outputs.outcome).toBe('pass');
    expect(out.outputs.errors).toBe('0');
    expect(out.outputs['errors-total']).toBe('1');
  });

  test('a failed write is named in the job summary; the review and the outputs still happen', async () => {
    const ws = workspace({ 'requirements.txt': 'streamvault==2.1.0\n' });
    const gh = memoryGithub(
      [
        {
          filename: 'requirements.txt',
          status: 'added',
          previousFilename: null,
          patch: '@@ -0,0 +1 @@\n+streamvault==2.1.0',
        },
      ],
      {},
    );
    const api: GithubApi = {
      ...gh.api,
      createComment: () =>
        Promise.reject(Object.assign(new Error('Server Error'), { status: 502 })),
    };
    const out = await run(ws, api);
    expect(gh.writes).toEqual(['review:1']);
    expect(out.summary).toContain('could not write the summary comment (HTTP 502: Server Error)');
    expect(out.outputs.outcome).toBe('fail');
    expect(out.outputs['report-json']).toBeDefined();
  });

  test('a change larger than GitHub lists reads and compares every manifest', async () => {
    const ws = workspace({
      'requirements.txt': 'httpx==0.28.1\n',
      'docs/requirements.txt': 'yamlette==0.9.1\n',
    });
    const many: PullFile[] = Array.from({ length: 3000 }, (_, i) => ({
      filename: `src/m${String(i)}.py`,
      status: 'added',
      previousFilename: null,
      patch: '@@ -0,0 +1 @@\n+x = 1',
    }));
    const gh = memoryGithub(many, { 'docs/requirements.txt': 'yamlette==0.9.0\n' });
    const out = await run(ws, gh.api, { 'review-comments': 'false' });
    expect(out.warnings.join('\n')).toContain('GitHub lists only 3000 of the changed files');
    // Both manifests are read (nothing in the listed files names them) and compared.
    expect(out.summary).toContain('docs/requirements.txt');
    expect(gh.asked.sort()).toEqual([
      'docs/requirements.txt@base1',
      'pygovern.toml@base1',
      'pyproject.toml@base1',
      'requirements.txt@base1',
    ]);
  });
});

describe('the facts cache between runs', () => {
  const pr = () =>
    memoryGithub(
      [
        {
          filename: 'requirements.txt',
          status: 'modified',
          previousFilename: null,
          patch: '@@ -1 +1 @@\n-httpx==0.28.0\n+httpx==0.28.1',
        },
      ],
      { 'requirements.txt': 'httpx==0.28.0\n' },
    );
  test('restored before the check into RUNNER_TEMP, saved after it under the day and package key', async () => {
    const ws = workspace({ 'requirements.txt': 'httpx==0.28.1\n' });
    const calls: string[] = [];
    let saved: number | string = 0;
    const out = await run(
      ws,
      pr().api,
      {},
      {
        restoreCache: (paths, key, restoreKeys) => {
          calls.push(`restore ${paths.join()} ${key} ${restoreKeys.join(' ')}`);
          return Promise.resolve(undefined);
        },
        saveCache: (paths, key) => {
          calls.push(`save ${paths.join()} ${key}`);
          // Saved only once the run's facts are on disk: the HTTP client wrote them at close.
          const file = decodeCacheFile(readFileSync(join(paths[0] ?? '', CACHE_FILE)));
          saved = typeof file === 'string' ? file : file.size;
          return Promise.resolve();
        },
      },
    );
    expect(out.outputs.outcome).toBeDefined();
    expect(saved).toBeGreaterThan(0);
    const dir = join(ws, 'pygovern-facts-cache');
    expect(calls).toEqual([
      expect.stringMatching(
        new RegExp(
          `^restore ${dir} (pygovern-[^ ]+-2026-11-24-[0-9a-f]{16}) pygovern-[^ ]+-2026-11-24- pygovern-[^ ]+-$`,
        ),
      ),
      `save ${dir} ${calls[0]?.split(' ')[2] ?? ''}`,
    ]);
  });
  test('a cache that fails is a warning; cache: false asks it nothing', async () => {
    const ws = workspace({ 'requirements.txt': 'httpx==0.28.1\n' });
    const broken = {
      restoreCache: () => Promise.reject(new Error('cache service unreachable')),
      saveCache: () => Promise.reject(new Error('reserve refused')),
    };
    const out = await run(ws, pr().api, {}, broken);
    expect(out.outputs.outcome).toBeDefined();
    expect(out.warnings).toEqual(
      expect.arrayContaining([
        'pygovern: the facts cache was not restored (cache service unreachable).',
        'pygovern: the facts cache was not saved (reserve refused).',
      ]),
    );
    const off = await run(ws, pr().api, { cache: 'false' }, broken);
    expect(off.warnings.filter((w) => w.includes('facts cache'))).toEqual([]);
  });
});
