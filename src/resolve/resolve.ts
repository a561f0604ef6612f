/**
 * Which version a dependency uses: its pin (a lock entry, `==X`), else the newest release
 * its specifier admits — not yanked, and not a pre-release unless the specifier names one.
 */
import { filterVersions, parseSpecifierSet, setPrereleases } from '../pep440/specifier.js';
import { compareVersions, isPrerelease, parseVersion } from '../pep440/version.js';
import type { Dependency } from '../manifests/types.js';
import type { ReleaseInfo, Resolution } from './types.js';

export interface Resolved {
  version: string | null;
  resolution: Resolution;
  /** Why it could not be resolved, for the report. */
  note: string | null;
}

export function resolveVersion(dep: Dependency, releases: readonly ReleaseInfo[] | null): Resolved {
  if (dep.version !== null) return { version: dep.version, resolution: 'pinned', note: null };
  if (releases === null) {
    return { version: null, resolution: 'unresolved', note: 'the releases could not be read' };
  }
  const candidates = releases.filter((r) => !r.yanked).map((r) => r.version);
  let best: string | null = null;
  // Poetry's `A || B` is kept as alternatives: the newest version any of them admits.
  for (const alternative of dep.specifier.split('||')) {
    const set = parseSpecifierSet(alternative.trim());
    if (!set.ok) return { version: null, resolution: 'unresolved', note: set.error };
    const allowPre = setPrereleases(set.value) === true;
    for (const version of filterVersions(
      set.value,
      candidates,
      (v) => v,
      allowPre ? true : false,
    )) {
      const parsed = parseVersion(version);
      if (parsed === null || (!allowPre && isPrerelease(parsed))) continue;
      const current = best === null ? null : parseVersion(best);
      if (current === null || compareVersions(parsed, current) > 0) best = version;
    }
  }
  if (best === null) {
    const wanted = dep.specifier === '' ? 'any version' : dep.specifier;
    return { version: null, resolution: 'unresolved', note: `no release satisfies ${wanted}` };
  }
  return { version: best, resolution: 'newest-matching', note: null };
}
