/**
 * The bundle (npm run build): what each entry point loads before it runs, and the licence
 * notices. `deps` must not load the HTTP client, the GitHub client or the licence tables;
 * dist/licenses.txt must carry the notice of every package the bundle holds, undici once.
 */
import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));

/** The files an ES module loads before its code runs: itself and its static imports. */
function staticallyLoaded(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  // Minified static imports: `import{a as b}from"./chunk.js"` or `import"./chunk.js"`.
  for (const m of text.matchAll(
    /(?:^|[;\n}])\s*(?:import|export)\s*(?:[^"'();]*?from\s*)?"(\.[^"]+)"/g,
  )) {
    staticallyLoaded(resolve(dirname(file), m[1] ?? ''), seen);
  }
  return seen;
}
const textOf = (files: Iterable<string>) =>
  [...files].map((f) => readFileSync(f, 'utf8')).join('\n');
const depsChunk = readdirSync(join(dist, 'chunks')).find((f) => f.startsWith('deps-')) ?? '';

/** Strings only the package named carries. */
const MARKERS = {
  undici: 'UND_ERR_CONNECT_TIMEOUT',
  octokit: 'octokit',
  'licence texts': 'GNU Affero General Public License',
};

describe('the bundle', () => {
  test('pygovern deps loads no HTTP client, GitHub client or licence table', () => {
    const loaded = textOf([
      ...staticallyLoaded(join(dist, 'cli/index.js')),
      ...staticallyLoaded(join(dist, 'chunks', depsChunk)),
    ]);
    expect(depsChunk).not.toBe('');
    for (const [name, marker] of Object.entries(MARKERS)) {
      expect([name, loaded.includes(marker)]).toEqual([name, false]);
    }
  });

  test('the markers are real: the whole bundle holds each of them', () => {
    const all = textOf([
      join(dist, 'index.js'),
      ...readdirSync(join(dist, 'chunks')).map((f) => join(dist, 'chunks', f)),
    ]);
    for (const [name, marker] of Object.entries(MARKERS)) {
      expect([name, all.includes(marker)]).toEqual([name, true]);
    }
  });

  test('dist/licenses.txt has a notice for each bundled package, and undici once', () => {
    const notices = readFileSync(join(dist, 'licenses.txt'), 'utf8');
    const names = notices
      .split('\n\n')
      .map((block) => block.split('\n')[0] ?? '')
      .filter((line) => /^(@[a-z0-9-]+\/)?[a-z0-9._-]+$/.test(line));
    for (const name of [
      '@actions/cache',
      '@actions/core',
      '@actions/exec',
      '@actions/github',
      '@actions/http-client',
      '@actions/io',
      '@octokit/core',
      '@cyclonedx/cyclonedx-library',
      'smol-toml',
      'spdx-license-list',
      'undici',
      'yaml',
    ]) {
      expect(names).toContain(name);
    }
    expect(names.filter((n) => n === 'undici')).toHaveLength(1);
  });
});
