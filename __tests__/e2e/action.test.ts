/**
 * The bundled action (dist/index.js) run as a runner runs it, on the example pull request,
 * against fake PyPI, OSV and GitHub; assertions are on what the fake GitHub received.
 */
import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  exampleSide,
  GITHUB_TOKEN,
  HEAD_SHA,
  runBundledAction,
  startScenario,
  type Scenario,
} from '../fakes/action-run.js';
import { readFactsFile } from '../fakes/services.js';

const { parseMermaid } = await import('../report/mermaid.js');

// Each test spawns the bundled action and git: slow on a loaded machine, never wrong.
jest.setTimeout(120_000);

const root = fileURLToPath(new URL('../../', import.meta.url));
const facts = readFactsFile(join(root, 'examples/pr/facts.json'));
const base = exampleSide(root, 'base');
const head = exampleSide(root, 'head');
const fixed = exampleSide(root, 'fixed');

let scenario: Scenario | null = null;
afterEach(async () => {
  await scenario?.close();
  scenario = null;
});

async function start(options: Parameters<typeof startScenario>[3] = {}) {
  scenario = await startScenario(facts, base, head, options);
  return scenario;
}

describe('the action on a pull request', () => {
  test('first run: one summary comment, one review on the lines that brought problems in, a failing step', async () => {
    const s = await start();
    const run = await runBundledAction(s, { root });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(1);
    expect(run.outputs.outcome).toBe('fail');
    expect(Number(run.outputs.errors)).toBeGreaterThan(0);
    expect(run.outputs['comment-url']).toMatch(/#issuecomment-\d+$/);

    expect(s.record.comments).toHaveLength(1);
    const body = s.record.comments[0]?.body ?? '';
    expect(body.split('\n')[0]).toBe(
      '<!-- pygovern:summary workflow=dependencies job=pygovern -->',
    );
    expect(body).toContain('## ❌ pygovern:');
    // Packages link to the configured index (here the fake), files to the head commit.
    const index = s.services.pypi.url;
    expect(body).toContain(
      `| [\`streamvault\`](${index}/project/streamvault/2.1.0/) | added \`2.1.0\` | BUSL-1.1 |`,
    );
    expect(body).toContain(
      `[\`tinyproxy\u2011client\`](${index}/project/tinyproxy-client/1.3.0/) | changed \`1.2.0\` → \`1.3.0\``,
    );
    expect(body).toContain(
      `[\`pyproject.toml:10\`](https://github.example/acme/orders/blob/${HEAD_SHA}/pyproject.toml#L10)`,
    );
    expect(body).toContain('(https://github.com/advisories/GHSA-7f3q-x2mw-tp4c)');
    expect(body).toContain(
      '<sub>[Workflow run](https://github.example/acme/orders/actions/runs/7)</sub>',
    );
    for (const rule of [
      'license/source-available',
      'vulnerability/known',
      'python/eol-target',
      'maintenance/continuity-risk',
    ])
      expect(body).toContain(`\`${rule}\``);
    // The README shows this very comment (without the hidden marker), as PyPI would link it.
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const shown = /gets this comment:\n\n([\s\S]*?)\n\n…and line comments/.exec(readme)?.[1] ?? '';
    const unquoted = shown.replace(/^> ?/gm, '');
    expect(unquoted).toBe(
      body
        .split('\n')
        .slice(1)
        .join('\n')
        .replaceAll(`${index}/project/`, 'https://pypi.org/project/'),
    );
    // httpx was stale before this change too: reported, but as already present.
    expect(body).toMatch(/Already present before this change[\s\S]*`httpx`/);

    expect(s.record.reviews).toHaveLength(1);
    expect(s.record.reviews[0]?.event).toBe('COMMENT');
    expect(s.record.reviews[0]?.commit_id).toBe(HEAD_SHA);
    const lines = s.record.reviewComments.map((c) => `${c.path}:${String(c.line)}`).sort();
    // requires-python (5), tinyproxy-client (10), streamvault (11), yamlette (12).
    expect(lines).toEqual([
      'pyproject.toml:10',
      'pyproject.toml:11',
      'pyproject.toml:12',
      'pyproject.toml:5',
    ]);
    const onVuln = s.record.reviewComments.find((c) => c.line === 10)?.body ?? '';
    expect(onVuln).toContain('GHSA-7f3q-x2mw-tp4c');
    expect(onVuln).toContain('Upgrade tinyproxy-client to 1.3.2 or later.');

    expect(run.annotations.filter((a) => a.level === 'error').length).toBeGreaterThan(0);
    expect(run.annotations).toContainEqual(
      expect.objectContaining({ level: 'warning', file: 'pyproject.toml', line: 5 }),
    );
    expect(run.summary).toContain('## ❌ pygovern:');
    // The job summary has the charts, each valid Mermaid; the comment has none.
    const charts = [...run.summary.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map(
      (m) => m[1] ?? '',
    );
    expect(await Promise.all(charts.map(parseMermaid))).toEqual(['pie', 'xychart', 'flowchart-v2']);
    expect(charts[2]).toContain('n0["pyproject.toml"]');
    expect(body).not.toContain('```mermaid');
    const report = JSON.parse(readFileSync(run.outputs['report-json'] ?? '', 'utf8')) as {
      summary: { outcome: string };
    };
    expect(report.summary.outcome).toBe('fail');
    // The runner hides the token through ::add-mask::; nothing else may carry it.
    const stdout = run.stdout.replace(/^::add-mask::.*$/m, '');
    for (const text of [stdout, run.summary, JSON.stringify(s.record)])
      expect(text).not.toContain(GITHUB_TOKEN);
  });

  test('a second identical run edits the comment and repeats no review comment', async () => {
    const s = await start();
    await runBundledAction(s, { root });
    const first = s.record.comments[0]?.body;
    const writes = s.record.writes.length;
    const run = await runBundledAction(s, { root });
    expect(run.exitCode).toBe(1);
    expect(s.record.comments).toHaveLength(1);
    expect(s.record.comments[0]?.body).toBe(first);
    expect(s.record.reviews).toHaveLength(1);
    expect(s.record.writes.slice(writes)).toEqual([
      'PATCH /repos/acme/orders/issues/comments/1000',
    ]);
  });

  test('after the fix, the same comment says all clear and the step passes', async () => {
    const s = await start();
    await runBundledAction(s, { root });
    s.push(fixed);
    const run = await runBundledAction(s, { root });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.outcome).toBe('pass');
    expect(s.record.comments).toHaveLength(1);
    expect(s.record.comments[0]?.body).toContain('## ✅ pygovern: all clear');
    expect(s.record.reviews).toHaveLength(1);
  });

  test('GitHub rate limits are waited out and retried, not failed on', async () => {
    const s = await start({
      faults: [
        {
          match: (method, path) => method === 'POST' && path.endsWith('/issues/42/comments'),
          fault: { kind: 'status', status: 429, retryAfter: '1' },
          times: 1,
        },
      ],
    });
    const run = await runBundledAction(s, { root });
    expect(run.stderr).toBe('');
    expect(
      s.services.github.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/comments')),
    ).toHaveLength(2);
    expect(s.record.comments).toHaveLength(1);
    expect(run.exitCode).toBe(1);
  });

  test('a fork pull request makes no write call and still reports in the summary and annotations', async () => {
    const s = await start({ writable: false });
    const run = await runBundledAction(s, { root, fork: true });
    expect(run.exitCode).toBe(1);
    expect(s.record.writes).toEqual([]);
    expect(run.summary).toContain('comes from a fork');
    expect(run.summary).toContain('license/source-available');
    expect(run.annotations.length).toBeGreaterThan(0);
  });

  test('a token that cannot write falls back to the summary and says why', async () => {
    const s = await start({ writable: false });
    const run = await runBundledAction(s, { root });
    expect(run.exitCode).toBe(1);
    expect(s.record.comments).toEqual([]);
    expect(run.summary).toContain('could not write to the pull request');
  });

  test('comment: on-failure posts nothing on a passing change', async () => {
    const s = await start();
    s.push(fixed);
    const run = await runBundledAction(s, { root, inputs: { comment: 'on-failure' } });
    expect(run.exitCode).toBe(0);
    expect(s.record.comments).toEqual([]);
  });

  test('comment: on-failure still turns an earlier failing comment into all clear', async () => {
    const s = await start();
    await runBundledAction(s, { root, inputs: { comment: 'on-failure' } });
    expect(s.record.comments).toHaveLength(1);
    s.push(fixed);
    const run = await runBundledAction(s, { root, inputs: { comment: 'on-failure' } });
    expect(run.exitCode).toBe(0);
    expect(s.record.comments).toHaveLength(1);
    expect(s.record.comments[0]?.body).toContain('all clear');
  });

  test('sarif-file writes SARIF for code scanning; fail-on never passes the step', async () => {
    const s = await start();
    const run = await runBundledAction(s, {
      root,
      inputs: { 'sarif-file': 'pygovern.sarif', 'fail-on': 'never', 'review-comments': 'false' },
    });
    expect(run.exitCode).toBe(0);
    expect(s.record.reviews).toEqual([]);
    const path = join(run.workspace, 'pygovern.sarif');
    expect(existsSync(path)).toBe(true);
    const sarif = JSON.parse(readFileSync(path, 'utf8')) as {
      runs: { results: { ruleId: string }[] }[];
    };
    expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toContain('vulnerability/known');
  });

  test('sbom-file writes the SBOM of what was judged, in sbom-format', async () => {
    const s = await start();
    const run = await runBundledAction(s, {
      root,
      inputs: { 'sbom-file': 'sbom.spdx.json', 'sbom-format': 'spdx', 'review-comments': 'false' },
    });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(1);
    const sbom = JSON.parse(readFileSync(join(run.workspace, 'sbom.spdx.json'), 'utf8')) as {
      spdxVersion: string;
      packages: { name: string; licenseConcluded: string }[];
    };
    expect(sbom.spdxVersion).toBe('SPDX-2.3');
    expect(sbom.packages).toContainEqual(
      expect.objectContaining({ name: 'streamvault', licenseConcluded: 'BUSL-1.1' }),
    );
  });

  test('on workflow_dispatch: no comment, the whole report in the job summary', async () => {
    const s = await start();
    const run = await runBundledAction(s, { root, event: 'workflow_dispatch' });
    expect(s.record.writes).toEqual([]);
    expect(run.summary).toContain('requirements-docs.txt');
    expect(run.summary).toContain('license/source-available');
    expect(run.exitCode).toBe(1);
  });
});
