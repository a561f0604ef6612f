/** The action's pure parts: diff lines, the event, inputs, review planning, the comment's size. */
import { describe, expect, test } from '@jest/globals';
import { annotationsFor } from '../../src/action/annotations.js';
import { diffLines } from '../../src/action/diff.js';
import { readEvent, readPayload } from '../../src/action/event.js';
import { InputError, readInputs } from '../../src/action/inputs.js';
import { loadRemoteManifests, MAX_REMOTE_FILES } from '../../src/action/remote-manifests.js';
import { planReview } from '../../src/action/review.js';
import { judge } from '../../src/checks/judge.js';
import type { Finding } from '../../src/checks/types.js';
import { COMMENT_LIMIT, renderMarkdown } from '../../src/report/markdown.js';
import { advisory, context, report, resultOf } from '../checks/builders.js';

const PATCH = `@@ -3,4 +3,5 @@ name = "x"
 version = "1"
-requires-python = ">=3.10"
+requires-python = ">=3.8"
 dependencies = [
+    "streamvault>=2.0",
     "httpx",
@@ -20,2 +21,2 @@ dev = [
-    "pytest>=7",
+    "pytest>=8",
 ]`;

describe('diff lines', () => {
  test('added and shown right-side lines of each hunk', () => {
    const lines = diffLines(PATCH);
    expect([...lines.added]).toEqual([4, 6, 21]);
    expect([...lines.shown]).toEqual([3, 4, 5, 6, 7, 21, 22]);
    expect(diffLines(undefined).shown.size).toBe(0);
  });
});

describe('the event', () => {
  const env = { GITHUB_REPOSITORY: 'acme/orders', GITHUB_EVENT_NAME: 'pull_request' };
  const pr = (headRepo: string) => ({
    pull_request: {
      number: 7,
      base: { sha: 'b1', repo: { full_name: 'acme/orders' } },
      head: { sha: 'h1', repo: { full_name: headRepo } },
    },
  });
  test('a pull request from the same repository', () => {
    expect(readEvent(env, pr('acme/orders'))).toEqual({
      kind: 'pull_request',
      target: false,
      repository: { owner: 'acme', repo: 'orders' },
      number: 7,
      baseSha: 'b1',
      headSha: 'h1',
      fork: false,
    });
  });
  test('a pull request from a fork', () => {
    expect(readEvent(env, pr('someone/orders'))).toMatchObject({ fork: true });
  });
  test('pull_request_target: the base repository’s token, so a fork can be written to', () => {
    const target = { ...env, GITHUB_EVENT_NAME: 'pull_request_target' };
    expect(readEvent(target, pr('someone/orders'))).toMatchObject({
      kind: 'pull_request',
      target: true,
      fork: false,
      headSha: 'h1',
    });
  });
  test('merge_group and push compare two commits; a first push compares nothing', () => {
    const group = { merge_group: { base_sha: 'b2', head_sha: 'h2' } };
    expect(readEvent({ ...env, GITHUB_EVENT_NAME: 'merge_group' }, group)).toEqual({
      kind: 'compare',
      name: 'merge_group',
      repository: { owner: 'acme', repo: 'orders' },
      baseSha: 'b2',
      headSha: 'h2',
    });
    const push = { ...env, GITHUB_EVENT_NAME: 'push', GITHUB_SHA: 'a3' };
    expect(readEvent(push, { before: 'b3', after: 'a3' })).toMatchObject({
      kind: 'compare',
      baseSha: 'b3',
      headSha: 'a3',
    });
    expect(readEvent(push, { before: '0'.repeat(40), after: 'a3' })).toMatchObject({
      kind: 'other',
    });
  });
  test('a push without before, or a dispatch, is not a comparison', () => {
    expect(readEvent({ ...env, GITHUB_EVENT_NAME: 'push', GITHUB_SHA: 'abc' }, {})).toEqual({
      kind: 'other',
      name: 'push',
      repository: { owner: 'acme', repo: 'orders' },
      sha: 'abc',
    });
  });
});

