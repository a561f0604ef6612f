/**
 * Every TOML manifest and lock of the corpus: the value equals tomllib's (compared by a hash of
 * canonical JSON, scripts/reference/toml_lines.py) and the line of each dependency string,
 * dependency key and [[package]] header equals the one found by searching the raw text.
 */
import { describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseToml } from '../../src/manifests/toml.js';

const root = new URL('../../', import.meta.url);
const expected = JSON.parse(
  readFileSync(new URL('__tests__/corpus/expected/toml.json', root), 'utf8'),
) as Record<string, { sha256: string; lines: Record<string, number> }>;

/** Python's json.dumps(sort_keys=True, separators=(",", ":")), ASCII-escaped. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${canonical(k)}:${canonical(v)}`).join(',')}}`;
  }
  if (typeof value === 'bigint') return value.toString();
  // UTC date-times: written `Z` or `+00:00`, the same instant either way.
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/.test(value)) {
    return JSON.stringify(value.replace(/\+00:00$/, 'Z'));
  }
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

describe('TOML corpus', () => {
  const files = Object.keys(expected);
  test('all files are there', () => {
    expect(files.length).toBe(119);
  });

  test.each(files)('%s', (file) => {
    const answer = expected[file];
    if (answer === undefined) throw new Error('no answer');
    const doc = parseToml(readFileSync(new URL(file, root)), file);
    if (!doc.ok) throw new Error(doc.error.message);
    expect(createHash('sha256').update(canonical(doc.value.value)).digest('hex')).toBe(
      answer.sha256,
    );
    const lines = Object.fromEntries(
      Object.keys(answer.lines).map((path) => [
        path,
        doc.value.lineOf(JSON.parse(path) as (string | number)[]),
      ]),
    );
    expect(lines).toEqual(answer.lines);
  });
});
