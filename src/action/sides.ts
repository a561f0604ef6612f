/**
 * The two sides a run compares: the head's manifests (line numbers always from the head
 * commit) and the base's, with the diff of every changed file. The workspace is read only
 * when it is the head commit: `actions/checkout` gives the merge commit on pull_request and
 * the base branch on pull_request_target; the head is then read from git when that commit is
 * in the workspace's repository, else through the contents API — as data, never run.
 */
import { execFileSync } from 'node:child_process';
import { fileTree } from '../discover/fs-tree.js';
import { gitTree } from '../discover/git-tree.js';
import { manifestKindOf } from '../manifests/formats.js';
import { collectManifests } from '../discover/paths.js';
import { findManifests } from '../discover/walk.js';
import type { Diagnostic } from '../diagnostics.js';
import { loadManifests, relocate } from '../discover/load.js';
import type { Manifest, ManifestKind } from '../manifests/types.js';
import { diffLines, type DiffLines } from './diff.js';
import type { GithubApi, PullFile } from './github-api.js';
import { loadRemoteManifestsWithReads, type FetchFile } from './remote-manifests.js';

export interface Sides {
  head: Manifest[];
  base: Manifest[] | null;
  diff: Map<string, DiffLines>;
  /** Whether the change touches a manifest, a file one includes, or a policy file. */
  touched: boolean;
  /** Where the head was read from, for the log. */
  headSource: string;
}

export interface Comparison {
  baseSha: string;
  headSha: string;
  /** Changed files (PR files or the compare API). */
  files: PullFile[];
  /** GitHub lists at most so many files (300 compared, 3000 in a PR): more may have changed. */
  truncated: boolean;
}

const COMMIT = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

function git(cwd: string, args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString('utf8')
      .trim();
  } catch {
    return null;
  }
}

/** Whether the commit is in the workspace's repository (a shallow clone lacks the PR head). */
export function hasCommit(workspace: string, sha: string): boolean {
  return COMMIT.test(sha) && git(workspace, ['cat-file', '-e', `${sha}^{commit}`]) !== null;
}

/** The commit checked out in the workspace: git's HEAD, else the runner's GITHUB_SHA. */
function workspaceCommit(workspace: string, githubSha: string | undefined): string | null {
  return git(workspace, ['rev-parse', '--verify', '--quiet', 'HEAD']) ?? githubSha ?? null;
}

/** Reads files at a revision: git when the commit is present, else the contents API. */
function revision(
  workspace: string,
  api: GithubApi,
  sha: string,
  maxFileBytes?: number,
): { fetch: FetchFile; from: string; problem?: (path: string) => string | null } {
  if (hasCommit(workspace, sha)) {
    const tree = gitTree(workspace, sha, maxFileBytes);
    return {
      fetch: (path) => Promise.resolve(tree.read(path)),
      from: `git ${sha.slice(0, 12)}`,
      problem: (path) => tree.problem?.(path) ?? null,
    };
  }
  return { fetch: (path) => api.fileAt(path, sha), from: `the API at ${sha.slice(0, 12)}` };
}

const limitsOf = (maxFileBytes: number | undefined) =>
  maxFileBytes === undefined ? {} : { maxFileBytes };

/** Every manifest when nothing is compared (workflow_dispatch, a first push, no token). */
export async function everySide(
  paths: readonly string[],
  workspace: string,
  maxFileBytes?: number,
): Promise<{ sides: Sides; errors: Diagnostic[] }> {
  const found = await collectManifests(paths, workspace);
  return {
    sides: {
      head: await loadManifests(found.manifests, workspace, limitsOf(maxFileBytes)),
      base: null,
      diff: new Map(),
      touched: true,
      headSource: 'the workspace',
    },
    errors: found.errors,
  };
}

/**
 * Both sides of a comparison. A changed file counts when a manifest includes it (`-r`/`-c` at
 * any depth), whatever its name: the including manifest is judged again. With `everything`
 * (scope all, `paths`, or a comparison too large to list) every manifest is read.
 */
