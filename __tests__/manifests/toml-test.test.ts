/**
 * The toml-test suite (TOML 1.1 case list): every valid document parses to the expected
 * value, every invalid one is an error with a line — never a throw.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parseToml } from '../../src/manifests/toml.js';

const suite = new URL('../../corpus/toml-test/tests/', import.meta.url);
const list = readFileSync(new URL('files-toml-1.1.0', suite), 'utf8').split('\n');
const valid = list.filter((f) => f.startsWith('valid/') && f.endsWith('.toml'));
const invalid = list.filter((f) => f.startsWith('invalid/') && f.endsWith('.toml'));

type Tagged = { type: string; value: string } | Tagged[] | { [key: string]: Tagged };

/** Date-times compared at millisecond precision, separators and case normalised. */
function normalTime(text: string): string {
  return text
    .toUpperCase()
    .replace(' ', 'T')
    .replace(
      /(\d{2}:\d{2}:\d{2})(?:\.(\d+))?/,
      (_m, hms: string, frac: string | undefined) =>
        `${hms}.${(frac ?? '').padEnd(3, '0').slice(0, 3)}`,
    )
    .replace(/\+00:00$|-00:00$/, 'Z');
}

function matches(ours: unknown, expected: Tagged): boolean {
  if (Array.isArray(expected)) {
    return (
      Array.isArray(ours) &&
      ours.length === expected.length &&
      expected.every((e, i) => matches(ours[i], e))
    );
  }
  if (
    typeof expected.type === 'string' &&
    typeof expected.value === 'string' &&
    Object.keys(expected).length === 2
  ) {
    const { type, value } = expected as { type: string; value: string };
    switch (type) {
      case 'string':
        return ours === value;
      case 'bool':
        return ours === (value === 'true');
      case 'integer':
        return (
          (typeof ours === 'number' || typeof ours === 'bigint') && Number(ours) === Number(value)
        );
      case 'float':
        if (value === 'nan' || value === '+nan' || value === '-nan') return Number.isNaN(ours);
        return (
          typeof ours === 'number' && ours === Number(value.replace(/^([+-]?)inf$/, '$1Infinity'))
        );
      default:
        return typeof ours === 'string' && normalTime(ours) === normalTime(value);
    }
  }
  if (typeof ours !== 'object' || ours === null || Array.isArray(ours)) return false;
  const o = ours as Record<string, unknown>;
  const keys = Object.keys(expected);
  return (
    keys.length === Object.keys(o).length &&
    keys.every((k) => matches(o[k], (expected as Record<string, Tagged>)[k] as Tagged))
  );
}

describe('toml-test', () => {
  test('the suite is all there', () => {
    expect([valid.length, invalid.length]).toEqual([220, 492]);
  });

  test.each(valid)('%s parses to the expected value', (file) => {
    const doc = parseToml(readFileSync(new URL(file, suite)), file);
    if (!doc.ok) throw new Error(doc.error.message);
    const expected = JSON.parse(
      readFileSync(new URL(file.replace(/\.toml$/, '.json'), suite), 'utf8'),
    ) as Tagged;
    expect(matches(doc.value.value, expected)).toBe(true);
  });

  test.each(invalid)('%s is rejected', (file) => {
    const doc = parseToml(readFileSync(new URL(file, suite)), file);
    expect(doc.ok).toBe(false);
  });
});

describe('toml-test invalid documents as pyproject.toml', () => {
  const v10 = new Set(readFileSync(new URL('files-toml-1.0.0', suite), 'utf8').split('\n'));
  const both = invalid.filter((f) => v10.has(f));
  test.each(both)('%s: one error with a line', async (file) => {
    const { parsePyproject } = await import('../../src/manifests/pyproject/parse.js');
    const manifest = parsePyproject('pyproject.toml', readFileSync(new URL(file, suite)));
    expect(manifest.errors).toHaveLength(1);
    expect(manifest.errors[0]?.line).toEqual(expect.any(Number));
  });
});
