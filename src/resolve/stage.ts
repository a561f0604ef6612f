/**
 * The resolve stage: from each dependency and its project's releases, the version it uses and
 * why. Pure: the project pages come in, nothing is fetched here.
 */
import type { Dependency } from '../manifests/types.js';
import type { ReleaseInfo } from './types.js';
import { resolveVersion } from './resolve.js';

/** Why a dependency uses the version it does. */
export type ResolutionReason =
  /** Written exactly (`==X`, a lock entry of a lock read as a manifest). */
  | 'pinned'
  /** Pinned by the lock beside its manifest. */
  | 'locked'
  /** The newest release its specifiers admit (for a transitive one: all specifiers seen). */
  | 'newest-matching'
  /** No release admits it, or the project could not be read. */
  | 'unresolved';

export interface ResolvedDependency {
  dependency: Dependency;
  version: string | null;
  reason: ResolutionReason;
  /** Why it could not be resolved, for the report. */
  note: string | null;
}

/** One step of the path that brings a transitive dependency in, top (direct) first. */
export interface PathStep {
  name: string;
  version: string | null;
}

/** `fastapi 0.115.0 → starlette 0.41.2`, the form reports show. */
export function formatPath(path: readonly PathStep[]): string[] {
  return path.map((s) => (s.version === null ? s.name : `${s.name} ${s.version}`));
}

/** `releases`: what the project's index lists, null when the project could not be read. */
export function resolveDependency(
  dependency: Dependency,
  releases: readonly ReleaseInfo[] | null,
): ResolvedDependency {
  // A version the tree chose is a newest-matching one, however exactly it is held.
  if (dependency.path !== undefined && dependency.locked !== true && dependency.version !== null)
    return { dependency, version: dependency.version, reason: 'newest-matching', note: null };
  const r = resolveVersion(dependency, releases);
  const reason = r.resolution === 'pinned' && dependency.locked === true ? 'locked' : r.resolution;
  return { dependency, version: r.version, reason, note: r.note };
}

export function resolveDependencies(
  dependencies: readonly Dependency[],
  releasesOf: (dep: Dependency) => readonly ReleaseInfo[] | null,
): ResolvedDependency[] {
  return dependencies
    .filter((d) => d.source.kind === 'registry')
    .map((d) => resolveDependency(d, releasesOf(d)));
}
