/** `.pre-commit-hooks.yaml` runs the package's own CLI on every file name pygovern reads. */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { MANIFEST_FILE_NAMES, manifestKindOf, MANIFEST_KINDS } from '../src/manifests/formats.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const hooks = parse(readFileSync(`${root}.pre-commit-hooks.yaml`, 'utf8')) as {
  id: string;
  entry: string;
  language: string;
  files: string;
  args: string[];
  pass_filenames: boolean;
}[];
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
  bin: Record<string, string>;
};
const hook = hooks.find((h) => h.id === 'pygovern');
// pre-commit matches `files` with Python's re.search; this pattern uses only syntax JS shares.
const files = new RegExp(hook?.files ?? '$^');

/** Paths of every kind: the fixed names, in and out of directories, and the patterned ones. */
const SAMPLES = [
  ...MANIFEST_FILE_NAMES.flatMap((n) => [n, `services/api/${n}`]),
  'pylock.dev.toml',
  'requirements.txt',
  'requirements-dev.in',
  'requirements/base.txt',
  'deps/Constraints.txt',
  'ci/test-requirements.txt',
];
const NOT_MANIFESTS = [
  'setup.py',
  'docs/notes.txt',
  'README.md',
  'pylock.a.b.toml',
  'my-pyproject.toml',
  'environment.yml.bak',
  'Pipfile.txt.orig',
];

describe('pre-commit hook', () => {
  test('runs the package bin as `check` on the changed files, failing on errors', () => {
    expect(hook).toBeDefined();
    const [bin, command] = (hook?.entry ?? '').split(' ');
    expect(Object.keys(pkg.bin)).toContain(bin);
    expect(command).toBe('check');
    expect(hook).toMatchObject({ language: 'node', pass_filenames: true });
    expect(hook?.args).toEqual(['--fail-on', 'error']);
  });

  test('every manifest kind has a sample file name the hook matches', () => {
    const kinds = new Set(SAMPLES.map((p) => manifestKindOf(p)));
    for (const kind of MANIFEST_KINDS) expect(kinds).toContain(kind);
  });

  test.each(SAMPLES)('matches manifest %s', (path) => {
    expect(manifestKindOf(path)).not.toBeNull();
    expect(files.test(path)).toBe(true);
  });

  test.each(NOT_MANIFESTS)('does not match %s, which pygovern does not read', (path) => {
    expect(manifestKindOf(path)).toBeNull();
    expect(files.test(path)).toBe(false);
  });
});
