/**
 * The key that makes PEP 440-equal versions one release (`3.13`, `3.13.0`): read without a
 * parse for releases in normal form, and the same as the parsed key for every text.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import {
  keyOfVersion,
  keyOfVersionText,
  parseVersion,
  versionKey,
} from '../../src/pep440/version.js';

/** The key from the full parse: what the quick read must agree with. */
const parsedKey = (text: string) => {
  const v = parseVersion(text);
  return v === null ? null : keyOfVersion(v);
};

/** A deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('keyOfVersionText', () => {
  test.each([
    // packaging.utils.canonicalize_version of each (strip_trailing_zero, its default)
    ['1.0.0', '1'],
    ['0.0', '0'],
    ['10.0', '10'],
    ['1.10.0', '1.10'],
    ['0', '0'],
    ['1.0.10', '1.0.10'],
    ['2.0.0.0', '2'],
    ['1.0rc1', '1rc1'],
    ['01.0', '1'],
    ['1.00.0', '1'],
  ])('%s has the key %s, as packaging canonicalizes it', (text, key) => {
    expect(keyOfVersionText(text)).toBe(key);
    expect(versionKey(text)).toBe(key);
  });

  test('is null for what is not a version, and versionKey gives the text back', () => {
    for (const text of ['', '.', '1.', '.1', '1..0', 'abc', '1.0-', '1.0.x']) {
      expect(keyOfVersionText(text)).toBeNull();
      expect(versionKey(text)).toBe(text);
    }
  });

  test('agrees with the parsed key on generated releases and on the PEP 440 vectors', () => {
    const next = random(3);
    const texts: string[] = [];
    const pieces = ['0', '00', '1', '01', '9', '10', '100', '.', '.', 'rc1', 'post2', '+x', '-'];
    for (let k = 0; k < 5000; k++) {
      let text = '';
      const n = 1 + Math.floor(next() * 8);
      for (let i = 0; i < n; i++) text += pieces[Math.floor(next() * pieces.length)] ?? '';
      texts.push(text);
    }
    const vectors = JSON.parse(
      readFileSync(new URL('../../corpus/pep508-vectors.json', import.meta.url), 'utf8'),
    ) as { versions: unknown };
    const strings = (value: unknown): string[] =>
      typeof value === 'string'
        ? [value]
        : Array.isArray(value)
          ? value.flatMap(strings)
          : typeof value === 'object' && value !== null
            ? Object.values(value).flatMap(strings)
            : [];
    texts.push(...strings(vectors.versions));
    let versions = 0;
    for (const text of texts) {
      const want = parsedKey(text);
      if (want !== null) versions++;
      expect([text, keyOfVersionText(text)]).toEqual([text, want]);
    }
    // Both kinds were generated.
    expect(versions).toBeGreaterThan(500);
    expect(texts.length - versions).toBeGreaterThan(500);
  });

  test('a release of a million characters is read in one pass', () => {
    const text = `1${'.0'.repeat(500_000)}.1`;
    expect(keyOfVersionText(text)).toBe(text);
    expect(keyOfVersionText(`7${'.0'.repeat(500_000)}`)).toBe('7');
  });
});
