/**
 * packaging's own test vectors (corpus/pep508-vectors.json), replayed against our PEP 440 and
 * PEP 508 modules. The cases packaging 26.2 — our reference — answers differently exercise
 * newer behaviour; scripts/reference/pep508_skips.py lists them with the reason, and the
 * counts below keep that list from growing unnoticed.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import {
  canonicalSpecifierSet,
  containsVersion,
  filterSpecifier,
  filterVersions,
  formatSpecifier,
  formatSpecifierSet,
  parseSpecifier,
  parseSpecifierSet,
  specifierContains,
  specifierPrereleases,
} from '../../src/pep440/specifier.js';
import {
  baseVersion,
  compareVersions,
  formatVersion,
  isDevrelease,
  isPostrelease,
  isPrerelease,
  parseVersion,
  publicVersion,
  type Version,
} from '../../src/pep440/version.js';
import { evaluateMarker, formatMarker, parseMarker } from '../../src/pep508/marker.js';
import { formatRequirement, parseRequirement } from '../../src/pep508/requirement.js';
import { normalizeName } from '../../src/pep440/names.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Case {
  input: Json;
  expected: Record<string, Json>;
  source: string;
}
type Section = 'versions' | 'specifiers' | 'markers' | 'requirements';

const root = new URL('../../', import.meta.url);
const vectors = JSON.parse(
  readFileSync(new URL('corpus/pep508-vectors.json', root), 'utf8'),
) as Record<Section, Case[]>;
const skips = JSON.parse(
  readFileSync(new URL('__tests__/corpus/expected/pep508-skips.json', root), 'utf8'),
) as Record<Section, Record<string, string>>;

/** Behaviour packaging 26.2 has that pygovern does not need, so we did not build it. */
const NOT_BUILT = new Set(['is_unsatisfiable']);

const must = (v: Version | null): Version => {
  if (v === null) throw new Error('not a version');
  return v;
};
const obj = (j: Json) => j as Record<string, Json>;
const str = (j: Json | undefined) => j as string;
const optBool = (j: Json | undefined) => (j === undefined || j === null ? null : (j as boolean));
const num = (n: bigint | null) => (n === null ? null : Number(n));

function version(input: Json, expected: Record<string, Json>): Record<string, Json> {
  if (Array.isArray(input)) {
    const vs = input.map((v) => must(parseVersion(str(v))));
    return {
      sorted_ascending: vs.every((v, i) => i === 0 || compareVersions(vs[i - 1] as Version, v) < 0),
    };
  }
  if (typeof input === 'object' && input !== null) {
    const { left, right, op } = obj(input);
    const c = compareVersions(must(parseVersion(str(left))), must(parseVersion(str(right))));
    const result = {
      '<': c < 0,
      '<=': c <= 0,
      '==': c === 0,
      '!=': c !== 0,
      '>=': c >= 0,
      '>': c > 0,
    }[str(op)];
    return { result: result ?? null };
  }
  const key = Object.keys(expected)[0] ?? '';
  const v = parseVersion(str(input));
  if (key === 'valid') return { valid: v !== null };
  const p = must(v);
  const answers: Record<string, Json> = {
    normalized: formatVersion(p),
    str: formatVersion(p),
    public: formatVersion(publicVersion(p)),
    base_version: formatVersion(baseVersion(p)),
    epoch: Number(p.epoch),
    release: p.release.map(Number),
    local: p.local === null ? null : p.local.join('.'),
    pre: p.pre === null ? null : [p.pre[0], Number(p.pre[1])],
    post: num(p.post),
    dev: num(p.dev),
    is_prerelease: isPrerelease(p),
    is_postrelease: isPostrelease(p),
    is_devrelease: isDevrelease(p),
  };
  return { [key]: answers[key] ?? null };
}

function specifier(input: Json, expected: Record<string, Json>): Record<string, Json> {
  const i = obj(input);
  const key = Object.keys(expected)[0] ?? '';
  const explicit = optBool(i.specifier_prereleases);
  if ('specifier' in i) {
    const s = parseSpecifier(str(i.specifier));
    if (key === 'valid') return { valid: s.ok };
    if (!s.ok) throw new Error(s.error);
    const spec = s.value;
    switch (key) {
      case 'contains':
        return {
          contains: specifierContains(
            spec,
            str(i.version),
            optBool(i.contains_prereleases),
            explicit,
          ),
        };
      case 'filter':
        return {
          filter: filterSpecifier(
            spec,
            i.filter as string[],
            optBool(i.filter_prereleases),
            explicit,
          ),
        };
      case 'str':
        return { str: formatSpecifier(spec) };
      case 'prereleases':
        return { prereleases: explicit ?? specifierPrereleases(spec) };
      case 'operator':
        return { operator: spec.operator };
      case 'version':
        return { version: spec.version };
    }
    throw new Error(`unknown key ${key}`);
  }
  const s = parseSpecifierSet(str(i.specifier_set), explicit);
  if (key === 'valid') return { valid: s.ok };
  if (!s.ok) throw new Error(s.error);
  switch (key) {
    case 'contains':
      return {
        contains: containsVersion(s.value, str(i.version), {
          prereleases: optBool(i.contains_prereleases),
          installed: i.installed === true,
        }),
      };
    case 'filter':
      return {
        filter: filterVersions(
          s.value,
          i.filter as string[],
          (v) => v,
          optBool(i.filter_prereleases),
        ),
      };
    case 'str':
      return { str: formatSpecifierSet(s.value) };
  }
  throw new Error(`unknown key ${key}`);
}

