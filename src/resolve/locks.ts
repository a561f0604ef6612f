/**
 * A project with a lock installs what the lock says. A dependency declared with a range in
 * pyproject.toml, setup.cfg, a requirements file or a Pipfile takes the version the lock
 * beside it (same directory) pins, when the lock pins exactly one version of that package.
 */
import { posix } from 'node:path';
import { isLockKind } from '../manifests/formats.js';
import type { Dependency, Manifest } from '../manifests/types.js';

/** Per directory, each package's single locked version (null when the lock has several). */
function lockedVersions(manifests: readonly Manifest[]): Map<string, Map<string, string | null>> {
  const byDir = new Map<string, Map<string, string | null>>();
  for (const m of manifests) {
    if (!isLockKind(m.kind)) continue;
    const dir = posix.dirname(m.path);
    const versions = byDir.get(dir) ?? new Map<string, string | null>();
    for (const d of m.dependencies) {
      if (d.version === null || d.source.kind !== 'registry') continue;
      const seen = versions.get(d.normalizedName);
      versions.set(d.normalizedName, seen === undefined || seen === d.version ? d.version : null);
    }
    byDir.set(dir, versions);
  }
  return byDir;
}

/** The manifests with unpinned registry dependencies pinned by the lock beside them. */
export function pinFromLocks(manifests: readonly Manifest[]): Manifest[] {
  const locked = lockedVersions(manifests);
  if (locked.size === 0) return [...manifests];
  return manifests.map((m) => {
    if (isLockKind(m.kind)) return m;
    const versions = locked.get(posix.dirname(m.path));
    if (versions === undefined) return m;
    const pin = (d: Dependency): Dependency => {
      if (d.version !== null || d.source.kind !== 'registry') return d;
      const version = versions.get(d.normalizedName);
      return version === undefined || version === null ? d : { ...d, version };
    };
    return { ...m, dependencies: m.dependencies.map(pin) };
  });
}
