/**
 * The PEP 508 parts of every corpus pyproject.toml agree with tomllib + packaging
 * (scripts/reference/pyproject_deps.py): the same requirements, groups, specifiers and markers,
 * in order, each at a line that names it.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parsePyproject } from '../../src/manifests/pyproject/parse.js';

interface Expected {
  name: string;
  group: string;
  extras: string[];
  specifier: string;
  marker: string | null;
  url: string | null;
}

const root = new URL('../../', import.meta.url);
const expected = JSON.parse(
  readFileSync(new URL('__tests__/corpus/expected/pyproject.json', root), 'utf8'),
) as Record<string, { dependencies: Expected[]; requiresPython: string | null }>;

describe('pyproject.toml corpus', () => {
  const files = Object.keys(expected);
  test('all files are there', () => {
    expect(files.length).toBe(83);
  });

  test.each(files)('%s', (file) => {
    const answer = expected[file];
    if (answer === undefined) throw new Error('no answer');
    const bytes = readFileSync(new URL(file, root));
    const lines = bytes.toString('utf8').split(/\r?\n/);
    const manifest = parsePyproject(file, bytes);
    expect(manifest.errors).toEqual([]);
    if (answer.requiresPython !== null) expect(manifest.requiresPython).toBe(answer.requiresPython);
    // PDM's `-e path` entries are not PEP 508; Poetry's tables come after the PEP 508 ones.
    const ours = manifest.dependencies
      .filter((d) => !d.editable)
      .slice(0, answer.dependencies.length);
    expect(
      ours.map((d) => ({
        name: d.name,
        group: d.group,
        extras: d.extras,
        specifier: d.specifier.split(',').filter(Boolean).sort().join(','),
        marker: d.marker,
        url: d.url,
      })),
    ).toEqual(answer.dependencies);
    for (const d of ours) {
      expect(lines[d.line - 1]?.toLowerCase()).toContain(d.name.toLowerCase());
    }
  });
});
