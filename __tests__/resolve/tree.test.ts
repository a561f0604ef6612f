/** The pure pieces of the tree: which requirement applies, which version is taken. */
import { describe, expect, test } from '@jest/globals';
import type { ReleaseInfo } from '../../src/facts/types.js';
import { isLockWithEdges } from '../../src/manifests/lock-edges.js';
import { parsePdmLock } from '../../src/manifests/locks/pdm.js';
import { parsePoetryLock } from '../../src/manifests/locks/poetry.js';
import { parseUvLock } from '../../src/manifests/locks/uv.js';
import { parseMarker } from '../../src/pep508/marker.js';
import { chooseVersion, markerApplies } from '../../src/resolve/tree.js';

const marker = (text: string) => {
  const parsed = parseMarker(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
};
const release = (version: string, more: Partial<ReleaseInfo> = {}): ReleaseInfo => ({
  version,
  uploaded: null,
  yanked: false,
  yankedReason: null,
  requiresPython: null,
  ...more,
});

describe('markerApplies', () => {
  test('a Python marker holds when one targeted Python satisfies it', () => {
    const m = marker('python_version < "3.11"');
    expect(markerApplies(m, ['3.11', '3.12'], [])).toBe(false);
    expect(markerApplies(m, ['3.10', '3.12'], [])).toBe(true);
    expect(markerApplies(marker('python_full_version >= "3.12.1"'), ['3.12'], [])).toBe(true);
  });

  test('extra markers hold only for the extras asked', () => {
    const m = marker('extra == "speed"');
    expect(markerApplies(m, ['3.12'], [])).toBe(false);
    expect(markerApplies(m, ['3.12'], ['docs'])).toBe(false);
    expect(markerApplies(m, ['3.12'], ['docs', 'Speed'])).toBe(true);
  });

  test('other variables count as possibly true; unknown Pythons too', () => {
    expect(markerApplies(marker('sys_platform == "win32"'), ['3.12'], [])).toBe(true);
    expect(markerApplies(marker('python_version < "3"'), null, [])).toBe(true);
    expect(markerApplies(marker('python_version < "3"'), [], [])).toBe(true);
  });
});

describe('chooseVersion', () => {
  const releases = [
    release('1.0'),
    release('1.5'),
    release('2.0'),
    release('2.1', { yanked: true }),
    release('2.2', { requiresPython: '>=3.13' }),
    release('3.0rc1'),
  ];

  test('the newest release every specifier admits, not yanked, not a pre-release, installable on every target', () => {
    expect(chooseVersion(['>=1', '<3'], releases, ['3.11', '3.12'])).toEqual({
      version: '2.0',
      conflict: false,
    });
    expect(chooseVersion([''], releases, ['3.13'])).toEqual({ version: '2.2', conflict: false });
  });

  test('no common release: the newest the first admits, as a conflict', () => {
    expect(chooseVersion(['<2', '>=2'], releases, ['3.12'])).toEqual({
      version: '1.5',
      conflict: true,
    });
    expect(chooseVersion(['>=9'], releases, ['3.12'])).toEqual({ version: null, conflict: false });
  });
});

describe('lock edges, read with the lock', () => {
  test('uv.lock dependencies and optional dependencies, by PEP 503 name', () => {
    const { edges } = parseUvLock(
      'uv.lock',
      `version = 1
[[package]]
name = "FastAPI"
version = "0.115.0"
dependencies = [{ name = "Starlette" }, { name = "pydantic" }]
[package.optional-dependencies]
standard = [{ name = "uvicorn", extra = ["standard"] }]
`,
    );
    expect(edges?.get('fastapi')).toEqual(['starlette', 'pydantic', 'uvicorn']);
  });

  test('poetry.lock tables and pdm.lock requirement strings', () => {
    const poetry = parsePoetryLock(
      'poetry.lock',
      '[[package]]\nname = "a"\nversion = "1"\n\n[package.dependencies]\nB_C = ">=1"\nd = {version = "*", markers = "python_version < \'3.9\'"}\n',
    );
    expect(poetry.edges?.get('a')).toEqual(['b-c', 'd']);
    const pdm = parsePdmLock(
      'pdm.lock',
      '[[package]]\nname = "a"\nversion = "1"\ndependencies = ["b>=1", "c[x]; python_version<\'3.10\'"]\n',
    );
    expect(pdm.edges?.get('a')).toEqual(['b', 'c']);
    expect(isLockWithEdges('requirements')).toBe(false);
  });
});
