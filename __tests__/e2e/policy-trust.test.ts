/**
 * The bundled action on pull requests that try to steer their own check: each relaxes the
 * policy or names another index, and each still fails, judged by the base branch's policy.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBundledAction, startScenario, type Scenario } from '../fakes/action-run.js';
import { readFactsFile } from '../fakes/services.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const facts = readFactsFile(join(root, 'examples/pr/facts.json'));

let scenario: Scenario | null = null;
afterEach(async () => {
  await scenario?.close();
  scenario = null;
});

const BASE_REQUIREMENTS = 'httpx==0.28.1\n';
/** The pull request brings in a BUSL-1.1 package (license/source-available, an error). */
const HEAD_REQUIREMENTS = 'httpx==0.28.1\nstreamvault==2.1.0\n';

async function judge(
  base: Record<string, string>,
  head: Record<string, string>,
  inputs: Record<string, string> = {},
) {
  scenario = await startScenario(facts, base, head);
  const run = await runBundledAction(scenario, { root, inputs: { scope: '', ...inputs } });
  expect(run.stderr).toBe('');
  const at = (rule: string) =>
    run.annotations
      .filter((a) => a.title?.startsWith(`${rule}:`) === true)
      .map((a) => `${a.level} ${a.file ?? ''}:${String(a.line)}`);
  const comment = scenario.record.comments.at(-1)?.body ?? '';
  return { run, at, comment };
}

describe('a pull request cannot relax the policy that judges it', () => {
  test('rules "license/source-available" = "off" in [tool.pygovern]: still fails, the change is reported', async () => {
    const project = '[project]\nname = "orders"\nversion = "1.0"\n';
    const { run, at, comment } = await judge(
      { 'requirements.txt': BASE_REQUIREMENTS, 'pyproject.toml': project },
      {
        'requirements.txt': HEAD_REQUIREMENTS,
        'pyproject.toml': `${project}\n[tool.pygovern]\nrules = { "license/source-available" = "off" }\n`,
      },
    );
    expect(run.exitCode).toBe(1);
    expect(at('license/source-available')).toEqual(['error requirements.txt:2']);
    expect(at('policy/changed')).toEqual(['error pyproject.toml:5', 'error pyproject.toml:6']);
    expect(comment).toContain('rule "license/source-available" changes from "error" to "off"');
  }, 60_000);

  test('a new pygovern.toml with fail-on = "never": still fails', async () => {
    const { run, at } = await judge(
      { 'requirements.txt': BASE_REQUIREMENTS },
      { 'requirements.txt': HEAD_REQUIREMENTS, 'pygovern.toml': '# relaxed\nfail-on = "never"\n' },
    );
    expect(run.exitCode).toBe(1);
    expect(run.outputs.outcome).toBe('fail');
    expect(at('license/source-available')).toEqual(['error requirements.txt:2']);
    // The new file (at its first line) and the key (at its own line).
    expect(at('policy/changed')).toEqual(['error pygovern.toml:1', 'error pygovern.toml:2']);
  }, 60_000);

  test('scope narrowed from "all" to "changed": the base scope still judges everything', async () => {
    const { run, at } = await judge(
      {
        'requirements.txt': BASE_REQUIREMENTS,
        'docs/requirements.txt': 'yamlette==0.9.1\n',
        'pygovern.toml': 'scope = "all"\n',
      },
      {
        'requirements.txt': BASE_REQUIREMENTS,
        'docs/requirements.txt': 'yamlette==0.9.1\n',
        'pygovern.toml': 'scope = "changed"\n',
      },
    );
    expect(run.exitCode).toBe(1);
    expect(at('maintenance/continuity-risk')).toEqual(['error docs/requirements.txt:1']);
    expect(at('policy/changed')).toEqual(['error pygovern.toml:1']);
  }, 60_000);

  test('an exception for its own bad dependency: shown as applying once merged, the finding still counts', async () => {
    const policy = 'fail-on = "error"\n';
    const { run, at, comment } = await judge(
      { 'requirements.txt': BASE_REQUIREMENTS, 'pygovern.toml': policy },
      {
        'requirements.txt': HEAD_REQUIREMENTS,
        'pygovern.toml': `${policy}\n[[exceptions]]\npackage = "streamvault"\nrule = "license/source-available"\nreason = "we accept BUSL"\n`,
      },
    );
    expect(run.exitCode).toBe(1);
    expect(at('license/source-available')).toEqual(['error requirements.txt:2']);
    expect(at('policy/changed')).toEqual(['error pygovern.toml:3']);
    expect(comment).toContain('we accept BUSL');
    expect(comment).toContain('it applies once merged');
  }, 60_000);

  test('an --index-url the base policy does not trust: untrusted-index, and its packages could not be told', async () => {
    const { run, at } = await judge(
      { 'requirements.txt': BASE_REQUIREMENTS },
      { 'requirements.txt': `--index-url https://evil.example/simple\n${HEAD_REQUIREMENTS}` },
    );
    expect(run.exitCode).toBe(1);
    expect(at('policy/untrusted-index')).toEqual(['error requirements.txt:1']);
    // Nothing the untrusted index would say is used: no licence verdict, "could not tell".
    expect(at('license/source-available')).toEqual([]);
    expect(at('facts/unavailable')).toEqual([
      'error requirements.txt:2',
      'error requirements.txt:3',
    ]);
  }, 60_000);

  test('trusting a new index in the same pull request does not make it trusted', async () => {
    const { run, at } = await judge(
      { 'requirements.txt': BASE_REQUIREMENTS },
      {
        'requirements.txt': `--index-url https://evil.example/simple\n${HEAD_REQUIREMENTS}`,
        'pygovern.toml': 'trusted-indexes = ["https://evil.example/simple"]\n',
      },
    );
    expect(run.exitCode).toBe(1);
    expect(at('policy/untrusted-index')).toEqual(['error requirements.txt:1']);
    expect(at('policy/changed')).toEqual(['error pygovern.toml:1', 'error pygovern.toml:1']);
  }, 60_000);

  test('policy-source: head lets the head policy judge, and still lists what it changes', async () => {
    const { run, at } = await judge(
      { 'requirements.txt': BASE_REQUIREMENTS },
      { 'requirements.txt': HEAD_REQUIREMENTS, 'pygovern.toml': 'fail-on = "never"\n' },
      { 'policy-source': 'head' },
    );
    expect(run.exitCode).toBe(0);
    expect(run.outputs.outcome).toBe('pass');
    expect(at('policy/changed')).toEqual(['error pygovern.toml:1', 'error pygovern.toml:1']);
  }, 60_000);
});
