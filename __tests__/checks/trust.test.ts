/**
 * policy/untrusted-index for every way a manifest names an index, its packages judged "could
 * not tell", policy/changed severities, and facts/unavailable on what a change introduces.
 */
import { describe, expect, test } from '@jest/globals';
import { judge } from '../../src/checks/judge.js';
import { evaluate } from '../../src/engine.js';
import { buildPolicy } from '../../src/config/load-policy.js';
import type { CollectedFacts } from '../../src/facts/collect.js';
import type { ManifestKind } from '../../src/manifests/types.js';
import { parseManifest } from '../../src/manifests/formats.js';
import { memoryTree } from '../../src/manifests/source-tree.js';
import { context, day, facts, report } from './builders.js';

const parse = (path: string, kind: ManifestKind, text: string) =>
  parseManifest(path, kind, memoryTree({ [path]: text }));

const EVIL = 'https://evil.example/simple';

const FORMS: [string, string, ManifestKind, string, number][] = [
  ['requirements -i', 'requirements.txt', 'requirements', `-i ${EVIL}\nrequests==2.32.3\n`, 1],
  [
    'requirements --index-url with credentials',
    'requirements.txt',
    'requirements',
    `requests==2.32.3\n--index-url https://user:secret@evil.example/simple/\n`,
    2,
  ],
  [
    'requirements --extra-index-url',
    'requirements.txt',
    'requirements',
    `requests==2.32.3\n\n--extra-index-url ${EVIL}\n`,
    3,
  ],
  [
    '[[tool.uv.index]]',
    'pyproject.toml',
    'pyproject',
    `[project]\nname = "x"\ndependencies = ["requests"]\n\n[[tool.uv.index]]\nname = "evil"\nurl = "${EVIL}"\n`,
    7,
  ],
  [
    '[tool.uv] extra-index-url',
    'pyproject.toml',
    'pyproject',
    `[project]\nname = "x"\n[tool.uv]\nextra-index-url = [\n  "${EVIL}",\n]\n`,
    5,
  ],
  [
    '[[tool.poetry.source]]',
    'pyproject.toml',
    'pyproject',
    `[tool.poetry]\nname = "x"\n[tool.poetry.dependencies]\nrequests = "*"\n[[tool.poetry.source]]\nname = "evil"\nurl = "${EVIL}"\npriority = "primary"\n`,
    7,
  ],
  [
    '[[tool.pdm.source]]',
    'pyproject.toml',
    'pyproject',
    `[project]\nname = "x"\n[[tool.pdm.source]]\nname = "evil"\nurl = "${EVIL}"\n`,
    5,
  ],
  [
    'Pipfile [[source]]',
    'Pipfile',
    'pipfile',
    `[[source]]\nname = "pypi"\nurl = "https://pypi.org/simple"\nverify_ssl = true\n\n[[source]]\nname = "evil"\nurl = "${EVIL}"\n\n[packages]\nrequests = "*"\n`,
    8,
  ],
  [
    'a uv.lock registry',
    'uv.lock',
    'uv.lock',
    `version = 1\n\n[[package]]\nname = "requests"\nversion = "2.32.3"\nsource = { registry = "${EVIL}" }\n`,
    3,
  ],
];

