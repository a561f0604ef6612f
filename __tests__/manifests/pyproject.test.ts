import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { poetryToPep440, pythonConstraintMarker } from '../../src/manifests/poetry-constraint.js';
import { parsePyproject } from '../../src/manifests/pyproject/parse.js';
import { parsePipfile } from '../../src/manifests/pipfile.js';

describe('Poetry constraints in PEP 440 terms (poetry-core semantics)', () => {
  test.each([
    ['^1.2.3', ['>=1.2.3,<2.0.0']],
    ['^1.2', ['>=1.2,<2.0']],
    ['^1', ['>=1,<2']],
    ['^0.2.3', ['>=0.2.3,<0.3.0']],
    ['^0.0.3', ['>=0.0.3,<0.0.4']],
    ['^0.0', ['>=0.0,<0.1']],
    ['^0', ['>=0,<1']],
    ['~1.2.3', ['>=1.2.3,<1.3.0']],
    ['~1.2', ['>=1.2,<1.3']],
    ['~1', ['>=1,<2']],
    ['~=1.4', ['~=1.4']],
    ['1.2.*', ['==1.2.*']],
    ['*', ['']],
    ['1.4.2', ['==1.4.2']],
    ['>= 1.2, < 1.5', ['>=1.2,<1.5']],
    ['>=1.2 <1.5', ['>=1.2,<1.5']],
    ['!=1.3', ['!=1.3']],
    ['^2.7 || ^3.6', ['>=2.7,<3.0', '>=3.6,<4.0']],
    ['~2.7 | >=3.5', ['>=2.7,<2.8', '>=3.5']],
  ])('%s → %j', (poetry, pep440) => {
    expect(poetryToPep440(poetry)).toEqual(pep440);
  });

  test.each(['^', 'latest', '>=1.0 ~', '1.0.*.*'])('%j is not a constraint', (text) => {
    expect(poetryToPep440(text)).toBeNull();
  });

  test('python constraints become markers', () => {
    expect(pythonConstraintMarker(['>=3.8,<4.0'])).toBe(
      'python_version >= "3.8" and python_version < "4.0"',
    );
    expect(pythonConstraintMarker(['>=2.7,<3.0', '>=3.6.1'])).toBe(
      '(python_version >= "2.7" and python_version < "3.0") or python_full_version >= "3.6.1"',
    );
  });
});

const POETRY = `[tool.poetry]
name = "demo"
version = "1.0"

[tool.poetry.dependencies]
python = "^3.9"
requests = "^2.28"
Flask = { version = "~2.2", extras = ["async"], optional = true }
pendulum = { version = ">=2", python = "<3.12", markers = "sys_platform == 'linux'" }
mylib = { git = "https://github.com/o/mylib.git", tag = "v1.0" }
local = { path = "../local", develop = true }
numpy = [
  { version = "<1.25", python = "<3.9" },
  { version = "^1.25", python = ">=3.9" },
]

[tool.poetry.extras]
web = ["flask"]

[tool.poetry.group.test.dependencies]
pytest = "*"

[tool.poetry.dev-dependencies]
black = "22.*"
`;