export async function compareSides(options: {
  comparison: Comparison;
  paths: readonly string[];
  everything: boolean;
  policyFiles: readonly string[];
  workspace: string;
  githubSha: string | undefined;
  api: GithubApi;
  /** The per-file size limit (policy `max-file-size`); the default when absent. */
  maxFileBytes?: number;
}): Promise<{ sides: Sides; errors: Diagnostic[] }> {
  const { comparison, workspace, api } = options;
  const changed = new Map(comparison.files.map((f) => [f.filename, f] as const));
  const everything = options.everything || comparison.truncated;
  const errors: Diagnostic[] = [];

  const headIsWorkspace = workspaceCommit(workspace, options.githubSha) === comparison.headSha;
  const ws = fileTree(workspace, limitsOf(options.maxFileBytes));
  const head = headIsWorkspace
    ? {
        fetch: (path: string) => Promise.resolve(ws.read(path)),
        from: 'the workspace',
        problem: (path: string) => ws.problem?.(path) ?? null,
      }
    : revision(workspace, api, comparison.headSha, options.maxFileBytes);

  // Candidates: what the workspace holds (any revision of it lists the repository's
  // manifests), plus what the change adds or renames. Only requirements files include others.
  const candidates = new Map<string, ManifestKind>();
  const listed = everything
    ? await collectManifests(options.paths, workspace)
    : { manifests: await findManifests(workspace, workspace), errors: [] };
  errors.push(...listed.errors.filter(() => headIsWorkspace));
  for (const f of listed.manifests)
    if (everything || f.kind === 'requirements') candidates.set(f.path, f.kind);
  for (const f of comparison.files) {
    const kind = manifestKindOf(f.filename);
    if (kind !== null && f.status !== 'removed') candidates.set(f.filename, kind);
  }
  const wanted = [...candidates].map(([path, kind]) => ({ path, kind }));
  const atHead = await loadRemoteManifestsWithReads(wanted, head.fetch, head.problem);

  const judged = wanted.flatMap((w, i) => {
    const r = atHead[i];
    if (r === undefined || !r.exists) return [];
    // A truncated list cannot tell what is unchanged: every manifest is compared.
    const touches = comparison.truncated || [...r.reads].some((p) => changed.has(p));
    return everything || touches ? [{ ...w, manifest: r.manifest, touches }] : [];
  });

  // The base side of each judged manifest that the change touches (under its old name when
  // renamed); the others are the same at both sides; added ones have none.
  const before = judged.flatMap((j) => {
    const change = changed.get(j.path);
    if (!j.touches || change?.status === 'added') return [];
    return [{ path: change?.previousFilename ?? j.path, kind: j.kind, headPath: j.path }];
  });
  // The base is opened (git, else the API) only when a touched manifest is read there.
  const atBase =
    before.length === 0
      ? []
      : await loadRemoteManifestsWithReads(
          before,
          revision(workspace, api, comparison.baseSha, options.maxFileBytes).fetch,
        );
  const old = new Map(
    before.flatMap((b, i) => {
      const r = atBase[i];
      return r === undefined || !r.exists
        ? []
        : [[b.headPath, relocate(r.manifest, (p) => (p === b.path ? b.headPath : p))] as const];
    }),
  );
  const baseManifests = judged.flatMap((j) => {
    if (!j.touches) return [j.manifest];
    const m = old.get(j.path);
    return m === undefined ? [] : [m];
  });

  const policyTouched = comparison.files.some((f) =>
    [f.filename, f.previousFilename].some((p) => p !== null && options.policyFiles.includes(p)),
  );
  return {
    sides: {
      head: judged.map((j) => j.manifest),
      base: baseManifests,
      diff: new Map(comparison.files.map((f) => [f.filename, diffLines(f.patch)])),
      touched: judged.some((j) => j.touches) || policyTouched,
      headSource: head.from,
    },
    errors,
  };
}