describe('readPayload', () => {
  test('a payload that cannot be read or parsed is a problem that names the file, not an empty event', () => {
    expect(readPayload('/runner/event.json', () => '{"pull_request": {"number": 3}}')).toEqual({
      payload: { pull_request: { number: 3 } },
      problem: null,
    });
    expect(readPayload(undefined)).toEqual({ payload: {}, problem: null });
    expect(readPayload('/runner/event.json', () => '{"pull_request": ')).toEqual({
      payload: null,
      problem: '/runner/event.json is not valid JSON',
    });
    const missing = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
    expect(
      readPayload('/runner/event.json', () => {
        throw missing;
      }),
    ).toEqual({ payload: null, problem: 'cannot read /runner/event.json (ENOENT)' });
  });
});

describe('inputs', () => {
  const get = (values: Record<string, string>) => (name: string) => values[name] ?? '';
  test('policy inputs become a policy layer; service inputs have defaults', () => {
    const inputs = readInputs(
      get({
        'github-token': 't',
        'fail-on': 'warning',
        'allow-licenses': 'MIT, Apache-2.0\nBSD-3-Clause',
        'python-version': '3.11,3.12',
        'stale-after-months': '24',
        comment: 'on-failure',
        'review-comments': 'false',
      }),
    );
    expect(inputs.policy).toEqual({
      failOn: 'warning',
      allowLicenses: ['MIT', 'Apache-2.0', 'BSD-3-Clause'],
      pythonVersions: ['3.11', '3.12'],
      staleAfterMonths: 24,
    });
    expect(inputs).toMatchObject({
      comment: 'on-failure',
      reviewComments: false,
      indexUrl: 'https://pypi.org/pypi',
      osvUrl: 'https://api.osv.dev',
      simpleUrl: null,
      timeoutS: 300,
    });
    expect(readInputs(get({ timeout: '45' })).timeoutS).toBe(45);
    expect(readInputs(get({})).cache).toBe(true);
    expect(readInputs(get({ cache: 'false' })).cache).toBe(false);
    expect(readInputs(get({ transitive: 'false', 'max-depth': '3' })).policy).toEqual({
      transitive: false,
      maxDepth: 3,
    });
  });
  test.each([
    [{ 'fail-on': 'sometimes' }, /input fail-on must be one of error, warning, never/],
    [{ 'stale-after-months': 'soon' }, /input stale-after-months must be a whole number/],
    [{ 'python-version': '3' }, /input python-version must list X.Y versions/],
    [{ comment: 'maybe' }, /input comment must be one of always, on-failure, never/],
    [{ 'review-comments': 'yes' }, /input review-comments must be true or false/],
    [{ timeout: 'soon' }, /input timeout must be a whole number of at least 1/],
    [{ timeout: '0' }, /input timeout must be a whole number of at least 1/],
    [{ cache: 'off' }, /input cache must be true or false/],
    [{ transitive: 'no' }, /input transitive must be true or false/],
    [{ 'max-depth': '0' }, /input max-depth must be a whole number of at least 1/],
  ])('%j is refused', (values, message) => {
    expect(() => readInputs(get(values))).toThrow(InputError);
    expect(() => readInputs(get(values))).toThrow(message);
  });
});

function findings(): Finding[] {
  const a = report('vuln-lib', { advisories: [advisory('GHSA-1')] }, { line: 4 });
  const b = report('other-lib', { advisories: [advisory('GHSA-2')] }, { line: 40 });
  const c = report('third-lib', { advisories: [advisory('GHSA-3')] }, { line: 5 });
  return judge(context([a, b, c]), null).findings;
}

