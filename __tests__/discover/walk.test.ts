import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findManifests } from '../../src/discover/walk.js';

let root: string;

async function touch(path: string): Promise<void> {
  await mkdir(join(root, path, '..'), { recursive: true });
  await writeFile(join(root, path), '');
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pygovern-walk-'));
  for (const path of [
    'pyproject.toml',
    'uv.lock',
    'requirements/dev.txt',
    'services/api/Pipfile',
    'services/api/Pipfile.lock',
    '.git/pyproject.toml',
    'node_modules/x/requirements.txt',
    '.venv/lib/python3.12/site-packages/pkg/pyproject.toml',
    'env/pyvenv.cfg',
    'env/requirements.txt',
    'build/site-packages/requirements.txt',
    'notes.txt',
  ]) {
    await touch(path);
  }
  await symlink(join(root, 'services'), join(root, 'linked'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('findManifests', () => {
  it('finds manifests by name, skipping VCS, node_modules, virtualenvs and symlinked dirs', async () => {
    const found = await findManifests(root, root);
    expect(found.map((f) => [f.path, f.kind])).toEqual([
      ['pyproject.toml', 'pyproject'],
      ['requirements/dev.txt', 'requirements'],
      ['services/api/Pipfile', 'pipfile'],
      ['services/api/Pipfile.lock', 'pipfile.lock'],
      ['uv.lock', 'uv.lock'],
    ]);
  });

  it('reports paths relative to the base it is given', async () => {
    const found = await findManifests(join(root, 'services'), root);
    expect(found.map((f) => f.path)).toEqual(['services/api/Pipfile', 'services/api/Pipfile.lock']);
  });
});
