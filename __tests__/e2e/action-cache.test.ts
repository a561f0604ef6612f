/**
 * The bundled action keeps its facts cache between runs with the Actions cache: two runs
 * against the fakes and a fake cache service, each on a fresh runner (same RUNNER_TEMP path,
 * nothing left on disk); the second answers from the restored cache.
 */
import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeActionsCache, type FakeActionsCache } from '../fakes/actions-cache.js';
import {
  exampleSide,
  runBundledAction,
  startScenario,
  type Scenario,
} from '../fakes/action-run.js';
import { readFactsFile } from '../fakes/services.js';

jest.setTimeout(180_000);

const root = fileURLToPath(new URL('../../', import.meta.url));
const facts = readFactsFile(join(root, 'examples/pr/facts.json'));

let scenario: Scenario | null = null;
let cacheService: FakeActionsCache | null = null;
afterEach(async () => {
  await scenario?.close();
  await cacheService?.close();
  scenario = null;
  cacheService = null;
});

describe('cache input', () => {
  test('the second run restores the facts cache and asks PyPI far less', async () => {
    const s = (scenario = await startScenario(
      facts,
      exampleSide(root, 'base'),
      exampleSide(root, 'head'),
    ));
    const service = (cacheService = await startFakeActionsCache());
    const runnerTemp = mkdtempSync(join(tmpdir(), 'pygovern-runner-'));
    const env = {
      RUNNER_TEMP: runnerTemp,
      ACTIONS_CACHE_URL: service.url,
      ACTIONS_RUNTIME_TOKEN: service.token,
    };
    const pypiRequests = () => s.services.pypi.requests.length;
    try {
      const first = await runBundledAction(s, { root, env });
      expect(first.outputs.outcome).toBe('fail');
      const cold = pypiRequests();
      expect(cold).toBeGreaterThan(0);
      expect(service.keys()).toEqual([
        expect.stringMatching(/^pygovern-[^-]+-2026-11-24-[0-9a-f]{16}$/),
      ]);
      expect(first.stdout).not.toMatch(/^::warning::pygovern: the facts cache/m);

      // A new runner: the same paths, nothing on disk but what the cache service restores.
      rmSync(join(runnerTemp, 'pygovern-facts-cache'), { recursive: true, force: true });
      const second = await runBundledAction(s, { root, env });
      expect(second.outputs.outcome).toBe('fail');
      expect(second.summary).toBe(first.summary);
      expect(second.stdout).toContain(`Facts cache: restored ${service.keys()[0] ?? ''}`);
      const warm = pypiRequests() - cold;
      expect(warm).toBeLessThan(cold / 2);
      // What was saved and restored is the one facts file the first run wrote at its end.
      expect(readdirSync(join(runnerTemp, 'pygovern-facts-cache'))).toEqual(['facts-v3.json']);
      // The exact key was restored: an entry is immutable, nothing is saved again.
      expect(service.requests.filter((r) => r === 'POST caches')).toHaveLength(1);
    } finally {
      rmSync(runnerTemp, { recursive: true, force: true });
    }
  });

  test('cache: false neither restores nor saves; a broken cache service is only a warning', async () => {
    const s = (scenario = await startScenario(
      facts,
      exampleSide(root, 'base'),
      exampleSide(root, 'head'),
    ));
    const service = (cacheService = await startFakeActionsCache());
    const env = { ACTIONS_CACHE_URL: service.url, ACTIONS_RUNTIME_TOKEN: service.token };
    const off = await runBundledAction(s, { root, env, inputs: { cache: 'false' } });
    expect(off.outputs.outcome).toBe('fail');
    expect(service.requests).toEqual([]);

    // A token the service refuses: the step still checks and reports.
    const refused = await runBundledAction(s, {
      root,
      env: { ...env, ACTIONS_RUNTIME_TOKEN: 'wrong' },
    });
    expect(refused.outputs.outcome).toBe('fail');
    expect(refused.stderr).toBe('');
    expect(service.keys()).toEqual([]);
    expect(existsSync(refused.outputs['report-json'] ?? '')).toBe(true);
  });

  test('a push that changes no manifest has no package to look up: no cache is asked', async () => {
    const files = { 'requirements.txt': 'requests==2.32.3\n' };
    const s = (scenario = await startScenario(facts, files, { ...files, 'README.md': 'docs\n' }));
    const service = (cacheService = await startFakeActionsCache());
    const run = await runBundledAction(s, {
      root,
      event: 'push',
      payload: { ref: 'refs/heads/main', before: s.baseSha, after: s.headSha },
      env: { ACTIONS_CACHE_URL: service.url, ACTIONS_RUNTIME_TOKEN: service.token },
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('Checking 0 manifests');
    expect(service.requests).toEqual([]);
  });
});
