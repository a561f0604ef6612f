/**
 * The edges of a lock's tree: which locked package needs which. uv.lock and pylock.toml list
 * `dependencies = [{ name = … }]` (uv also `[package.optional-dependencies]`), poetry.lock
 * `[package.dependencies]` as a table, pdm.lock `dependencies = ["name>=1", …]`.
 */
import { normalizeName } from '../pep440/names.js';
import { parseRequirement } from '../pep508/requirement.js';
import { parseToml } from './toml.js';
import { isTable } from './toml-values.js';
import type { ManifestKind } from './types.js';

/** Edges read per lock (a hostile lock could list millions). */
const MAX_EDGES = 100_000;

const KEYS: Partial<Record<ManifestKind, string>> = {
  'uv.lock': 'package',
  'poetry.lock': 'package',
  'pdm.lock': 'package',
  pylock: 'packages',
};

export const isLockWithEdges = (kind: ManifestKind): boolean => KEYS[kind] !== undefined;

/** A dependency entry's name, whatever the format writes. */
function nameOf(entry: unknown): string | null {
  if (isTable(entry)) return typeof entry.name === 'string' ? entry.name : null;
  if (typeof entry !== 'string') return null;
  const parsed = parseRequirement(entry);
  return parsed.ok ? parsed.value.name : null;
}

/** Each locked package's (PEP 503 name) dependencies; null for a kind without edges. */
export function lockEdges(
  kind: ManifestKind,
  path: string,
  input: Uint8Array | string,
): Map<string, string[]> | null {
  const key = KEYS[kind];
  if (key === undefined) return null;
  const doc = parseToml(input, path, { lineDepth: 0 });
  if (!doc.ok) return null;
  const packages = isTable(doc.value.value) ? doc.value.value[key] : null;
  if (!Array.isArray(packages)) return null;
  const edges = new Map<string, string[]>();
  let count = 0;
  for (const p of packages) {
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
      if (name === null || count >= MAX_EDGES) continue;
      const n = normalizeName(name);
      if (!names.includes(n)) {
        names.push(n);
        count++;
      }
    }
    edges.set(normalizeName(p.name), names);
  }
  return edges;
}
