/**
 * With a lock, the lock is the tree: each locked package reached from what the manifests
 * beside it name (else from the packages no other one needs) gets the path that brings it in,
 * through the lock's own edges. Anchors stay where the lock writes each package.
 */
import { posix } from 'node:path';
import type { Dependency, Manifest } from '../manifests/types.js';
import { isLockKind } from '../manifests/formats.js';
import type { PathStep } from './stage.js';

function withPaths(lock: Manifest, named: ReadonlySet<string>): Manifest {
  const edges = lock.edges;
  if (edges === undefined) return lock;
  const byName = new Map<string, Dependency>();
  for (const d of lock.dependencies)
    if (!byName.has(d.normalizedName)) byName.set(d.normalizedName, d);
  const needed = new Set([...edges.values()].flat());
  const roots = named.size > 0 ? [...named] : [...edges.keys()].filter((n) => !needed.has(n));
  const step = (name: string): PathStep => {
    const d = byName.get(name);
    return { name: d?.name ?? name, version: d?.version ?? null };
  };
  const paths = new Map<string, PathStep[]>();
  let frontier = roots.map((key) => ({ key, path: [step(key)] }));
  const seen = new Set(roots);
  // Breadth-first, each package once: the shortest path is the one shown.
  while (frontier.length > 0) {
    const next: typeof frontier = [];
    for (const { key, path } of frontier) {
      for (const child of edges.get(key) ?? []) {
        if (seen.has(child)) continue;
        seen.add(child);
        const longer = [...path, step(child)];
        paths.set(child, longer);
        next.push({ key: child, path: longer });
      }
    }
    frontier = next;
  }
  if (paths.size === 0) return lock;
  return {
    ...lock,
    dependencies: lock.dependencies.map((d) => {
      const path = paths.get(d.normalizedName);
      return path === undefined ? d : { ...d, path, locked: true };
    }),
  };
}

export function pathsFromLocks(manifests: readonly Manifest[]): Manifest[] {
  const named = new Map<string, Set<string>>();
  for (const m of manifests) {
    if (isLockKind(m.kind)) continue;
    const dir = posix.dirname(m.path);
    const names = named.get(dir) ?? new Set<string>();
    for (const d of m.dependencies) if (!d.constraint) names.add(d.normalizedName);
    named.set(dir, names);
  }
  return manifests.map((m) =>
    isLockKind(m.kind) ? withPaths(m, named.get(posix.dirname(m.path)) ?? new Set()) : m,
  );
}
