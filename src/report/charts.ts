/**
 * Mermaid charts for the job summary and `check --format markdown --charts`: the licence
 * categories of everything judged (pie), how long ago each project last released (bar chart),
 * and the tree of what a change brings in (flowchart, capped). Pure: "today" is an argument.
 * GitHub renders ```mermaid fences; the only untrusted text, package names in the tree, goes
 * through `mermaidLabel`, so nothing in a name can end a label or add a statement.
 */
import { licenseOf } from '../checks/license.js';
import { monthsBefore, newestRelease } from '../checks/maintenance.js';
import type { DependencyReport } from '../checks/types.js';
import type { CheckResult } from './model.js';
import type { LicenseCategory } from '../licenses/types.js';
import { normalizeName } from '../pep440/names.js';
import { dependencyChanges } from './changes.js';
import { flatten, truncate } from '../text/escape.js';

/** One edge of a dependency tree; nodes are named by their label (`"fastapi 0.115.0"`). */
export interface TreeEdge {
  parent: string;
  child: string;
}

/** The tree shows this many nodes at most, then "…and N more". */
export const TREE_NODE_LIMIT = 50;
/** A tree with more nodes than this is collapsed in a `<details>`. */
export const TREE_OPEN_LIMIT = 12;
const EDGE_LIMIT = 200;
const LABEL_MAX = 80;

const fence = (lines: readonly string[]) => ['```mermaid', ...lines, '```'];

/**
 * Text for a quoted flowchart label (`["…"]`): letters, digits, space and `.,_+:/=-` stay,
 * every other character becomes a Mermaid entity code (`#34;`), so a quote, bracket, `;`,
 * `%%`, backtick, `<`, `#` or line break in a name is only shown, never read as syntax.
 * Control and bidi characters are flattened first (an entity would bring them back).
 */
export function mermaidLabel(text: string): string {
  let out = '';
  for (const c of flatten(truncate(text, LABEL_MAX))) {
    out += /^[A-Za-z0-9 .,_+:/=-]$/.test(c) ? c : `#${String(c.codePointAt(0))};`;
  }
  return out;
}

const CATEGORY_NAMES: Readonly<Record<LicenseCategory | 'none', string>> = {
  permissive: 'permissive',
  'public-domain': 'public domain',
  'weak-copyleft': 'weak copyleft',
  'strong-copyleft': 'strong copyleft',
  'network-copyleft': 'network copyleft',
  'source-available': 'source-available',
  proprietary: 'proprietary',
  unknown: 'unknown',
  none: 'no licence metadata',
};

/** Each package at each version once (a package in two manifests is one slice). */
function judged(result: CheckResult): DependencyReport[] {
  const seen = new Map<string, DependencyReport>();
  for (const r of result.dependencies) {
    const key = `${r.dependency.normalizedName} ${r.facts?.version ?? r.dependency.version ?? ''}`;
    if (!seen.has(key)) seen.set(key, r);
  }
  return [...seen.values()];
}

