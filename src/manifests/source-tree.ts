import { posix } from 'node:path';

/**
 * The files of one repository as the parsers see them: paths relative to its root with `/`.
 * Parsers stay pure by reading through this; the edge decides where the bytes come from (the
 * working tree, a git revision, the GitHub contents API).
 */
export interface SourceTree {
  /** Bytes of a file, or null when there is no such file (or it is not readable). */
  read(path: string): Uint8Array | null;
  /** Why `read(path)` gave null when the file exists but was refused (not regular, too big…). */
  problem?(path: string): string | null;
  /** Absolute path of the root, so absolute includes inside it can be accepted; null if unknown. */
  readonly root: string | null;
}

/** Whether a repository path (either separator) has a `.git` component: never read. */
export function isInsideGitDir(path: string): boolean {
  return path.split(/[\\/]/).some((part) => part.toLowerCase() === '.git');
}

/** Why a file could not be read, for a message naming it. */
export function unreadable(tree: SourceTree, path: string): string {
  return tree.problem?.(path) ?? 'file not found';
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
