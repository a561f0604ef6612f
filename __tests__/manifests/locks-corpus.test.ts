/**
 * Every lock file of the corpus against tomllib / json and the raw lines
 * (scripts/reference/locks.py): the same third-party packages, versions and sources, each at
 * the line of its entry; no errors.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { manifestKindOf } from '../../src/manifests/formats.js';
import { memoryTree } from '../../src/manifests/source-tree.js';
import { parseManifest } from '../../src/manifests/formats.js';

const root = new URL('../../', import.meta.url);
const expected = JSON.parse(
  readFileSync(new URL('__tests__/corpus/expected/locks.json', root), 'utf8'),
) as Record<string, [string, string | null, string, number][]>;

describe('lock files', () => {
  const files = Object.keys(expected);
  test('all locks are there', () => {
    expect(files.length).toBe(36);
  });

  test.each(files)('%s', async (file) => {
    const kind = manifestKindOf(file);
    if (kind === null) throw new Error('not a lock');
    const manifest = await parseManifest(
      file,
      kind,
      memoryTree({ [file]: readFileSync(new URL(file, root)) }),
    );
    expect(manifest.errors).toEqual([]);
    expect(manifest.dependencies.map((d) => [d.name, d.version, d.source.kind, d.line])).toEqual(
      expected[file],
    );
    for (const d of manifest.dependencies) {
      if (d.version !== null) expect(d.specifier).toBe(`==${d.version}`);
    }
  });
});

/** uv.lock versions locked for some forks only carry those forks as their marker (packaging). */
describe('uv.lock resolution markers', () => {
  const markers = JSON.parse(
    readFileSync(new URL('__tests__/corpus/expected/uv-markers.json', root), 'utf8'),
  ) as Record<string, [string, string, string][]>;

  test('the corpus has forked uv locks', () => {
    expect(Object.values(markers).flat().length).toBeGreaterThan(20);
  });

  test.each(Object.keys(markers))('%s', async (file) => {
    const manifest = await parseManifest(
      file,
      'uv.lock',
      memoryTree({ [file]: readFileSync(new URL(file, root)) }),
    );
    const forked = manifest.dependencies
      .filter((d) => d.marker !== null)
      .map((d) => [d.name, d.version, d.marker]);
    expect(forked).toEqual(markers[file]);
  });
});
