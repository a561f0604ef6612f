/**
 * Files a stranger wrote (issue 11 §1): every parser answers in time linear in its input, and
 * input-decided depth ends in a named limit at the file and line, never a RangeError. The
 * inputs are large enough that the old backtracking or quadratic code would not finish within
 * the test timeout; the bounds themselves are asserted through what the code enforces (reads
 * counted, depth-limit messages).
 */
import { describe, expect, test } from '@jest/globals';
import { depsTable } from '../../src/cli/commands/deps.js';
import {
  alternatives,
  MAX_EXPRESSION_LENGTH,
  parseExpression,
} from '../../src/licenses/expression.js';
import { lookupClassifier } from '../../src/licenses/classifiers.js';
import { decideLicense } from '../../src/licenses/decide.js';
import { poetryToPep440 } from '../../src/manifests/poetry-constraint.js';
import { MAX_EDGES } from '../../src/manifests/lock-edges.js';
import { parseUvLock } from '../../src/manifests/locks/uv.js';
import { parsePyproject } from '../../src/manifests/pyproject/parse.js';
import { parseRequirementsFile } from '../../src/manifests/requirements/parse.js';
import { parseSetupCfg } from '../../src/manifests/setup-cfg.js';
import { memoryTree, type SourceTree } from '../../src/manifests/source-tree.js';
import { MAX_TOML_DEPTH, parseToml } from '../../src/manifests/toml.js';
import { MAX_MARKER_DEPTH } from '../../src/pep508/marker.js';
import { parseRequirement } from '../../src/pep508/requirement.js';

/** A tree that counts how often each file is read. */
function countingTree(files: Record<string, string>): SourceTree & { reads: Map<string, number> } {
  const inner = memoryTree(files);
  const reads = new Map<string, number>();
  return {
    root: null,
    reads,
    read(path) {
      reads.set(path, (reads.get(path) ?? 0) + 1);
      return inner.read(path);
    },
  };
}

const requirements = (files: Record<string, string>, path = 'requirements.txt') =>
  parseRequirementsFile(path, memoryTree(files));

describe('linear-time parsing', () => {
  test('a Poetry constraint that made the version pattern backtrack exponentially is refused at once', () => {
    // 62 characters took 44 s and each two more multiplied that by 3.5.
    expect(poetryToPep440(`1${'.a'.repeat(40)}!`)).toBeNull();
    expect(poetryToPep440(`>=1${' '.repeat(1_000_000)}x`)).toBeNull();
    expect(poetryToPep440(`>=1${' '.repeat(1_000_000)}<2`)).toEqual(['>=1,<2']);
    expect(poetryToPep440(`^1.0.dev0 ||   >= 2.0a1`)).toEqual(['>=1.0.dev0,<2.0', '>=2.0a1']);
  });

  test('a requirements line of 1,000,000 spaces is one error at its line', () => {
    const m = requirements({ 'requirements.txt': `ok==1\na${' '.repeat(1_000_000)}b\nlast\n` });
    expect(m.dependencies.map((d) => d.name)).toEqual(['ok', 'last']);
    expect(m.errors).toHaveLength(1);
    expect(m.errors[0]).toMatchObject({ file: 'requirements.txt', line: 2 });
  });

  test('runs of spaces, brackets, slashes and backslashes cost no backtracking', () => {
    const spaces = ' '.repeat(1_000_000);
    const m = requirements({
      'requirements.txt': [
        `name${spaces}[x]${spaces}`,
        `${'['.repeat(100_000)}x]`,
        `./pkg${'/'.repeat(100_000)}x`,
        `./p${'['.repeat(100_000)}]]`,
        `a${'\\'.repeat(100_000)}b\\`,
        'continued',
        `c${spaces}# comment${spaces}#`,
      ].join('\n'),
    });
    expect(m.dependencies.map((d) => d.name)).toContain('c');
  });

  test('a setup.cfg line of 1,000,000 spaces without "=" is one error at its line', () => {
    const m = parseSetupCfg('setup.cfg', `[metadata]\nname${' '.repeat(1_000_000)}x\n`);
    expect(m.errors).toEqual([
      expect.objectContaining({
        file: 'setup.cfg',
        line: 2,
        message: expect.stringContaining('expected key = value'),
      }),
    ]);
  });

  test('a classifier padded with 1,000,000 spaces is read in one pass', () => {
    const pad = ' '.repeat(1_000_000);
    expect(lookupClassifier(`License${pad}::${pad}OSI Approved${pad}::${pad}MIT License`)).toEqual(
      lookupClassifier('License :: OSI Approved :: MIT License'),
    );
  });

  test('a licence expression of 100,000 AND terms is over the documented length limit', () => {
    const huge = Array.from({ length: 100_000 }, () => 'MIT').join(' AND ');
    expect(parseExpression(huge)).toBeNull();
    const d = decideLicense({ licenseExpression: huge, license: null, classifiers: [] });
    expect(d.category).toBe('unknown');
    expect(d.note).toMatch(
      /^License-Expression of 799995 characters is longer than pygovern reads \(2000\)/,
    );
    // Just under the limit it is still read.
    const terms = Math.floor(MAX_EXPRESSION_LENGTH / 'MIT AND '.length);
    const long = parseExpression(Array.from({ length: terms }, () => 'MIT').join(' AND '));
    expect(long).toMatchObject({ kind: 'and' });
  });

  test('an expression whose choices double with every term is not spelt out', () => {
    const doubling = parseExpression(
      Array.from({ length: 30 }, () => '(MIT OR BSD-3-Clause)').join(' AND '),
    );
    expect(doubling).not.toBeNull();
    if (doubling === null) return;
    expect(alternatives(doubling)).toBeNull();
    const few = parseExpression('(MIT OR Apache-2.0) AND BSD-3-Clause');
    expect(few === null ? null : alternatives(few)?.length).toBe(2);
  });
});

