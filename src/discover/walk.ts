import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { manifestKindOf } from '../manifests/formats.js';
import type { ManifestKind } from '../manifests/types.js';

/** Directories that never hold the project's own manifests. */
const SKIPPED_DIRS = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '__pycache__',
  '__pypackages__',
  'site-packages',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
]);

export interface FoundManifest {
  /** Absolute path on disk. */
  absolutePath: string;
  /** Path relative to `base`, with `/` separators (what reports print). */
  path: string;
  kind: ManifestKind;
}

export const toPosix = (p: string): string => (sep === '/' ? p : p.split(sep).join('/'));

/**
 * Every manifest below `dir`, sorted by path. Symbolic links to directories are not followed
 * (they can leave the repository or loop), and a directory with a `pyvenv.cfg` is a virtualenv.
 */
export async function findManifests(dir: string, base: string): Promise<FoundManifest[]> {
  const found: FoundManifest[] = [];
  async function visit(current: string): Promise<void> {
    const entries = await readdir(current, { withFileTypes: true });
    if (entries.some((e) => e.isFile() && e.name === 'pyvenv.cfg')) return;
    const subdirs: string[] = [];
    for (const entry of entries) {
      const absolutePath = join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) subdirs.push(absolutePath);
      } else if (entry.isFile()) {
        const path = toPosix(relative(base, absolutePath));
        const kind = manifestKindOf(path);
        if (kind !== null) found.push({ absolutePath, path, kind });
      }
    }
    await Promise.all(subdirs.map(visit));
  }
  await visit(dir);
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Whether `path` names a directory (false for files and for paths that do not exist). */
export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
