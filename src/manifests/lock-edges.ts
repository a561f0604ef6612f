/**
 * The edges of a lock's tree: which locked package needs which. uv.lock and pylock.toml list
 * `dependencies = [{ name = … }]` (uv also `[package.optional-dependencies]`), poetry.lock
 * `[package.dependencies]` as a table, pdm.lock `dependencies = ["name>=1", …]`.
 */
import { normalizeName } from '../pep440/names.js';
import { parseRequirement } from '../pep508/requirement.js';
import { isTable } from './toml-values.js';
import type { ManifestKind } from './types.js';

/** Edges read per lock (a hostile lock could list millions). */
export const MAX_EDGES = 100_000;

const WITH_EDGES: ReadonlySet<ManifestKind> = new Set([
  'uv.lock',
  'poetry.lock',
  'pdm.lock',
  'pylock',
]);

export const isLockWithEdges = (kind: ManifestKind): boolean => WITH_EDGES.has(kind);

/** A dependency entry's name, whatever the format writes. */
function nameOf(entry: unknown): string | null {
  if (isTable(entry)) return typeof entry.name === 'string' ? entry.name : null;
  if (typeof entry !== 'string') return null;
  const parsed = parseRequirement(entry);
  return parsed.ok ? parsed.value.name : null;
}

export interface LockEdges {
  edges: Map<string, string[]>;
  /** The index of the first entry whose edges were left out past `MAX_EDGES`, or null. */
  truncatedAt: number | null;
}

/**
 * Each locked package's (PEP 503 name) dependencies, from the lock's `[[package]]` (or
 * `[[packages]]`) entries as the lock reader already parsed them.
 */
export function lockEdges(packages: readonly unknown[]): LockEdges {
  const edges = new Map<string, string[]>();
  let count = 0;
  let truncatedAt: number | null = null;
  for (const [index, p] of packages.entries()) {
    if (!isTable(p) || typeof p.name !== 'string') continue;
    const children: unknown[] = [];
    const deps = p.dependencies;
    if (Array.isArray(deps)) children.push(...(deps as unknown[]));
    else if (isTable(deps)) children.push(...Object.keys(deps).map((name) => ({ name })));
    const optional = p['optional-dependencies'];
    if (isTable(optional))
      for (const list of Object.values(optional))
        if (Array.isArray(list)) children.push(...(list as unknown[]));
    const names = edges.get(normalizeName(p.name)) ?? [];
    for (const child of children) {
      const name = nameOf(child);
      if (name === null) continue;
      if (count >= MAX_EDGES) {
        truncatedAt ??= index;
        break;
      }
      const n = normalizeName(name);
      if (!names.includes(n)) {
        names.push(n);
        count++;
      }
    }
    edges.set(normalizeName(p.name), names);
  }
  return { edges, truncatedAt };
}