describe('includes are read once', () => {
  test('six files of twenty -r lines each: every file read once, its requirements once', () => {
    // Each level includes the next one twenty times: 20^5 paths, six files.
    const files: Record<string, string> = {};
    for (let level = 0; level < 6; level++) {
      const name = level === 0 ? 'requirements.txt' : `r${String(level)}.txt`;
      const lines = [`pkg${String(level)}`];
      if (level < 5) for (let i = 0; i < 20; i++) lines.push(`-r r${String(level + 1)}.txt`);
      files[name] = `${lines.join('\n')}\n`;
    }
    const tree = countingTree(files);
    const m = parseRequirementsFile('requirements.txt', tree);
    expect(m.errors).toEqual([]);
    expect(m.dependencies.map((d) => d.name)).toEqual([
      'pkg0',
      'pkg1',
      'pkg2',
      'pkg3',
      'pkg4',
      'pkg5',
    ]);
    expect([...tree.reads.values()].every((n) => n === 1)).toBe(true);
    expect(tree.reads.size).toBe(6);
  });

  test('a file reached by two paths is reported once; a cycle is still an error', () => {
    const m = requirements({
      'requirements.txt': '-r a.txt\n-r b.txt\n',
      'a.txt': '-r common.txt\nalpha\n',
      'b.txt': '-r common.txt\nbeta\n-r requirements.txt\n',
      'common.txt': 'shared==1.0\n',
    });
    expect(m.dependencies.map((d) => `${d.name}@${d.file}:${String(d.line)}`)).toEqual([
      'shared@common.txt:1',
      'alpha@a.txt:2',
      'beta@b.txt:2',
    ]);
    expect(m.errors).toEqual([
      {
        file: 'b.txt',
        line: 3,
        message: 'include cycle: requirements.txt → b.txt → requirements.txt',
      },
    ]);
  });

  test('an include chain 2,000 deep is followed without recursion', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 2000; i++)
      files[`r${String(i)}.txt`] = `p${String(i)}\n-r r${String(i + 1)}.txt\n`;
    files['r2000.txt'] = 'last\n';
    const m = parseRequirementsFile('r0.txt', memoryTree(files));
    expect(m.errors).toEqual([]);
    expect(m.dependencies).toHaveLength(2001);
    expect(m.dependencies.at(-1)?.name).toBe('last');
  });

  test('a constraints file and a requirements file of the same name are each read', () => {
    const tree = countingTree({
      'requirements.txt': '-c pins.txt\n-r pins.txt\n',
      'pins.txt': 'a==1\n',
    });
    const m = parseRequirementsFile('requirements.txt', tree);
    expect(m.dependencies.map((d) => d.constraint)).toEqual([true, false]);
    expect(tree.reads.get('pins.txt')).toBe(1);
  });
});

