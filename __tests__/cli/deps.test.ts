import { describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';

function run(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env: {} };
  return main(argv, io).then((code) => ({ code, stdout, stderr }));
}

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pygovern-cli-'));
  mkdirSync(join(dir, '.git'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('pygovern deps', () => {
  test('prints the deps JSON contract for every manifest found, paths relative to the cwd', async () => {
    const dir = repo({
      'requirements/base.txt': 'Requests[socks]>=2.0,<3 ; python_version < "3.10"\n',
      'requirements/dev.txt': '-r base.txt\npytest==8.0.0\n',
      'svc/pyproject.toml':
        '[project]\nname="svc"\nrequires-python=">=3.9"\ndependencies=["httpx"]\n',
      'node_modules/x/requirements.txt': 'ignored\n',
    });
    const { code, stdout, stderr } = await run(['deps', '--json'], dir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as {
      manifests: {
        path: string;
        kind: string;
        requiresPython: string | null;
        dependencies: Record<string, unknown>[];
      }[];
    };
    expect(json.manifests.map((m) => [m.path, m.kind, m.requiresPython])).toEqual([
      ['requirements/base.txt', 'requirements', null],
      ['requirements/dev.txt', 'requirements', null],
      ['svc/pyproject.toml', 'pyproject', '>=3.9'],
    ]);
    expect(json.manifests[1]?.dependencies[0]).toEqual({
      name: 'Requests',
      normalizedName: 'requests',
      specifier: '<3,>=2.0',
      extras: ['socks'],
      marker: 'python_version < "3.10"',
      url: null,
      version: null,
      group: 'main',
      editable: false,
      constraint: false,
      file: 'requirements/base.txt',
      line: 1,
      source: { kind: 'registry', index: null },
    });
    expect(json.manifests[1]?.dependencies[1]).toMatchObject({
      name: 'pytest',
      version: '8.0.0',
      file: 'requirements/dev.txt',
      line: 2,
    });
  });

  test('bad input: errors as path:line: message on stderr, exit 2, the rest still printed', async () => {
    const dir = repo({ 'requirements.txt': 'ok==1\nnot valid!\n', 'pyproject.toml': '[project\n' });
    const { code, stdout, stderr } = await run(['deps'], dir);
    expect(code).toBe(2);
    expect(stdout).toContain('ok');
    expect(stderr).toContain('requirements.txt:2: invalid requirement');
    expect(stderr).toMatch(/pyproject\.toml:1: TOML syntax error/);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  test('a path that is not there or not a manifest is an error, not a silent skip', async () => {
    const dir = repo({ 'notes.md': 'hi\n' });
    const { code, stderr } = await run(['deps', 'missing.txt', 'notes.md'], dir);
    expect(code).toBe(2);
    expect(stderr).toContain('missing.txt: no such file or directory');
    expect(stderr).toContain('notes.md: not a Python manifest');
  });

  test('--kind reads a file of any name as that kind; without it the file is refused', async () => {
    const dir = repo({
      'deps.list': 'flask==3.0.0\n',
      'build/project.conf': '[project]\nname = "x"\ndependencies = ["httpx>=0.27"]\n',
    });
    const refused = await run(['deps', 'deps.list'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('deps.list: not a Python manifest');
    expect(refused.stderr).toContain('--kind');

    const asRequirements = await run(
      ['deps', '--json', '--kind', 'requirements', 'deps.list'],
      dir,
    );
    expect(asRequirements.stderr).toBe('');
    expect(asRequirements.code).toBe(0);
    const json = JSON.parse(asRequirements.stdout) as {
      manifests: { path: string; kind: string; dependencies: { name: string }[] }[];
    };
    expect(json.manifests.map((m) => [m.path, m.kind, m.dependencies.map((d) => d.name)])).toEqual([
      ['deps.list', 'requirements', ['flask']],
    ]);

    const asPyproject = await run(['deps', '--kind', 'pyproject', 'build/project.conf'], dir);
    expect(asPyproject.code).toBe(0);
    expect(asPyproject.stdout).toMatch(/^build\/project\.conf {2}\[pyproject\]/m);
    expect(asPyproject.stdout).toContain('httpx');
  });

  test('--kind takes a known kind and names files, not directories', async () => {
    const dir = repo({ 'requirements.txt': 'flask\n' });
    const unknown = await run(['deps', '--kind', 'conda-lock', 'requirements.txt'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--kind must be one of requirements, .*pdm\.lock/);
    const directory = await run(['deps', '--kind', 'requirements', '.'], dir);
    expect(directory.code).toBe(2);
    expect(directory.stderr).toContain('.: --kind requirements reads files, not directories');
  });

  test('usage errors exit 2 with the usage text', async () => {
    const { code, stderr } = await run(['deps', '--format', 'xml'], tmpdir());
    expect(code).toBe(2);
    expect(stderr).toContain('--format must be one of json, table');
    expect(stderr).toContain('Usage:');
  });
});

describe('many broken manifests and one good one', () => {
  test('each broken one is reported with file and line, the good one is read, in one run', async () => {
    const files: Record<string, string> = { 'good/requirements.txt': 'flask==3.0.0\n' };
    for (let i = 0; i < 150; i++) {
      files[`broken${String(i)}/pyproject.toml`] =
        `[project]\nname = "x${String(i)}"\ndependencies = [\n`;
      files[`broken${String(i)}/requirements.txt`] =
        `ok\n-r ../../outside${String(i)}.txt\nbad ~~ 1\n`;
    }
    const dir = repo(files);
    const { code, stdout, stderr } = await run(['deps', '--json'], dir);
    expect(code).toBe(2);
    const json = JSON.parse(stdout) as {
      manifests: { path: string; errors: unknown[]; dependencies: { name: string }[] }[];
    };
    expect(json.manifests).toHaveLength(301);
    const good = json.manifests.find((m) => m.path === 'good/requirements.txt');
    expect(good?.dependencies.map((d) => d.name)).toEqual(['flask']);
    expect(good?.errors).toEqual([]);
    const broken = json.manifests.filter((m) => m.path !== 'good/requirements.txt');
    expect(broken.every((m) => m.errors.length > 0)).toBe(true);
    expect(stderr.trim().split('\n')).toHaveLength(150 + 300);
    expect(stderr).toMatch(/^broken\d+\/pyproject\.toml:\d+: TOML syntax error/m);
    expect(stderr).toMatch(
      /^broken\d+\/requirements\.txt:2: refusing to read \.\.\/\.\.\/outside\d+\.txt/m,
    );
    expect(stderr).toMatch(/^broken\d+\/requirements\.txt:3: invalid requirement/m);
  });
});
