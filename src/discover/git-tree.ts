/**
 * A repository's files at a git revision, read with `git show` (the base of a change, for the
 * CLI's `--base`). Paths are relative to the repository root, like every SourceTree.
 */
import { execFileSync } from 'node:child_process';
import { isInsideGitDir, type SourceTree } from '../manifests/source-tree.js';
import { DEFAULT_MAX_FILE_BYTES, tooLargeMessage } from './safe-read.js';

function git(root: string, args: string[]): Buffer | null {
  try {
    return execFileSync('git', args, {
      cwd: root,
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch {
    return null;
  }
}

/** The commit a ref names, or null when git does not know it. */
export function resolveRevision(root: string, ref: string): string | null {
  if (ref.startsWith('-')) return null;
  const out = git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  return out === null ? null : out.toString('utf8').trim();
}

/**
 * `maxFileBytes`: a blob larger than this is refused (its size is asked before it is read).
 * Paths under `.git/` are never read.
 */
export function gitTree(
  root: string,
  commit: string,
  maxFileBytes: number = DEFAULT_MAX_FILE_BYTES,
): SourceTree {
  const cache = new Map<string, Uint8Array | null>();
  const problems = new Map<string, string>();
  const readBlob = (path: string): Uint8Array | null => {
    if (isInsideGitDir(path)) {
      problems.set(path, 'refusing to read a file under .git/');
      return null;
    }
    const size = git(root, ['cat-file', '-s', `${commit}:${path}`]);
    if (size === null) return null;
    if (Number(size.toString('utf8').trim()) > maxFileBytes) {
      problems.set(path, tooLargeMessage(maxFileBytes));
      return null;
    }
    return git(root, ['show', `${commit}:${path}`]);
  };
  return {
    root,
    read(path) {
      if (!cache.has(path)) cache.set(path, readBlob(path));
      return cache.get(path) ?? null;
    },
    problem: (path) => problems.get(path) ?? null,
  };
}
