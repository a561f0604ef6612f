import { readFileSync, realpathSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { SourceTree } from '../manifests/source-tree.js';

/**
 * The working tree under `root`. A path that resolves outside it, also through a symbolic link,
 * reads as absent: manifests cannot make pygovern read files beyond the repository.
 */
export function fileTree(root: string): SourceTree {
  const realRoot = realpathSync(resolve(root));
  return {
    root: realRoot,
    read(path) {
      try {
        const real = realpathSync(resolve(realRoot, path));
        if (real !== realRoot && !real.startsWith(realRoot + sep)) return null;
        return readFileSync(real);
      } catch {
        return null;
      }
    },
  };
}
