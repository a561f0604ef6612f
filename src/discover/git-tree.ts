/**
 * A repository's files at a git revision, read with `git show` (the base of a change, for the
 * CLI's `--base`). Paths are relative to the repository root, like every SourceTree.
 */
import { execFileSync } from 'node:child_process';
import type { SourceTree } from '../manifests/source-tree.js';

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

export function gitTree(root: string, commit: string): SourceTree {
  const cache = new Map<string, Uint8Array | null>();
  return {
    root,
    read(path) {
      if (!cache.has(path)) cache.set(path, git(root, ['show', `${commit}:${path}`]));
      return cache.get(path) ?? null;
    },
  };
}
