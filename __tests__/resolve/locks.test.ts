/** A lock pins the ranges of the manifests beside it. */
import { describe, expect, test } from '@jest/globals';
import { pinFromLocks } from '../../src/resolve/locks.js';
import { dep, manifest } from '../checks/builders.js';

describe('pinFromLocks', () => {
  const lock = (path: string, pins: [string, string][]) =>
    manifest(path, {
      kind: 'uv.lock',
      dependencies: pins.map(([name, version]) => dep(name, { version, file: path })),
    });

  test('a range in pyproject.toml takes the version the lock beside it pins', () => {
    const pyproject = manifest('svc/pyproject.toml', {
      dependencies: [
        dep('Requests', { specifier: '>=2', file: 'svc/pyproject.toml' }),
        dep('flask', { specifier: '==2.0', version: '2.0', file: 'svc/pyproject.toml' }),
        dep('local', {
          file: 'svc/pyproject.toml',
          source: { kind: 'path', path: '../local' },
        }),
      ],
    });
    const pinned = pinFromLocks([
      pyproject,
      lock('svc/uv.lock', [
        ['requests', '2.32.3'],
        ['flask', '3.0.0'],
        ['local', '0.1'],
      ]),
    ]);
    expect(pinned[0]?.dependencies.map((d) => [d.name, d.version])).toEqual([
      ['Requests', '2.32.3'],
      ['flask', '2.0'],
      ['local', null],
    ]);
  });

  test('a lock in another directory, or one with two versions of a package, pins nothing', () => {
    const pyproject = manifest('pyproject.toml', {
      dependencies: [dep('numpy', { specifier: '>=1' }), dep('scipy', { specifier: '>=1' })],
    });
    const pinned = pinFromLocks([
      pyproject,
      lock('other/uv.lock', [['numpy', '2.0.0']]),
      lock('uv.lock', [
        ['scipy', '1.13.0'],
        ['scipy', '1.15.0'],
      ]),
    ]);
    expect(pinned[0]?.dependencies.map((d) => d.version)).toEqual([null, null]);
  });
});
