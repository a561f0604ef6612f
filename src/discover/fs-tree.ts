import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SourceTree } from '../manifests/source-tree.js';
import { DEFAULT_MAX_FILE_BYTES, readInsideRoot } from './safe-read.js';

export interface FileTreeOptions {
  /** Files larger than this are refused before they are read (policy `max-file-size`). */
  maxFileBytes?: number;
}

/**
 * The working tree under `root`. Only regular files inside it are read: a path that resolves
 * outside it (also through a symbolic link), under `.git/`, to a FIFO, device or socket, or to
 * a file over the size limit reads as null, and `problem` says why.
 */
export function fileTree(root: string, options: FileTreeOptions = {}): SourceTree {
  const realRoot = realpathSync(resolve(root));
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const problems = new Map<string, string>();
  return {
    root: realRoot,
    read(path) {
      const got = readInsideRoot(realRoot, path, maxBytes);
      if (got.ok) return got.bytes;
      if (!got.missing) problems.set(path, got.reason);
      return null;
    },
    problem: (path) => problems.get(path) ?? null,
  };
}
