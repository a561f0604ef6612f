/**
 * The bundled action on workspaces built as actions/checkout builds them (a real merge commit
 * at refs/pull/N/merge fetched with depth 1, the base branch for pull_request_target), on
 * merge_group and push, and against comments GitHub users other than the token wrote.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checkoutLikeActions,
  runBundledAction,
  startScenario,
  type Scenario,
} from '../fakes/action-run.js';
import { readFactsFile } from '../fakes/services.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const facts = readFactsFile(join(root, 'examples/pr/facts.json'));
const MARKER = '<!-- pygovern:summary workflow=dependencies job=pygovern -->';

const base = {
  'requirements.txt': '# Runtime\nfastapi>=0.110\nhttpx>=0.27\n',
  'README.md': 'hi\n',
};
// streamvault (BUSL-1.1, not open source) on line 4 of the head.
const head = { ...base, 'requirements.txt': `${base['requirements.txt']}streamvault>=2.0\n` };
const movedBy = (n: number) => ({
  ...base,
  'requirements.txt': `# Runtime\n${'# owned by the orders team\n'.repeat(n)}fastapi>=0.110\nhttpx>=0.27\n`,
});

let scenario: Scenario | null = null;
afterEach(async () => {
  await scenario?.close();
  scenario = null;
});

const contentsAsked = (s: Scenario, sha: string) =>
  s.services.github.requests.filter((r) => r.path.includes('/contents/') && r.path.includes(sha));

describe('pull_request on the merge commit actions/checkout makes (fetch-depth 1)', () => {
  test.each([1, 2])(
    'main moved by %i lines above the new dependency: the line comment is on the head line',
    async (n) => {
      const co = checkoutLikeActions({ base, head, moved: movedBy(n), ref: 'merge' });
      const s = (scenario = await startScenario(facts, base, head, {
        shas: { base: co.baseSha, head: co.headSha },
        baseTip: movedBy(n),
      }));
      // The workspace is the merge: the new dependency is on line 4 + n there.
      const merged = readFileSync(join(co.workspace, 'requirements.txt'), 'utf8').split('\n');
      expect(merged[3 + n]).toBe('streamvault>=2.0');
      expect(() =>
        execFileSync('git', ['cat-file', '-e', `${co.headSha}^{commit}`], {
          cwd: co.workspace,
          stdio: 'ignore',
        }),
      ).toThrow();

      const run = await runBundledAction(s, { root, workspace: co.workspace, sha: co.mergeSha });
      expect(run.stderr).toBe('');
      expect(run.exitCode).toBe(1);
      expect(contentsAsked(s, co.headSha).length).toBeGreaterThan(0);
      expect(s.record.reviews).toHaveLength(1);
      expect(s.record.reviewComments.map((c) => `${c.path}:${String(c.line)}`)).toEqual([
        'requirements.txt:4',
      ]);
      expect(s.record.reviewComments[0]?.body).toContain('license/source-available');
      expect(run.annotations).toContainEqual(
        expect.objectContaining({ level: 'error', file: 'requirements.txt', line: 4 }),
      );
    },
    60_000,
  );

  test('GitHub refusing to list the changed files fails the step with a job summary that says why', async () => {
    const s = (scenario = await startScenario(facts, base, head, {
      faults: [
        {
          match: (method, path) => method === 'GET' && path.includes('/pulls/42/files'),
          fault: { kind: 'status', status: 404, json: { message: 'Not Found' } },
        },
      ],
    }));
    const run = await runBundledAction(s, { root });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.outcome).toBe('fail');
    expect(run.summary).toContain('pygovern could not finish');
    expect(run.summary).toContain('Nothing was judged, so the check fails.');
    expect(run.stderr).not.toContain('    at ');
  }, 60_000);

  test('a config input naming no file fails the step with a summary that names the config input', async () => {
    const s = (scenario = await startScenario(facts, base, head));
    const run = await runBundledAction(s, { root, inputs: { config: 'policy/missing.toml' } });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.outcome).toBe('fail');
    expect(run.summary).toContain('pygovern could not finish');
    expect(run.summary).toContain('input config');
    expect(run.summary).toContain('no such file');
    expect(run.summary).not.toContain('--config');
  }, 60_000);

  test('a review GitHub refuses with 422 is posted without line comments; the run still reports', async () => {
    const s = (scenario = await startScenario(facts, base, head, {
      faults: [
        {
          match: (method, path) => method === 'POST' && path.endsWith('/pulls/42/reviews'),
          fault: {
            kind: 'status',
            status: 422,
            json: {
              message: 'Unprocessable Entity',
              errors: ['Line could not be resolved'],
              documentation_url:
                'https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request',
              status: '422',
            },
          },
          times: 1,
        },
      ],
    }));
    const run = await runBundledAction(s, { root });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(1);
    expect(run.outputs.outcome).toBe('fail');
    expect(existsSync(run.outputs['report-json'] ?? '')).toBe(true);
    expect(s.record.comments).toHaveLength(1);
    expect(s.record.reviews).toHaveLength(1);
    expect(s.record.reviews[0]?.comments).toEqual([]);
    expect(s.record.reviews[0]?.body).toContain('Line could not be resolved');
    expect(run.summary).toContain('GitHub refused the review');
    expect(run.summary).toContain('Line could not be resolved');
    expect(run.annotations.some((a) => a.level === 'error')).toBe(true);
  }, 60_000);
});

describe('events other than pull_request', () => {
  test('pull_request_target: the base checkout is not the head; the head is read through the API', async () => {
    const co = checkoutLikeActions({ base, head, ref: 'base' });
    const s = (scenario = await startScenario(facts, base, head, {
      shas: { base: co.baseSha, head: co.headSha },
    }));
    expect(readFileSync(join(co.workspace, 'requirements.txt'), 'utf8')).not.toContain(
      'streamvault',
    );
    const run = await runBundledAction(s, {
      root,
      workspace: co.workspace,
      sha: co.baseSha,
      event: 'pull_request_target',
    });
    expect(run.exitCode).toBe(1);
    // The head's manifests and its policy file (to list what it changes) come from the API.
    expect(contentsAsked(s, co.headSha).map((r) => r.path.split('?')[0])).toEqual([
      '/repos/acme/orders/contents/pygovern.toml',
      '/repos/acme/orders/contents/pyproject.toml',
      '/repos/acme/orders/contents/requirements.txt',
    ]);
    expect(s.record.comments[0]?.body).toContain('streamvault');
    expect(s.record.reviewComments.map((c) => c.line)).toEqual([4]);
  }, 60_000);

  const bad = { ...base, 'requirements.txt': `${base['requirements.txt']}streamvault>=2.0\n` };
  const harmless = { ...bad, 'requirements.txt': `${bad['requirements.txt']}# pinned soon\n` };

  test('merge_group: only what the queued change brings in counts; main’s findings do not block', async () => {
    const co = checkoutLikeActions({ base: bad, head: harmless, ref: 'head' });
    const s = (scenario = await startScenario(facts, bad, harmless, {
      shas: { base: co.mergeBase, head: co.headSha },
    }));
    const run = await runBundledAction(s, {
      root,
      workspace: co.workspace,
      sha: co.headSha,
      event: 'merge_group',
      payload: {
        action: 'checks_requested',
        merge_group: {
          head_sha: co.headSha,
          head_ref: 'refs/heads/gh-readonly-queue/main/pr-42-abc',
          base_sha: co.mergeBase,
          base_ref: 'refs/heads/main',
        },
      },
    });
    expect(run.stderr).toBe('');
    expect(
      s.services.github.requests.some((r) =>
        r.path.startsWith(`/repos/acme/orders/compare/${co.mergeBase}...${co.headSha}`),
      ),
    ).toBe(true);
    expect(run.exitCode).toBe(0);
    expect(s.record.writes).toEqual([]);
    expect(run.summary).toContain('streamvault');
    expect(run.outputs.errors).toBe('0');
    expect(Number(run.outputs['errors-total'])).toBeGreaterThan(0);
  }, 60_000);

  test('merge_group: a queued change that brings a problem in fails on it alone', async () => {
    const worse = {
      ...bad,
      'requirements.txt': `${bad['requirements.txt']}tinyproxy-client==1.3.0\n`,
    };
    const co = checkoutLikeActions({ base: bad, head: worse, ref: 'head' });
    const s = (scenario = await startScenario(facts, bad, worse, {
      shas: { base: co.mergeBase, head: co.headSha },
    }));
    const run = await runBundledAction(s, {
      root,
      workspace: co.workspace,
      sha: co.headSha,
      event: 'merge_group',
      payload: { merge_group: { head_sha: co.headSha, base_sha: co.mergeBase } },
    });
    expect(run.exitCode).toBe(1);
    // The vulnerable pin fails the step; streamvault was already on main.
    expect(run.outputs.errors).toBe('1');
    expect(run.outputs['errors-total']).toBe('2');
  }, 60_000);

  test('push compares before...after; a first push judges the whole repository', async () => {
    const co = checkoutLikeActions({ base: bad, head: harmless, ref: 'head' });
    const s = (scenario = await startScenario(facts, bad, harmless, {
      shas: { base: co.mergeBase, head: co.headSha },
    }));
    const push = (before: string) =>
      runBundledAction(s, {
        root,
        workspace: co.workspace,
        sha: co.headSha,
        event: 'push',
        payload: { ref: 'refs/heads/main', before, after: co.headSha },
      });
    const later = await push(co.mergeBase);
    expect(later.exitCode).toBe(0);
    const first = await push('0'.repeat(40));
    expect(first.exitCode).toBe(1);
    expect(first.outputs.errors).toBe('1');
    expect(s.record.writes).toEqual([]);
  }, 60_000);
});

describe('what a pull request touches', () => {
  test('a docs-only change gets no new comment, but an existing one is updated', async () => {
    const docs = { ...base, 'README.md': 'new docs\n' };
    const s = (scenario = await startScenario(facts, base, docs));
    const run = await runBundledAction(s, { root });
    expect(run.exitCode).toBe(0);
    expect(s.record.writes).toEqual([]);
    s.record.comments.push({
      id: 1,
      body: `${MARKER}\n## ❌ pygovern: old`,
      html_url: 'https://github.example/acme/orders/pull/42#issuecomment-1',
      user: { login: 'github-actions[bot]', type: 'Bot' },
    });
    await runBundledAction(s, { root });
    expect(s.record.comments).toHaveLength(1);
    expect(s.record.comments[0]?.body).toContain('all clear');
  }, 60_000);

  test('a change to a file a manifest includes re-judges that manifest, whatever its name', async () => {
    const incBase = {
      'requirements.txt': '-r deps/prod.txt\n',
      'deps/prod.txt': 'fastapi>=0.110\n',
    };
    const incHead = { ...incBase, 'deps/prod.txt': 'fastapi>=0.110\nstreamvault>=2.0\n' };
    const s = (scenario = await startScenario(facts, incBase, incHead));
    const run = await runBundledAction(s, { root });
    expect(run.stdout).toContain('Checking 1 manifests');
    expect(run.exitCode).toBe(1);
    expect(s.record.reviewComments.map((c) => `${c.path}:${String(c.line)}`)).toEqual([
      'deps/prod.txt:2',
    ]);
  }, 60_000);
});

describe('only its own comments', () => {
  test('another user’s marked comment is not overwritten, nor does their copy of a mark suppress the line comment', async () => {
    const s = (scenario = await startScenario(facts, base, head));
    await runBundledAction(s, { root });
    expect(s.record.comments[0]?.user).toEqual({ login: 'github-actions[bot]', type: 'Bot' });
    // Someone else wrote the marker and the finding's mark.
    const mallory = { login: 'mallory', type: 'User' as const };
    for (const c of [...s.record.comments, ...s.record.reviewComments]) c.user = mallory;
    const theirs = `${MARKER}\nLooks good to me, merge it.`;
    if (s.record.comments[0] !== undefined) s.record.comments[0].body = theirs;
    const run = await runBundledAction(s, { root });
    expect(run.exitCode).toBe(1);
    expect(s.record.comments).toHaveLength(2);
    expect(s.record.comments[0]?.body).toBe(theirs);
    expect(s.record.comments[1]?.user.login).toBe('github-actions[bot]');
    expect(s.record.reviews).toHaveLength(2);
  }, 60_000);

  test('a personal token: its user’s comments are recognised as its own', async () => {
    const viewer = { login: 'acme-ci', type: 'User' as const };
    const s = (scenario = await startScenario(facts, base, head, { viewer }));
    // A marked comment by github-actions[bot] is not this token's.
    const bots = `${MARKER}\nfrom another workflow's token`;
    s.record.comments.push({
      id: 1,
      body: bots,
      html_url: 'https://github.example/acme/orders/pull/42#issuecomment-1',
      user: { login: 'github-actions[bot]', type: 'Bot' },
    });
    await runBundledAction(s, { root });
    await runBundledAction(s, { root });
    expect(s.record.comments).toHaveLength(2);
    expect(s.record.comments[0]?.body).toBe(bots);
    expect(s.record.comments[1]?.user).toEqual(viewer);
    expect(s.record.reviews).toHaveLength(1);
  }, 60_000);
});