/** CPython 3.11 on Linux; the vectors' own environment values override it. */
const BASE_ENVIRONMENT = {
  implementation_name: 'cpython',
  implementation_version: '3.11.4',
  os_name: 'posix',
  platform_machine: 'x86_64',
  platform_release: '6.1.0',
  platform_system: 'Linux',
  platform_version: '#1 SMP',
  python_full_version: '3.11.4',
  platform_python_implementation: 'CPython',
  python_version: '3.11',
  sys_platform: 'linux',
  extra: '',
};

function marker(input: Json, expected: Record<string, Json>): Record<string, Json> {
  const key = Object.keys(expected)[0] ?? '';
  if (key === 'equal') {
    const { left, right } = obj(input);
    const l = parseMarker(str(left));
    const r = parseMarker(str(right));
    if (!l.ok || !r.ok) throw new Error('invalid');
    return { equal: formatMarker(l.value) === formatMarker(r.value) };
  }
  if (key === 'evaluate') {
    const { marker: text, environment } = obj(input);
    const m = parseMarker(str(text));
    if (!m.ok) throw new Error(m.error.message);
    const env = { ...BASE_ENVIRONMENT, ...(environment as Record<string, string>) };
    return { evaluate: evaluateMarker(m.value, env) };
  }
  const m = parseMarker(str(input));
  if (key === 'valid')
    return expected.error === undefined
      ? { valid: m.ok }
      : { valid: m.ok, error: m.ok ? null : m.error.message };
  if (!m.ok) throw new Error(m.error.message);
  return { str: formatMarker(m.value) };
}

function requirement(input: Json, expected: Record<string, Json>): Record<string, Json> {
  const keys = Object.keys(expected);
  const parse = (text: string) => {
    const r = parseRequirement(text);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  const same = (a: ReturnType<typeof parse>, b: ReturnType<typeof parse>) =>
    normalizeName(a.name) === normalizeName(b.name) &&
    a.extras.join() === b.extras.join() &&
    canonical(a.specifier) === canonical(b.specifier) &&
    a.url === b.url &&
    a.marker === b.marker;
  if (keys.includes('valid')) {
    const r = parseRequirement(str(input));
    const out: Record<string, Json> = { valid: r.ok };
    if ('error' in expected) out.error = r.ok ? null : r.error.message;
    if ('error_match_regex' in expected) {
      out.error_match_regex =
        !r.ok && new RegExp(str(expected.error_match_regex)).test(r.error.message)
          ? expected.error_match_regex
          : null;
    }
    return out;
  }
  if (keys.includes('equal')) {
    const { left, right } = obj(input);
    return { equal: same(parse(str(left)), parse(str(right))) };
  }
  if (keys.includes('equals'))
    return {
      equals: same(parse(str(input)), parse(str(expected.equals)))
        ? (expected.equals ?? null)
        : null,
    };
  const r = parse(str(input));
  if (keys.includes('str')) return { str: formatRequirement(r) };
  const out: Record<string, Json> = {};
  for (const k of keys) {
    if (k === 'name') out.name = r.name;
    if (k === 'extras') out.extras = r.extras;
    if (k === 'url') out.url = r.url;
    if (k === 'specifier') out.specifier = r.specifier;
    if (k === 'marker') out.marker = r.marker;
  }
  return out;
}

/** The expected answer in the form our modules give it (sets and markers in normal form). */
function normalizeExpected(section: Section, expected: Record<string, Json>): Record<string, Json> {
  if (section !== 'requirements') return expected;
  const out = { ...expected };
  if (typeof out.specifier === 'string') {
    const s = parseSpecifierSet(out.specifier);
    if (s.ok) out.specifier = formatSpecifierSet(s.value);
  }
  if (typeof out.marker === 'string') {
    const m = parseMarker(out.marker);
    if (m.ok) out.marker = formatMarker(m.value);
  }
  return out;
}

function canonical(specifier: string): string {
  const s = parseSpecifierSet(specifier);
  return s.ok ? canonicalSpecifierSet(s.value) : specifier;
}

const RUNNERS = {
  versions: version,
  specifiers: specifier,
  markers: marker,
  requirements: requirement,
};

const EXPECTED_COUNTS: Record<Section, { run: number; skipped: number; notBuilt: number }> = {
  versions: { run: 641, skipped: 10, notBuilt: 0 },
  specifiers: { run: 1485, skipped: 64, notBuilt: 195 },
  markers: { run: 2223, skipped: 4, notBuilt: 0 },
  requirements: { run: 324, skipped: 15, notBuilt: 0 },
};

for (const section of Object.keys(RUNNERS) as Section[]) {
  describe(`pep508 vectors: ${section}`, () => {
    const cases = vectors[section].map((c, index) => ({ ...c, index }));
    const skipped = cases.filter((c) => String(c.index) in skips[section]);
    const notBuilt = cases.filter(
      (c) =>
        !(String(c.index) in skips[section]) &&
        Object.keys(c.expected).some((k) => NOT_BUILT.has(k)),
    );
    const run = cases.filter((c) => !skipped.includes(c) && !notBuilt.includes(c));

    test('the skip list only holds cases packaging 26.2 disagrees with, and stays small', () => {
      expect({ run: run.length, skipped: skipped.length, notBuilt: notBuilt.length }).toEqual(
        EXPECTED_COUNTS[section],
      );
    });

    test.each(run.map((c) => [c.index, JSON.stringify(c.input).slice(0, 80), c] as const))(
      '#%i %s',
      (_i, _label, c) => {
        const expected = normalizeExpected(section, c.expected);
        expect(RUNNERS[section](c.input, expected)).toEqual(expected);
      },
    );
  });
}