describe('depth the input decides', () => {
  test('2,000 nested parentheses in a marker: "nested too deeply" at the file and line', () => {
    const deep = `a; ${'('.repeat(2000)}os_name == "x"${')'.repeat(2000)}`;
    expect(parseRequirement(deep)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('nested too deeply') },
    });
    const m = requirements({ 'requirements.txt': `first\n${deep}\nlast\n` });
    expect(m.dependencies.map((d) => d.name)).toEqual(['first', 'last']);
    expect(m.errors).toEqual([
      expect.objectContaining({
        file: 'requirements.txt',
        line: 2,
        message: expect.stringContaining('nested too deeply'),
      }),
    ]);
    const limit = `a; ${'('.repeat(MAX_MARKER_DEPTH)}os_name == "x"${')'.repeat(MAX_MARKER_DEPTH)}`;
    expect(parseRequirement(limit)).toMatchObject({
      ok: true,
      value: { marker: 'os_name == "x"' },
    });
  });

  test('a 100,000-deep dotted TOML key: "nested too deeply" at its line', () => {
    const text = `[project]\nname = "x"\n\n[tool]\n${'a.'.repeat(100_000)}b = 1\n`;
    expect(parseToml(text, 'pyproject.toml')).toEqual({
      ok: false,
      error: {
        file: 'pyproject.toml',
        line: 5,
        message: expect.stringContaining('nested too deeply'),
      },
    });
    const m = parsePyproject('pyproject.toml', text);
    expect(m.errors).toEqual([
      expect.objectContaining({ line: 5, message: expect.stringContaining('nested too deeply') }),
    ]);
    // Up to the limit it is a document like any other.
    const atLimit = `${Array.from({ length: MAX_TOML_DEPTH - 1 }, () => 'a').join('.')} = 1\n`;
    expect(parseToml(atLimit, 'x.toml').ok).toBe(true);
  });

  test('a 130,000-row deps table is printed', () => {
    const lines = Array.from({ length: 130_000 }, (_, i) => `pkg${String(i)}==1.0`);
    const m = requirements({ 'requirements.txt': `${lines.join('\n')}\n` });
    expect(m.dependencies).toHaveLength(130_000);
    const table = depsTable([m]);
    expect(table).toContain('pkg129999');
  });

  test('a uv.lock with more edges than the bound: every package judged, a tree-limit notice at the entry where edges stop', () => {
    // 60 packages of 2,000 dependencies each: 120,000 edges, past MAX_EDGES at entry 51.
    const perPackage = 2_000;
    const blocks = Array.from({ length: 60 }, (_, i) => {
      const deps = Array.from(
        { length: perPackage },
        (_, k) => `    { name = "leaf-${String(k)}" },`,
      );
      return `[[package]]\nname = "pkg-${String(i)}"\nversion = "1.0"\nsource = { registry = "https://pypi.org/simple" }\ndependencies = [\n${deps.join('\n')}\n]\n`;
    });
    const text = `version = 1\nrequires-python = ">=3.9"\n\n${blocks.join('\n')}`;
    const m = parseUvLock('uv.lock', text);
    expect(m.dependencies).toHaveLength(60);
    const total = [...(m.edges?.values() ?? [])].reduce((n, list) => n + list.length, 0);
    expect(total).toBe(MAX_EDGES);
    const firstCut = Math.floor(MAX_EDGES / perPackage); // 0-based entry that hits the bound
    const cutLine = text.split('\n').indexOf(`name = "pkg-${String(firstCut)}"`); // 1-based [[package]]
    expect(m.notices).toEqual([
      expect.objectContaining({
        rule: 'resolve/tree-limit',
        file: 'uv.lock',
        line: cutLine,
        message: expect.stringContaining('100,000 dependency edges'),
      }),
    ]);
    expect(m.edges?.get(`pkg-${String(firstCut - 1)}`)).toHaveLength(perPackage);
    expect(m.edges?.get(`pkg-${String(firstCut)}`)).toEqual([]);
  });
});
