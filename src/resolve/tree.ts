/**
 * What installing a manifest without a lock would bring: from each direct dependency at the
 * version pygovern judges, its `Requires-Dist` (markers evaluated for each targeted Python and
 * the extras asked), each package at the newest release every specifier seen for it admits and
 * whose Requires-Python admits the targeted Pythons; level by level, breadth-first. A level's
 * metadata and project pages are asked all at once (the fetcher deduplicates across trees).
 * No backtracking: a package keeps the version chosen when it was first reached.
 */
import type { Dependency, ManifestNotice } from '../manifests/types.js';
import { normalizeName } from '../pep440/names.js';
import { containsVersion, parseSpecifierSet, setPrereleases } from '../pep440/specifier.js';
import { compareVersions, isPrerelease, parseVersion } from '../pep440/version.js';
import { evaluateMarkerPartially, type MarkerList } from '../pep508/marker.js';
import { parseRequirement } from '../pep508/requirement.js';
import { formatPath, type PathStep, type ResolvedDependency } from './stage.js';
import type { ReleaseInfo } from './types.js';

/** What the walk asks the index, level by level (the facts stage answers, deduplicated). */
export interface TreeFetcher {
  /** The project's releases; null when it could not be read. */
  releases: (dep: Dependency) => Promise<readonly ReleaseInfo[] | null>;
  /** A version's `Requires-Dist`; null when its metadata could not be read or has none. */
  requiresDist: (dep: Dependency, version: string) => Promise<readonly string[] | null>;
}

export interface TreeOptions {
  /** Levels below the direct dependencies (1: their own requirements only). */
  maxDepth: number;
  /** Packages a tree may add; past it the tree stops with a notice. */
  maxNodes: number;
}

export const DEFAULT_MAX_DEPTH = 10;
export const MAX_TREE_NODES = 1000;
/** Requires-Dist lines read per package (a hostile index could serve millions). */
const MAX_REQUIREMENTS = 1000;

export interface Tree {
  /** The transitive dependencies, each anchored on the line of the direct one at its top. */
  dependencies: Dependency[];
  notices: ManifestNotice[];
}

interface Node {
  dep: Dependency;
  version: string | null;
  extras: readonly string[];
  path: PathStep[];
}

interface Placed {
  version: string | null;
  /** The first specifier seen and the path that brought it, for conflict messages. */
  first: { specifier: string; path: PathStep[] };
}

/**
 * Whether a requirement's marker can hold on one of the Pythons (`X.Y`; null: not known) with
 * one of the extras asked. Other variables (platform, implementation) count as possibly true:
 * what some platform would install is judged.
 */
export function markerApplies(
  marker: MarkerList | null,
  pythons: readonly string[] | null,
  extras: readonly string[],
): boolean {
  if (marker === null) return true;
  const envs: Record<string, string>[] = [];
  for (const extra of extras.length === 0 ? [''] : extras) {
    // No Python known (or none admitted): the Python comparisons count as possibly true.
    if (pythons === null || pythons.length === 0) envs.push({ extra });
    else
      for (const p of pythons)
        for (const full of [`${p}.0`, `${p}.99`])
          envs.push({ extra, python_version: p, python_full_version: full });
  }
  return envs.some((env) => evaluateMarkerPartially(marker, env));
}

/** Whether a release's Requires-Python admits every targeted Python (unknown: it does). */
function admitsPythons(release: ReleaseInfo, pythons: readonly string[] | null): boolean {
  if (pythons === null || pythons.length === 0 || release.requiresPython === null) return true;
  const set = parseSpecifierSet(release.requiresPython);
  if (!set.ok) return true;
  return pythons.every((p) =>
    [`${p}.0`, `${p}.99`].some((v) => containsVersion(set.value, v, { prereleases: true })),
  );
}

/** The newest release a specifier admits among the candidates, or null. */
function newest(specifier: string, releases: readonly ReleaseInfo[]): string | null {
  const set = parseSpecifierSet(specifier);
  if (!set.ok) return null;
  const allowPre = setPrereleases(set.value) === true;
  let best: { text: string; parsed: NonNullable<ReturnType<typeof parseVersion>> } | null = null;
  for (const r of releases) {
    const parsed = parseVersion(r.version);
    if (parsed === null || (!allowPre && isPrerelease(parsed))) continue;
    if (best !== null && compareVersions(parsed, best.parsed) <= 0) continue;
    if (containsVersion(set.value, r.version, { prereleases: allowPre })) {
      best = { text: r.version, parsed };
    }
  }
  return best?.text ?? null;
}

/**
 * The version of a transitive dependency: the newest release every specifier admits, not
 * yanked, admitting the targeted Pythons. When the specifiers have no common release, the
 * newest the first admits, and `conflict` says so.
 */
export function chooseVersion(
  specifiers: readonly string[],
  releases: readonly ReleaseInfo[],
  pythons: readonly string[] | null,
): { version: string | null; conflict: boolean } {
  const candidates = releases.filter((r) => !r.yanked && admitsPythons(r, pythons));
  const all = [...new Set(specifiers.filter((s) => s !== ''))].join(',');
  const version = newest(all, candidates);
  if (version !== null || specifiers.length < 2) return { version, conflict: false };
  const first = newest(specifiers[0] ?? '', candidates);
  return { version: first, conflict: first !== null };
}

const satisfies = (version: string, specifier: string) => {
  const set = parseSpecifierSet(specifier);
  return !set.ok || containsVersion(set.value, version, { prereleases: true });
};