describe('review line comments', () => {
  const diff = new Map([['pyproject.toml', diffLines(PATCH)]]);

  test('introduced findings go on lines of the diff; others stay in the summary', () => {
    const plan = planReview(findings(), diff, []);
    expect(plan.comments.map((c) => `${c.path}:${String(c.line)}`)).toEqual([
      'pyproject.toml:5',
      'pyproject.toml:4',
    ]);
    expect(plan.offDiff.map((f) => f.package)).toEqual(['other-lib']);
    expect(plan.comments[1]?.body).toMatch(/^<!-- pygovern:finding [0-9a-f]{24} -->\n/);
  });

  test('a finding already commented on by an earlier run is not posted again', () => {
    const first = planReview(findings(), diff, []);
    const again = planReview(findings(), diff, first.comments);
    expect(again.comments).toEqual([]);
    expect(again.alreadyPosted).toBe(2);
  });

  test('findings not introduced, or excepted, get no line comment', () => {
    const all = findings().map((f) => ({ ...f, introduced: false }));
    expect(planReview(all, diff, []).comments).toEqual([]);
  });

  test('the number of line comments per review is bounded', () => {
    const many = findings().flatMap((f) =>
      Array.from({ length: 3 }, (_, i) => ({ ...f, key: `${f.key}-${String(i)}` })),
    );
    const plan = planReview(many, diff, [], 1);
    expect(plan.comments).toHaveLength(1);
    expect(plan.offDiff.length).toBeGreaterThan(0);
  });
});

