/** `environment.yml` end to end: `deps` lists it, `check` judges only its pip section. */
import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import {
  readFactsFile,
  checkJsonFlags,
  startFakeServices,
  type FakeServices,
} from '../fakes/services.js';

jest.setTimeout(120_000);

const root = fileURLToPath(new URL('../../', import.meta.url));
const facts = readFactsFile(`${root}examples/pr/facts.json`);
let services: FakeServices | null = null;
afterEach(async () => {
  await services?.close();
  services = null;
});

const ENVIRONMENT = [
  'name: orders', // 1
  'channels:', // 2
  '  - conda-forge', // 3
  'dependencies:', // 4
  '  - python>=3.10', // 5
  '  - conda-forge::fastapi=0.110', // 6
  '  - yamlette 0.9.1', // 7
  '  - pip:', // 8
  '      - tinyproxy-client==1.3.0', // 9
  '',
].join('\n');

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pygovern-conda-'));
  mkdirSync(join(dir, '.git'));
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  return dir;
}

async function run(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env: {} };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe('environment.yml', () => {
  test('pygovern deps lists Conda and pip dependencies with their lines', async () => {
    const dir = repo({ 'environment.yml': ENVIRONMENT });
    const { code, stdout, stderr } = await run(['deps', 'environment.yml', '--json'], dir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as {
      manifests: {
        kind: string;
        requiresPython: string | null;
        channels?: unknown;
        dependencies: { name: string; line: number; source: unknown }[];
      }[];
    };
    expect(json.manifests[0]?.kind).toBe('conda');
    expect(json.manifests[0]?.channels).toEqual([{ name: 'conda-forge', line: 3 }]);
    expect(json.manifests[0]?.requiresPython).toBe('>=3.10');
    expect(json.manifests[0]?.dependencies.map((d) => [d.name, d.line, d.source])).toEqual([
      ['fastapi', 6, { kind: 'conda', channel: 'conda-forge' }],
      ['yamlette', 7, { kind: 'conda', channel: null }],
      ['tinyproxy-client', 9, { kind: 'registry', index: null }],
    ]);
    const table = await run(['deps'], dir);
    expect(table.stdout).toContain('environment.yml  [conda]  3 dependencies  (Python >=3.10)');
    expect(table.stdout).toMatch(
      /fastapi\s+==0\.110\.\*\s+main\s+conda \(conda-forge\)\s+environment\.yml:6/,
    );
    expect(table.stdout).toContain('notice: environment.yml:7: yamlette is a Conda package');
  });

  test('malformed YAML is file:line on stderr, exit 2, no stack trace', async () => {
    const dir = repo({ 'environment.yml': 'dependencies:\n  - numpy\n  - [oops\n' });
    const { code, stderr } = await run(['deps'], dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/environment\.yml:\d+: invalid YAML/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  test('check judges the pip section at its line and never asks PyPI about Conda packages', async () => {
    services = await startFakeServices(facts, { githubToken: 'gh-test-token' });
    const dir = repo({ 'environment.yml': ENVIRONMENT });
    const s = services;
    const { stdout } = await run(['check', ...checkJsonFlags(s)], dir);
    const json = JSON.parse(stdout) as {
      findings: { rule: string; package: string | null; manifest: string; line: number | null }[];
    };
    expect(json.findings).toContainEqual(
      expect.objectContaining({
        rule: 'vulnerability/known',
        package: 'tinyproxy-client',
        manifest: 'environment.yml',
        line: 9,
      }),
    );
    const conda = json.findings.filter((f) => f.rule === 'input/conda-not-judged');
    expect(conda.map((f) => [f.manifest, f.line])).toEqual([
      ['environment.yml', 6],
      ['environment.yml', 7],
    ]);
    expect(s.pypi.requests.length).toBeGreaterThan(0);
    const asked = s.pypi.requests.map((r) => r.path);
    expect(asked.filter((p) => /fastapi|yamlette/.test(p))).toEqual([]);
  });
});