describe('policy/untrusted-index', () => {
  test.each(FORMS)(
    '%s is an error at the line that names it',
    async (_form, path, kind, text, line) => {
      const m = await parse(path, kind, text);
      expect(m.errors).toEqual([]);
      const verdict = judge(context([], { manifests: [m] }), null);
      const found = verdict.findings.filter((f) => f.rule === 'policy/untrusted-index');
      expect(found.map((f) => [f.severity, f.manifest, f.line, f.key])).toEqual([
        ['error', path, line, 'https://evil.example/simple'],
      ]);
      expect(found[0]?.message).not.toContain('secret');
      expect(verdict.outcome).toBe('fail');
    },
  );

  test.each(FORMS)(
    '%s listed in trusted-indexes (any spelling) is no finding',
    async (_f, path, kind, text) => {
      const m = await parse(path, kind, text);
      const policy = { trustedIndexes: ['HTTPS://Evil.Example/simple/'] };
      const verdict = judge(context([], { manifests: [m], policy }), null);
      expect(verdict.findings.filter((f) => f.rule === 'policy/untrusted-index')).toEqual([]);
    },
  );

  test('PyPI named explicitly is trusted; an index already on the base is not introduced', async () => {
    const pypi = await parse(
      'requirements.txt',
      'requirements',
      '-i https://pypi.org/simple\nx==1\n',
    );
    expect(judge(context([], { manifests: [pypi] }), null).findings).toEqual([]);
    const evil = await parse('requirements.txt', 'requirements', `-i ${EVIL}\nx==1\n`);
    const verdict = judge(context([], { manifests: [evil] }), context([], { manifests: [evil] }));
    expect(verdict.findings.map((f) => [f.rule, f.introduced])).toEqual([
      ['policy/untrusted-index', false],
    ]);
    expect(verdict.outcome).toBe('pass');
  });

  test('the facts of a package from an untrusted index never clear it: it is "could not tell"', async () => {
    const m = await parse(
      'requirements.txt',
      'requirements',
      `--index-url ${EVIL}\nrequests==2.32.3\n`,
    );
    const dep = m.dependencies[0];
    if (dep === undefined) throw new Error('no dependency');
    // What the index would answer (a clean MIT package) is not used.
    const lookedUp: CollectedFacts = {
      of: () => facts('requests', { version: '2.32.3' }),
      all: () => [],
    };
    const result = evaluate(
      { head: [m], base: [], policy: buildPolicy({}) },
      lookedUp,
      day('2026-11-24'),
    );
    const rules = result.verdict.findings.map((f) => [f.rule, f.severity, f.line]);
    expect(rules).toEqual([
      ['policy/untrusted-index', 'error', 1],
      ['facts/unavailable', 'error', 2],
    ]);
    expect(result.verdict.findings[1]?.message).toContain('https://evil.example/simple');
    // Once the index is trusted, its facts count again.
    const trusted = evaluate(
      { head: [m], base: [], policy: buildPolicy({ trustedIndexes: [EVIL] }) },
      lookedUp,
      day('2026-11-24'),
    );
    expect(trusted.verdict.findings).toEqual([]);
  });

  test('an index the head adds does not taint the same file at the base', async () => {
    const head = await parse('requirements.txt', 'requirements', `-i ${EVIL}\nrequests==2.32.3\n`);
    const base = await parse('requirements.txt', 'requirements', 'requests==2.32.3\n');
    const lookedUp: CollectedFacts = {
      of: () => facts('requests', { version: '2.32.3' }),
      all: () => [],
    };
    const result = evaluate(
      { head: [head], base: [base], policy: buildPolicy({}) },
      lookedUp,
      day('2026-11-24'),
    );
    expect(result.base?.dependencies.map((d) => d.facts?.project.status)).toEqual(['known']);
    expect(result.verdict.findings.map((f) => [f.rule, f.severity, f.introduced])).toEqual([
      ['policy/untrusted-index', 'error', true],
      ['facts/unavailable', 'error', true],
    ]);
  });

  test('a dependency naming a declared index by name is judged by that index', async () => {
    const m = await parse(
      'pyproject.toml',
      'pyproject',
      `[project]\nname = "x"\ndependencies = ["internal-lib==1.0"]\n[tool.uv.sources]\ninternal-lib = { index = "corp" }\n[[tool.uv.index]]\nname = "corp"\nurl = "${EVIL}"\n`,
    );
    const lookedUp: CollectedFacts = { of: () => facts('internal-lib'), all: () => [] };
    const result = evaluate(
      { head: [m], base: [], policy: buildPolicy({}) },
      lookedUp,
      day('2026-11-24'),
    );
    expect(result.verdict.findings.map((f) => [f.rule, f.line])).toEqual([
      ['policy/untrusted-index', 8],
      ['facts/unavailable', 3],
    ]);
  });
});

describe('facts/unavailable', () => {
  const unavailable = () => report('flaky', { project: 'missing' });

  test('on a dependency the change introduces it is an error; already present it stays a warning', () => {
    const head = context([unavailable()]);
    expect(
      judge(head, context([])).findings.map((f) => [f.rule, f.severity, f.introduced]),
    ).toEqual([['facts/unavailable', 'error', true]]);
    expect(
      judge(head, context([unavailable()])).findings.map((f) => [f.severity, f.introduced]),
    ).toEqual([['warning', false]]);
  });

  test('without a base to compare, or with the rule set by the team, the setting applies', () => {
    expect(judge(context([unavailable()]), null).findings.map((f) => f.severity)).toEqual([
      'warning',
    ]);
    const set = context([unavailable()], { policy: { rules: { 'facts/unavailable': 'notice' } } });
    expect(judge(set, context([])).findings.map((f) => f.severity)).toEqual(['notice']);
  });
});

describe('policy/changed', () => {
  const change = (kind: 'relaxation' | 'tightening') => ({
    kind,
    key: 'fail-on',
    message: `"fail-on" changes`,
    file: 'pygovern.toml',
    line: 2,
  });

  test('a relaxation is an error that fails, a tightening a notice; off turns both off', () => {
    const ctx = { ...context([]), policyChanges: [change('relaxation'), change('tightening')] };
    const verdict = judge(ctx, context([]));
    expect(
      verdict.findings.map((f) => [f.rule, f.severity, f.manifest, f.line, f.introduced]),
    ).toEqual([
      ['policy/changed', 'error', 'pygovern.toml', 2, true],
      ['policy/changed', 'notice', 'pygovern.toml', 2, true],
    ]);
    expect(verdict.outcome).toBe('fail');
    const off = {
      ...context([], { policy: { rules: { 'policy/changed': 'off' } } }),
      policyChanges: [change('relaxation')],
    };
    expect(judge(off, context([])).findings).toEqual([]);
  });
});