describe('hostile advisory text', () => {
  const hostile = 'runs code\u001b[2J\u001b]52;c;ZXZpbA==\u0007\u009b31m\u202e GH-1 #2 @octocat';
  const RAW =
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
  const found = () =>
    judge(
      context([
        report('vuln-lib', { advisories: [advisory('GHSA-1', { summary: hostile })] }, { line: 4 }),
      ]),
      null,
    ).findings;

  test('review comments carry no control or bidi character and link nothing', () => {
    const diff = new Map([['pyproject.toml', diffLines(PATCH)]]);
    const body = planReview(found(), diff, [])
      .comments.map((c) => c.body)
      .join('\n');
    expect(body).toContain('runs code');
    expect(body).not.toMatch(RAW);
    expect(body).not.toMatch(/\bGH-\d|(?<!&)#\d|@octocat/);
  });

  test('annotations carry no control or bidi character', () => {
    const { annotations } = annotationsFor(found());
    expect(annotations.map((a) => a.message).join('\n')).toContain('runs code');
    for (const a of annotations) expect(a.message).not.toMatch(RAW);
  });
});

describe('annotations', () => {
  test('at most 10 of each level (what GitHub shows per step); excepted findings none', () => {
    const many = Array.from({ length: 25 }, (_, i) =>
      report(`lib-${String(i)}`, { advisories: [advisory(`GHSA-${String(i)}`)] }),
    );
    const found = judge(context(many), null).findings;
    found[0] = {
      ...found[0],
      exception: { reason: 'ok', expires: null, file: 'x', line: 1 },
    } as Finding;
    const { annotations, omitted } = annotationsFor(found);
    expect(annotations).toHaveLength(10);
    expect(omitted).toBe(14);
    expect(annotations[0]).toMatchObject({ level: 'error', file: 'pyproject.toml', line: 5 });
  });
});

describe('the summary comment', () => {
  test('stays under GitHub’s limit, cutting the tables and saying where the rest is', () => {
    const reports = Array.from({ length: 400 }, (_, i) =>
      report(`lib-${String(i)}`, {
        advisories: [advisory(`GHSA-${String(i)}`, { summary: 'x'.repeat(300) })],
      }),
    );
    const result = resultOf(context(reports));
    const body = renderMarkdown(result, { fullReportUrl: 'https://example.test/run/1' });
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    // Only what does not fit is cut.
    expect(body.length).toBeGreaterThan(COMMENT_LIMIT - 1_000);
    expect(body).toMatch(
      /\*… and \d+ more: see the \[full report\]\(https:\/\/example\.test\/run\/1\)\*/,
    );
    expect(renderMarkdown(result, { maxLength: Infinity }).length).toBeGreaterThan(COMMENT_LIMIT);
  });

  test('package metadata cannot inject Markdown or mention anyone', () => {
    const evil = report('evil', {
      advisories: [
        advisory('GHSA-9', { summary: '<img src=x> @octocat [x](http://e.vil) | cell' }),
      ],
    });
    const result = resultOf(context([evil]));
    const body = renderMarkdown(result);
    expect(body).not.toContain('<img');
    expect(body).not.toContain('@octocat');
    // The only links are the ones pygovern builds (index, advisory, README), none from metadata.
    const targets = [...body.matchAll(/[^\\]\]\(([^)]*)\)/g)].map((m) => m[1] ?? '');
    expect(targets.length).toBeGreaterThan(0);
    for (const t of targets)
      expect(t).toMatch(/^https:\/\/(pypi\.org\/project\/evil\/|github\.com\/pygovern\/pygovern#)/);
    // One backslash before the pipe: an escaped pipe, not an escaped backslash and a new cell.
    expect(body).toMatch(/[^\\]\\\| cell/);
  });
});

describe('manifests read through the API', () => {
  test('includes are fetched round by round; a missing include is an error, not a hang', async () => {
    const files: Record<string, string> = {
      'requirements.txt': '-r base.txt\nflask==3.0\n',
      'base.txt': '-r missing.txt\nrequests==2.32.0\n',
    };
    const asked: string[] = [];
    const manifests = await loadRemoteManifests(
      [{ path: 'requirements.txt', kind: 'requirements' }],
      (path) => {
        asked.push(path);
        return Promise.resolve(path in files ? new TextEncoder().encode(files[path]) : null);
      },
    );
    expect(asked).toEqual(['requirements.txt', 'base.txt', 'missing.txt']);
    expect(manifests[0]?.dependencies.map((d) => d.name)).toEqual(['requests', 'flask']);
    expect(manifests[0]?.errors.map((e) => e.file)).toEqual(['base.txt']);
  });

  test('an include chain deeper than the rounds allow says so at the include, and stops asking', async () => {
    const encode = (t: string) => new TextEncoder().encode(t);
    let asked = 0;
    const manifests = await loadRemoteManifests(
      [{ path: 'r0.txt', kind: 'requirements' }],
      (path) => {
        asked++;
        const n = Number(/\d+/.exec(path)?.[0] ?? 0);
        return Promise.resolve(encode(`-r r${String(n + 1)}.txt\n`));
      },
    );
    expect(asked).toBeLessThan(20);
    const messages = manifests[0]?.errors.map((e) => e.message) ?? [];
    expect(messages.some((m) => m.includes('includes nest more than 8 files deep'))).toBe(true);
    expect(messages.some((m) => m.includes('no such file'))).toBe(false);
  });

  test('a change naming more files than the bound reads at most the bound, and says so', async () => {
    const encode = (t: string) => new TextEncoder().encode(t);
    const lines = Array.from({ length: MAX_REMOTE_FILES + 50 }, (_, i) => `-r f${String(i)}.txt`);
    let asked = 0;
    let inFlight = 0;
    let peak = 0;
    const manifests = await loadRemoteManifests(
      [{ path: 'requirements.txt', kind: 'requirements' }],
      async (path) => {
        asked++;
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return encode(path === 'requirements.txt' ? `${lines.join('\n')}\n` : 'requests\n');
      },
    );
    expect(asked).toBe(MAX_REMOTE_FILES);
    expect(peak).toBeLessThanOrEqual(8);
    const messages = manifests[0]?.errors.map((e) => e.message) ?? [];
    expect(
      messages.filter((m) => m.includes(`more than ${String(MAX_REMOTE_FILES)} files`)).length,
    ).toBe(51);
  });
});
