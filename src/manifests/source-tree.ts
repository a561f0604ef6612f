import { posix } from 'node:path';

/**
 * The files of one repository as the parsers see them: paths relative to its root with `/`.
 * Parsers stay pure by reading through this; the edge decides where the bytes come from (the
 * working tree, a git revision, the GitHub contents API).
 */
export interface SourceTree {
  /** Bytes of a file, or null when there is no such file (or it is not readable). */
  read(path: string): Uint8Array | null;
  /** Absolute path of the root, so absolute includes inside it can be accepted; null if unknown. */
  readonly root: string | null;
}

/**
 * Resolves `target` written in file `from` to a repository path; null when it leaves the
 * repository (`../` above the root, or an absolute path elsewhere).
 */
export function joinPath(from: string, target: string, tree: SourceTree): string | null {
  let relative: string;
  if (posix.isAbsolute(target)) {
    if (tree.root === null) return null;
    const root = tree.root.endsWith('/') ? tree.root : `${tree.root}/`;
    const normal = posix.normalize(target);
    if (!normal.startsWith(root)) return null;
    relative = normal.slice(root.length);
  } else {
    relative = posix.normalize(posix.join(posix.dirname(from), target));
  }
  if (relative === '..' || relative.startsWith('../') || posix.isAbsolute(relative)) return null;
  return relative === '.' ? null : relative;
}

/** A tree held in memory: tests, and file contents fetched from a git revision or the API. */
export function memoryTree(
  files: Readonly<Record<string, string | Uint8Array>>,
  root: string | null = null,
): SourceTree {
  const encoder = new TextEncoder();
  return {
    root,
    read(path) {
      const content = Object.hasOwn(files, path) ? files[path] : undefined;
      if (content === undefined) return null;
      return typeof content === 'string' ? encoder.encode(content) : content;
    },
  };
}