describe('pyproject.toml', () => {
  test('Poetry 1: constraints, tables, sources, extras, groups and python', () => {
    const m = parsePyproject('pyproject.toml', POETRY);
    expect(m.errors).toEqual([]);
    expect(m.requiresPython).toBe('>=3.9,<4.0');
    expect(
      m.dependencies.map((d) => [d.name, d.specifier, d.group, d.line, d.source.kind, d.marker]),
    ).toEqual([
      ['requests', '>=2.28,<3.0', 'main', 7, 'registry', null],
      ['Flask', '>=2.2,<2.3', 'optional:web', 8, 'registry', null],
      [
        'pendulum',
        '>=2',
        'main',
        9,
        'registry',
        'sys_platform == "linux" and python_version < "3.12"',
      ],
      ['mylib', '', 'main', 10, 'git', null],
      ['local', '', 'main', 11, 'path', null],
      ['numpy', '<1.25', 'main', 13, 'registry', 'python_version < "3.9"'],
      ['numpy', '>=1.25,<2.0', 'main', 14, 'registry', 'python_version >= "3.9"'],
      ['black', '==22.*', 'dev', 24, 'registry', null],
      ['pytest', '', 'group:test', 21, 'registry', null],
    ]);
    expect(m.dependencies[1]?.extras).toEqual(['async']);
    expect(m.dependencies[3]?.source).toEqual({
      kind: 'git',
      url: 'https://github.com/o/mylib.git',
      ref: 'v1.0',
    });
    expect(m.dependencies[4]?.editable).toBe(true);
  });

  test('Poetry 2: [project] declares, [tool.poetry.dependencies] only says where from', () => {
    const m = parsePyproject(
      'pyproject.toml',
      `[project]\nname = "x"\ndependencies = ["mylib>=1", "six"]\n[tool.poetry.dependencies]\nmylib = { git = "https://g/o/mylib" }\n`,
    );
    expect(m.dependencies.map((d) => [d.name, d.source.kind])).toEqual([
      ['mylib', 'git'],
      ['six', 'registry'],
    ]);
  });

  test('PEP 735 include-group: expanded, unknown and cyclic groups are errors at their line', () => {
    const m = parsePyproject(
      'pyproject.toml',
      [
        '[dependency-groups]',
        'test = ["pytest"]',
        'dev = [{include-group = "Test"}, "ruff"]',
        'bad = [{include-group = "missing"}]',
        'a = [{include-group = "b"}]',
        'b = [{include-group = "a"}]',
      ].join('\n'),
    );
    expect(m.dependencies.map((d) => [d.name, d.group, d.line])).toEqual([
      ['pytest', 'group:test', 2],
      ['pytest', 'group:dev', 2],
      ['ruff', 'group:dev', 3],
    ]);
    expect(m.errors.map((e) => [e.line, e.message])).toEqual([
      [4, 'dependency group "bad" includes unknown group "missing"'],
      [6, 'dependency group cycle: a → b → a'],
      [5, 'dependency group cycle: b → a → b'],
    ]);
  });

  test('uv sources mark dependencies that do not come from the index; self-references are not third-party', () => {
    const m = parsePyproject(
      'pyproject.toml',
      [
        '[project]',
        'name = "app"',
        'dependencies = ["lib", "member", "httpx"]',
        '[project.optional-dependencies]',
        'all = ["app[extra]"]',
        '[tool.uv.sources]',
        'lib = { git = "https://github.com/o/lib", rev = "abc" }',
        'member = { workspace = true }',
        '[tool.uv]',
        'dev-dependencies = ["pytest>=8"]',
      ].join('\n'),
    );
    expect(m.dependencies.map((d) => [d.name, d.group, d.source.kind])).toEqual([
      ['lib', 'main', 'git'],
      ['member', 'main', 'path'],
      ['httpx', 'main', 'registry'],
      ['app', 'optional:all', 'path'],
      ['pytest', 'dev', 'registry'],
    ]);
  });

  test('bad values are errors naming the key and line; the rest is still read', () => {
    const m = parsePyproject(
      'pyproject.toml',
      '[project]\nname = "x"\ndependencies = [\n  "ok",\n  "not a requirement!",\n  3,\n]\n',
    );
    expect(m.dependencies.map((d) => d.name)).toEqual(['ok']);
    expect(m.errors.map((e) => e.line).sort()).toEqual([5, 6]);
    expect(m.errors.find((e) => e.line === 5)?.message).toContain('project.dependencies[1]');
  });

  test('a TOML syntax error is one error with its line', () => {
    const m = parsePyproject('pyproject.toml', '[project]\nname = "x"\ndependencies = ["a",\n');
    expect(m.dependencies).toEqual([]);
    expect(m.errors).toHaveLength(1);
    expect(m.errors[0]?.message).toMatch(/^TOML syntax error/);
    expect(m.errors[0]?.line).toBeGreaterThanOrEqual(3);
  });
});