function conflictNotice(
  top: Dependency,
  name: string,
  a: { specifier: string; path: PathStep[] },
  b: { specifier: string; path: PathStep[] },
  kept: string | null,
): ManifestNotice {
  const via = (p: PathStep[]) => formatPath(p).join(' → ');
  return {
    rule: 'resolve/conflict',
    file: top.file,
    line: top.line,
    message:
      `No release of ${name} satisfies both "${a.specifier}" (required by ${via(a.path)}) and ` +
      `"${b.specifier}" (required by ${via(b.path)}); ${kept === null ? 'none is judged' : `${name} ${kept} is judged`}.`,
  };
}

/** The transitive dependencies of one manifest's direct dependencies. */
export async function walkTree(
  roots: readonly ResolvedDependency[],
  pythons: readonly string[] | null,
  fetcher: TreeFetcher,
  options: TreeOptions,
): Promise<Tree> {
  const placed = new Map<string, Placed>();
  let frontier: Node[] = [];
  for (const r of roots) {
    const d = r.dependency;
    if (placed.has(d.normalizedName)) continue;
    const path = [{ name: d.name, version: r.version }];
    placed.set(d.normalizedName, {
      version: r.version,
      first: { specifier: d.specifier, path },
    });
    if (r.version !== null) frontier.push({ dep: d, version: r.version, extras: d.extras, path });
  }
  const out: Dependency[] = [];
  const notices: ManifestNotice[] = [];
  for (let depth = 1; depth <= options.maxDepth && frontier.length > 0; depth++) {
    const metas = await Promise.all(
      frontier.map((n) =>
        n.version === null ? Promise.resolve(null) : fetcher.requiresDist(n.dep, n.version),
      ),
    );
    const wanted = new Map<
      string,
      { name: string; specs: string[]; paths: PathStep[][]; extras: Set<string>; parent: Node }
    >();
    frontier.forEach((node, i) => {
      for (const text of (metas[i] ?? []).slice(0, MAX_REQUIREMENTS)) {
        const parsed = parseRequirement(text);
        if (!parsed.ok || parsed.value.url !== null) continue;
        const req = parsed.value;
        if (!markerApplies(req.markerTree, pythons, node.extras)) continue;
        const name = normalizeName(req.name);
        const seen = placed.get(name);
        if (seen !== undefined) {
          // Reached before: its version stands; say so when this specifier excludes it.
          if (
            seen.version !== null &&
            req.specifier !== '' &&
            !satisfies(seen.version, req.specifier)
          )
            notices.push(
              conflictNotice(
                topOf(node),
                req.name,
                seen.first,
                { specifier: req.specifier, path: node.path },
                seen.version,
              ),
            );
          continue;
        }
        const w = wanted.get(name) ?? {
          name: req.name,
          specs: [],
          paths: [],
          extras: new Set<string>(),
          parent: node,
        };
        w.specs.push(req.specifier);
        w.paths.push(node.path);
        req.extras.forEach((e) => w.extras.add(e));
        wanted.set(name, w);
      }
    });
    let entries = [...wanted];
    if (out.length + entries.length > options.maxNodes) {
      const first = entries[0]?.[1].parent;
      entries = entries.slice(0, Math.max(0, options.maxNodes - out.length));
      if (first !== undefined) {
        const top = topOf(first);
        notices.push({
          rule: 'resolve/tree-limit',
          file: top.file,
          line: top.line,
          message: `The dependency tree of ${top.file} stops at ${String(options.maxNodes)} transitive packages; the packages past that are not judged.`,
        });
      }
    }
    const pages = await Promise.all(
      entries.map(([, w]) => fetcher.releases(transitive(w.parent, w.name, w.specs, [], null))),
    );
    const next: Node[] = [];
    entries.forEach(([name, w], i) => {
      const choice = chooseVersion(w.specs, pages[i] ?? [], pythons);
      const dep = transitive(w.parent, w.name, w.specs, [...w.extras].sort(), choice.version);
      const path = dep.path ?? [];
      if (choice.conflict) {
        const at = Math.max(
          1,
          w.specs.findIndex((s) => s !== '' && s !== w.specs[0]),
        );
        notices.push(
          conflictNotice(
            dep,
            w.name,
            { specifier: w.specs[0] ?? '', path: w.paths[0] ?? [] },
            { specifier: w.specs[at] ?? '', path: w.paths[at] ?? [] },
            choice.version,
          ),
        );
      }
      placed.set(name, { version: choice.version, first: { specifier: w.specs[0] ?? '', path } });
      out.push(dep);
      if (choice.version !== null)
        next.push({ dep, version: choice.version, extras: dep.extras, path });
    });
    frontier = next;
  }
  // One notice per conflict, however many packages repeat it.
  const unique = [...new Map(notices.map((n) => [n.message, n])).values()];
  return { dependencies: out, notices: unique };
}

/** The direct dependency at the top of a node's path (its `file`/`line` are the anchor). */
const topOf = (node: Node): Dependency => node.dep;

/** A transitive dependency, anchored where the direct one at the top of its path is written. */
function transitive(
  parent: Node,
  name: string,
  specs: readonly string[],
  extras: string[],
  version: string | null,
): Dependency {
  const top = parent.dep;
  return {
    name,
    normalizedName: normalizeName(name),
    specifier: [...new Set(specs.filter((s) => s !== ''))].join(','),
    extras,
    marker: null,
    url: null,
    version,
    group: top.group,
    editable: false,
    constraint: false,
    file: top.file,
    line: top.line,
    source: top.source,
    hashes: [],
    path: [...parent.path, { name, version }],
  };
}
