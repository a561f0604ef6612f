import { dirname, join, relative } from 'node:path';
import { fileTree, type FileTreeOptions } from './fs-tree.js';
import { repositoryRoot } from './paths.js';
import { toPosix, type FoundManifest } from './walk.js';
import { parseManifest } from '../manifests/formats.js';
import type { SourceTree } from '../manifests/source-tree.js';
import type { Manifest } from '../manifests/types.js';

/**
 * Parses manifests found on disk. Each is read inside its own repository (so `-r` cannot leave
 * it), and every path in the result is made relative to `base`, as the output contract says.
 */
export async function loadManifests(
  found: readonly FoundManifest[],
  base: string,
  options: FileTreeOptions = {},
): Promise<Manifest[]> {
  const trees = new Map<string, SourceTree>();
  const manifests: Manifest[] = [];
  for (const f of found) {
    const root = repositoryRoot(dirname(f.absolutePath), base);
    let tree = trees.get(root);
    if (tree === undefined) {
      tree = fileTree(root, options);
      trees.set(root, tree);
    }
    const manifest = await parseManifest(toPosix(relative(root, f.absolutePath)), f.kind, tree);
    const fromBase = (p: string) => toPosix(relative(base, join(root, p)));
    manifests.push(relocate(manifest, fromBase));
  }
  return manifests;
}

/** The same manifest with every path mapped (repository-relative → caller-relative). */
export function relocate(manifest: Manifest, map: (path: string) => string): Manifest {
  return {
    ...manifest,
    path: map(manifest.path),
    dependencies: manifest.dependencies.map((d) => ({ ...d, file: map(d.file) })),
    errors: manifest.errors.map((e) => ({ ...e, file: map(e.file) })),
    ...(manifest.notices === undefined
      ? {}
      : { notices: manifest.notices.map((n) => ({ ...n, file: map(n.file) })) }),
    options: manifest.options.map((o) => ({ ...o, file: map(o.file) })),
    ...(manifest.indexes === undefined
      ? {}
      : { indexes: manifest.indexes.map((i) => ({ ...i, file: map(i.file) })) }),
  };
}