describe('Pipfile', () => {
  test('categories, "*", tables with markers, VCS and paths, [requires]', () => {
    const m = parsePipfile(
      'Pipfile',
      [
        '[[source]]',
        'url = "https://pypi.org/simple"',
        'name = "pypi"',
        '[packages]',
        'requests = "*"',
        'django = ">=4.2,<5"',
        'pywin32 = { version = "*", sys_platform = "== \'win32\'" }',
        'tool = { git = "https://github.com/o/tool.git", ref = "main", editable = true }',
        'records = { extras = ["pandas"], version = "==0.5.3", markers = "python_version >= \'3.8\'" }',
        '[dev-packages]',
        'pytest = "*"',
        '[docs]',
        'sphinx = "~=7.0"',
        '[requires]',
        'python_version = "3.11"',
      ].join('\n'),
    );
    expect(m.errors).toEqual([]);
    expect(m.requiresPython).toBe('==3.11.*');
    expect(
      m.dependencies.map((d) => [d.name, d.specifier, d.group, d.line, d.source.kind, d.marker]),
    ).toEqual([
      ['requests', '', 'main', 5, 'registry', null],
      ['django', '<5,>=4.2', 'main', 6, 'registry', null],
      ['pywin32', '', 'main', 7, 'registry', 'sys_platform == "win32"'],
      ['tool', '', 'main', 8, 'git', null],
      ['records', '==0.5.3', 'main', 9, 'registry', 'python_version >= "3.8"'],
      ['pytest', '', 'dev', 11, 'registry', null],
      ['sphinx', '~=7.0', 'group:docs', 13, 'registry', null],
    ]);
    expect(m.dependencies[4]?.version).toBe('0.5.3');
  });

  test("a bare version means == it, as pipenv reads it (corpus: pipenv's own Pipfile)", () => {
    const m = parsePipfile(
      'Pipfile',
      [
        '[packages]',
        'waitress = {version = "3.*", sys_platform = "== \'win32\'"}',
        'six = "1.16.0"',
        'attrs = " >=23"',
      ].join('\n'),
    );
    expect(m.errors).toEqual([]);
    expect(m.dependencies.map((d) => [d.name, d.specifier, d.version])).toEqual([
      ['waitress', '==3.*', null],
      ['six', '==1.16.0', '1.16.0'],
      ['attrs', '>=23', null],
    ]);
  });

  // Entries per file as tomllib counts them (every category table but source/requires/scripts/pipenv).
  test.each([
    ['fixture-dependabot-editable-package', 3],
    ['fixture-github-licensed', 5],
    ['pipenv-examples', 6],
    ['pipenv', 27],
    ['requests-2020', 17],
  ])('corpus Pipfile %s: %i entries, no error', (project, entries) => {
    const path = `corpus/locks/pipenv/${project}/Pipfile`;
    const m = parsePipfile(path, readFileSync(new URL(`../../${path}`, import.meta.url)));
    expect(m.errors).toEqual([]);
    expect(m.dependencies).toHaveLength(entries);
  });
});

describe('[tool.uv.sources] with markers (issue 11 §8)', () => {
  const sources = (entries: string) =>
    parsePyproject(
      'pyproject.toml',
      [
        '[project]',
        'name = "app"',
        'dependencies = ["psycopg-c>=3.2"]',
        '[tool.uv.sources]',
        `psycopg-c = ${entries}`,
      ].join('\n'),
    ).dependencies.map((d) => [d.name, d.source.kind, d.specifier]);

  test('where no marker holds uv installs from the index, so the requirement is judged there', () => {
    expect(
      sources(
        `[{ url = "https://x/psycopg_c-3.2.1-cp312-cp312-linux_x86_64.whl", marker = "sys_platform == 'linux'" }]`,
      ),
    ).toEqual([['psycopg-c', 'registry', '>=3.2']]);
    expect(
      sources(
        `[{ git = "https://github.com/o/p", marker = "sys_platform == 'linux'" }, { path = "../p", marker = "sys_platform == 'darwin'" }]`,
      ),
    ).toEqual([['psycopg-c', 'registry', '>=3.2']]);
    expect(sources(`{ git = "https://github.com/o/p", marker = "os_name == 'nt'" }`)).toEqual([
      ['psycopg-c', 'registry', '>=3.2'],
    ]);
    // Sources that cover every environment do replace the index.
    expect(
      sources(
        `[{ git = "https://github.com/o/p", marker = "sys_platform == 'linux'" }, { path = "../p", marker = "sys_platform != 'linux'" }]`,
      ),
    ).toEqual([['psycopg-c', 'git', '>=3.2']]);
    expect(sources(`[{ git = "https://github.com/o/p" }]`)).toEqual([
      ['psycopg-c', 'git', '>=3.2'],
    ]);
  });
});
