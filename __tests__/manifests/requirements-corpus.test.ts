/**
 * Every requirements file of the corpus, parsed by us and by pip 23 itself
 * (scripts/reference/requirements_pip.py wrote the answers): the same requirements, in the
 * same order, from the same file and line.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileTree } from '../../src/discover/fs-tree.js';
import { safeUrl } from '../../src/manifests/dependency.js';
import { parseRequirementsFile } from '../../src/manifests/requirements/parse.js';

interface PipDependency {
  name: string | null;
  extras: string[];
  specifier: string;
  marker: string | null;
  url: string | null;
  editable: boolean;
  constraint: boolean;
  hashes: string[];
  file: string;
  line: number;
  error?: string;
}
type PipAnswer = { dependencies: PipDependency[] } | { error: string };

const expected = JSON.parse(
  readFileSync(new URL('../corpus/expected/requirements.json', import.meta.url), 'utf8'),
) as Record<string, PipAnswer>;
const tree = fileTree(new URL('../..', import.meta.url).pathname);
const sorted = (spec: string) => spec.split(',').filter(Boolean).sort().join(',');

describe('requirements files agree with pip', () => {
  const files = Object.keys(expected);
  test('the corpus is all there', () => {
    expect(files.length).toBe(173);
  });

  test.each(files)('%s', (file) => {
    const answer = expected[file];
    if (answer === undefined) throw new Error('no answer');
    const manifest = parseRequirementsFile(file, tree);
    if ('error' in answer) {
      // pip stops at the first bad line; we report it and read on.
      expect(manifest.errors.length).toBeGreaterThan(0);
      return;
    }
    expect(manifest.errors).toEqual([]);
    const ours = manifest.dependencies;
    // Two departures from pip, on purpose: a file included twice counts once, and a URL pip
    // could name only by building it is a notice (`input/unnamed-url`), not a dependency.
    const seen = new Set<string>();
    const once = answer.dependencies.filter((d) => {
      const where = `${d.file}:${String(d.line)}`;
      if (seen.has(where)) return false;
      seen.add(where);
      return true;
    });
    const unnamed = (d: PipDependency) =>
      d.name === null && d.url !== null && !d.url.startsWith('file:') && !d.editable;
    expect((manifest.notices ?? []).map((n) => `${n.file}:${String(n.line)}`)).toEqual(
      once.filter(unnamed).map((d) => `${d.file}:${String(d.line)}`),
    );
    const judged = once.filter((d) => !unnamed(d));
    expect(ours.map((d) => `${d.file}:${d.line}`)).toEqual(
      judged.map((d) => `${d.file}:${d.line}`),
    );
    judged.forEach((pip, i) => {
      const dep = ours[i];
      if (dep === undefined) throw new Error('missing');
      if (pip.error !== undefined) {
        // `-e dir` that pip could not find from where it ran: a local project for us.
        expect(dep.editable).toBe(true);
        expect(dep.source.kind).toBe('path');
        return;
      }
      if (pip.name !== null) expect(dep.name).toBe(pip.name);
      expect([...dep.extras].sort()).toEqual(pip.extras);
      expect(sorted(dep.specifier)).toBe(pip.specifier);
      expect(dep.marker).toBe(pip.marker);
      if (pip.url?.startsWith('file:')) expect(dep.source.kind).toBe('path');
      else expect(dep.url).toBe(pip.url === null ? null : safeUrl(pip.url));
      expect(dep.editable).toBe(pip.editable);
      expect(dep.constraint).toBe(pip.constraint);
      expect([...dep.hashes].sort()).toEqual(pip.hashes);
    });
  });
});
