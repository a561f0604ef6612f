/** Which policy file judges a pull request, and the inputs that choose and extend it. */
import { afterEach, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, readInputs } from '../../src/action/inputs.js';
import { judgingPolicy } from '../../src/action/policy-source.js';
import { messageFor } from '../../src/diagnostics.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pygovern-policy-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  return dir;
}

const reader =
  (files: Record<string, string>, asked: string[] = []) =>
  (path: string) => {
    asked.push(path);
    const text = files[path];
    return Promise.resolve(text === undefined ? null : new TextEncoder().encode(text));
  };

describe('judgingPolicy', () => {
  test('the base file judges, with the inputs over it; the head file only reports its changes', async () => {
    const ws = workspace({ 'pygovern.toml': 'fail-on = "never"\nstale-after-months = 6\n' });
    const asked: string[] = [];
    const judging = await judgingPolicy({
      config: null,
      inputs: { staleAfterMonths: 12 },
      source: 'base',
      workspace: ws,
      readBase: reader({ 'pygovern.toml': 'scope = "all"\n' }, asked),
    });
    expect(asked).toEqual(['pygovern.toml']);
    expect(judging.policy).toMatchObject({ failOn: 'error', scope: 'all', staleAfterMonths: 12 });
    expect(judging.changes.map((c) => [c.kind, c.key, c.line])).toEqual([
      ['relaxation', 'fail-on', 1],
      ['relaxation', 'scope', null],
    ]);
  });

  test('a key the workflow sets as an input is not a change: the file cannot move it', async () => {
    const ws = workspace({ 'pygovern.toml': 'fail-on = "never"\n' });
    const judging = await judgingPolicy({
      config: null,
      inputs: { failOn: 'error' },
      source: 'base',
      workspace: ws,
      readBase: reader({ 'pygovern.toml': 'fail-on = "warning"\n' }),
    });
    expect(judging.policy.failOn).toBe('error');
    expect(judging.changes).toEqual([]);
  });

  test('[tool.pygovern] of the base pyproject.toml is found when there is no pygovern.toml', async () => {
    const ws = workspace({});
    const judging = await judgingPolicy({
      config: null,
      inputs: {},
      source: 'base',
      workspace: ws,
      readBase: reader({ 'pyproject.toml': '[tool.pygovern]\nfail-on = "warning"\n' }),
    });
    expect(judging.policy.failOn).toBe('warning');
    expect(judging.changes.map((c) => [c.kind, c.key])).toEqual([
      ['relaxation', 'file'],
      ['relaxation', 'fail-on'],
    ]);
  });

  test('policy-source head: the head file judges; the changes are still listed', async () => {
    const ws = workspace({ 'pygovern.toml': 'fail-on = "never"\n' });
    const judging = await judgingPolicy({
      config: null,
      inputs: {},
      source: 'head',
      workspace: ws,
      readBase: reader({}),
    });
    expect(judging.policy.failOn).toBe('never');
    expect(judging.changes.map((c) => c.key)).toEqual(['file', 'fail-on']);
  });

  test('a config input inside the repository is read at the base under the same path', async () => {
    const ws = workspace({ 'policy.toml': 'fail-on = "never"\n' });
    const asked: string[] = [];
    const judging = await judgingPolicy({
      config: './policy.toml',
      inputs: {},
      source: 'base',
      workspace: ws,
      readBase: reader({ 'policy.toml': 'fail-on = "error"\n' }, asked),
    });
    expect(asked).toEqual(['policy.toml']);
    expect(judging.policy.failOn).toBe('error');
    expect(judging.changes.map((c) => [c.kind, c.file, c.line])).toEqual([
      ['relaxation', 'policy.toml', 1],
    ]);
  });

  test('a config input outside the repository belongs to the workflow: it judges, no comparison', async () => {
    const outside = workspace({ 'org-policy.toml': 'fail-on = "warning"\n' });
    const ws = workspace({});
    const asked: string[] = [];
    const judging = await judgingPolicy({
      config: join(outside, 'org-policy.toml'),
      inputs: {},
      source: 'base',
      workspace: ws,
      readBase: reader({}, asked),
    });
    expect(asked).toEqual([]);
    expect(judging.policy.failOn).toBe('warning');
    expect(judging.changes).toEqual([]);
  });

  test('a config input naming no file is worded for the action: it names the config input, not --config', async () => {
    const ws = workspace({});
    const judging = judgingPolicy({
      config: 'policy/missing.toml',
      inputs: {},
      source: 'base',
      workspace: ws,
      readBase: null,
    });
    const error: unknown = await judging.catch((e: unknown) => e);
    expect(messageFor(error, 'action')).toBe('input config policy/missing.toml: no such file');
    expect(messageFor(error, 'cli')).toBe('--config policy/missing.toml: no such file');
  });
});

describe('inputs', () => {
  const get = (values: Record<string, string>) => (name: string) => values[name] ?? '';

  test('policy-source defaults to base; trusted-indexes is a list of URLs', () => {
    expect(readInputs(get({})).policySource).toBe('base');
    const inputs = readInputs(
      get({
        'policy-source': 'head',
        'trusted-indexes': 'https://a.example/simple\nhttps://b.example/simple',
      }),
    );
    expect(inputs.policySource).toBe('head');
    expect(inputs.policy.trustedIndexes).toEqual([
      'https://a.example/simple',
      'https://b.example/simple',
    ]);
  });

  test.each([
    [{ 'policy-source': 'pr' }, 'input policy-source must be one of base, head (got "pr")'],
    [
      { 'trusted-indexes': 'corp-index' },
      'input trusted-indexes must list index URLs (got "corp-index")',
    ],
  ])('a bad value is named: %j', (values, message) => {
    expect(() => readInputs(get(values))).toThrow(InputError);
    expect(() => readInputs(get(values))).toThrow(message);
  });
});
