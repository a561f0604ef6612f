import { describe, expect, it } from '@jest/globals';
import { manifestKindOf } from '../../src/manifests/formats.js';

describe('manifestKindOf', () => {
  it.each([
    ['pyproject.toml', 'pyproject'],
    ['sub/pkg/pyproject.toml', 'pyproject'],
    ['setup.cfg', 'setup.cfg'],
    ['Pipfile', 'pipfile'],
    ['Pipfile.lock', 'pipfile.lock'],
    ['uv.lock', 'uv.lock'],
    ['poetry.lock', 'poetry.lock'],
    ['pdm.lock', 'pdm.lock'],
    ['pylock.toml', 'pylock'],
    ['pylock.dev.toml', 'pylock'],
    ['requirements.txt', 'requirements'],
    ['requirements-dev.txt', 'requirements'],
    ['dev-requirements.txt', 'requirements'],
    ['requirements/base.in', 'requirements'],
    ['requirements/extras/zstd.txt', 'requirements'],
    ['constraints.txt', 'requirements'],
    ['test_requirements.txt', 'requirements'],
  ])('%s is %s', (path, kind) => {
    expect(manifestKindOf(path)).toBe(kind);
  });

  it.each([
    'README.txt',
    'docs/index.txt',
    'pylock.a.b.toml',
    'pipfile',
    'setup.py',
    'requirements.yml',
    'pyproject.toml.bak',
  ])('%s is not a manifest', (path) => {
    expect(manifestKindOf(path)).toBeNull();
  });

  it('takes any .txt or .in the user names explicitly as requirements', () => {
    expect(manifestKindOf('deps/dev.txt')).toBeNull();
    expect(manifestKindOf('deps/dev.txt', true)).toBe('requirements');
    expect(manifestKindOf('deps/dev.in', true)).toBe('requirements');
  });
});