/** Pie of the licence categories of everything judged; null when nothing was. */
export function licensePie(result: CheckResult): string[] | null {
  const reports = judged(result);
  if (reports.length === 0) return null;
  const counts = new Map<string, number>();
  for (const r of reports) {
    const name = CATEGORY_NAMES[licenseOf(r)?.category ?? 'none'];
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const slices = Object.values(CATEGORY_NAMES)
    .filter((name) => counts.has(name))
    .map((name) => `  "${name}" : ${String(counts.get(name))}`);
  return fence([
    'pie showData',
    `  title Licences of ${String(reports.length)} packages`,
    ...slices,
  ]);
}

/** The bars of the release-age chart: last release within 6, 12, 18, 36 months, older, unknown. */
export const AGE_BUCKETS = [
  '≤ 6 months',
  '6–12 months',
  '12–18 months',
  '18–36 months',
  '> 36 months',
  'unknown',
] as const;

/** How many projects last released in each of `AGE_BUCKETS`, as of `today` (YYYY-MM-DD). */
export function releaseAges(result: CheckResult, today: string): number[] {
  const cutoffs = [6, 12, 18, 36].map((m) => monthsBefore(today, m));
  const counts = AGE_BUCKETS.map(() => 0);
  const projects = new Map<string, DependencyReport>();
  for (const r of result.dependencies)
    if (!projects.has(r.dependency.normalizedName)) projects.set(r.dependency.normalizedName, r);
  for (const r of projects.values()) {
    const project = r.facts?.project;
    const date =
      project?.status === 'known'
        ? (newestRelease(project.value.releases)?.uploaded?.slice(0, 10) ?? null)
        : null;
    const bucket = date === null ? cutoffs.length + 1 : cutoffs.findIndex((c) => date >= c);
    const at = bucket === -1 ? cutoffs.length : bucket;
    counts[at] = (counts[at] ?? 0) + 1;
  }
  return counts;
}

/** Bar chart of `releaseAges`; null when no dependency was judged. */
export function releaseAgeChart(result: CheckResult, today: string): string[] | null {
  const counts = releaseAges(result, today);
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  return fence([
    'xychart-beta',
    `  title "Last release of ${String(total)} projects, as of ${today.slice(0, 10)}"`,
    `  x-axis [${AGE_BUCKETS.map((b) => `"${b}"`).join(', ')}]`,
    `  y-axis "projects" 0 --> ${String(Math.max(...counts, 1))}`,
    `  bar [${counts.join(', ')}]`,
  ]);
}

/**
 * A flowchart of the tree given as parent → child edges: nodes in breadth-first order from the
 * roots (parents that are nobody's child; any node when every node has a parent), at most
 * `limit` of them, then one "…and N more" node. Node ids are generated, labels escaped.
 */
export function dependencyGraph(
  edges: readonly TreeEdge[],
  limit = TREE_NODE_LIMIT,
): { lines: string[]; nodes: number } | null {
  if (edges.length === 0) return null;
  const children = new Map<string, string[]>();
  const hasParent = new Set<string>();
  const all: string[] = [];
  const note = (n: string) => {
    if (!children.has(n)) {
      children.set(n, []);
      all.push(n);
    }
  };
  for (const e of edges) {
    note(e.parent);
    note(e.child);
    const list = children.get(e.parent) ?? [];
    if (!list.includes(e.child) && list.length < EDGE_LIMIT) list.push(e.child);
    hasParent.add(e.child);
  }
  // Breadth-first from the roots, then from whatever a cycle left unvisited.
  const order: string[] = [];
  const seen = new Set<string>();
  const starts = [...all.filter((n) => !hasParent.has(n)), ...all];
  for (const start of starts) {
    if (seen.has(start)) continue;
    seen.add(start);
    const queue = [start];
    for (let i = 0; i < queue.length; i++) {
      const n = queue[i] ?? '';
      order.push(n);
      for (const c of children.get(n) ?? []) {
        if (!seen.has(c)) {
          seen.add(c);
          queue.push(c);
        }
      }
    }
  }
  const shown = order.slice(0, limit);
  const ids = new Map(shown.map((n, i) => [n, `n${String(i)}`]));
  const lines = ['flowchart LR'];
  for (const n of shown) lines.push(`  ${ids.get(n) ?? ''}["${mermaidLabel(n)}"]`);
  let drawn = 0;
  for (const n of shown) {
    for (const c of children.get(n) ?? []) {
      const to = ids.get(c);
      if (to === undefined || drawn >= EDGE_LIMIT) continue;
      lines.push(`  ${ids.get(n) ?? ''} --> ${to}`);
      drawn++;
    }
  }
  const rest = order.length - shown.length;
  if (rest > 0) lines.push(`  more["…and ${String(rest)} more"]`);
  return { lines: fence(lines), nodes: order.length };
}

/** `"name version"`, the label (and identity) of a package in the tree. */
function nodeOf(r: DependencyReport): string {
  const version = r.facts?.version ?? r.dependency.version;
  return version === null ? r.dependency.name : `${r.dependency.name} ${version}`;
}

/**
 * The edges of what a change brings in, from what the result holds: each added or changed
 * dependency under the manifest (or lock) that declares it, a transitive one under the
 * dependency that needs it. Without a base, everything judged.
 */
export function introducedEdges(result: CheckResult): TreeEdge[] {
  const names =
    result.base === null
      ? null
      : new Set(
          dependencyChanges(result)
            .filter((c) => c.kind !== 'removed')
            .map((c) => normalizeName(c.name)),
        );
  const edges: TreeEdge[] = [];
  for (const r of result.dependencies) {
    if (names !== null && !names.has(r.dependency.normalizedName)) continue;
    // A transitive dependency hangs under the one that needs it (its path ends with itself).
    const path = r.dependency.path;
    const parent = path !== undefined && path.length > 1 ? path[path.length - 2] : undefined;
    edges.push({
      parent:
        parent === undefined
          ? r.dependency.file
          : parent.version === null
            ? parent.name
            : `${parent.name} ${parent.version}`,
      child: nodeOf(r),
    });
  }
  return edges;
}

/**
 * The charts section: licence pie, release-age bars, and the tree (`edges`, by default what
 * the result holds of what the change brings in), collapsed when it is large.
 */
export function renderCharts(
  result: CheckResult,
  today: string,
  edges: readonly TreeEdge[] = introducedEdges(result),
): string[] {
  const out: string[] = [];
  const pie = licensePie(result);
  const ages = releaseAgeChart(result, today);
  if (pie !== null || ages !== null) out.push('', '### At a glance');
  if (pie !== null) out.push('', ...pie);
  if (ages !== null) out.push('', ...ages);
  const tree = dependencyGraph(edges);
  if (tree !== null) {
    const title =
      result.base === null
        ? `Dependency tree (${String(tree.nodes)} nodes)`
        : `What this change brings in (${String(tree.nodes)} nodes)`;
    if (tree.nodes > TREE_OPEN_LIMIT)
      out.push('', `<details><summary>${title}</summary>`, '', ...tree.lines, '', '</details>');
    else out.push('', `**${title}**`, '', ...tree.lines);
  }
  return out;
}
