/**
 * What both SBOM formats say about the dependencies judged: one package per name and version,
 * with its purl, licence decision, hashes and pygovern's verdicts. Pure.
 */
import { createHash } from 'node:crypto';
import { licenseOf } from '../checks/license.js';
import { maintainersOf } from '../checks/maintenance.js';
import type { Finding } from '../checks/types.js';
import type { DependencyReport } from '../checks/types.js';
import type { CheckResult } from './model.js';
import type { Advisory } from '../facts/types.js';
import { formatExpression, parseExpression } from '../licenses/expression.js';
import type { LicenseDecision } from '../licenses/types.js';
import { normalizeName } from '../pep440/names.js';
import { latestRelease } from './json.js';

export { SBOM_FORMATS, type SbomFormat } from './sbom-formats.js';

export interface SbomPackage {
  /** Unique within the document: the purl (with version when known). */
  ref: string;
  name: string;
  normalizedName: string;
  version: string | null;
  purl: string;
  license: LicenseDecision | null;
  /** What the metadata declared, as a valid SPDX expression, or null. */
  declared: string | null;
  /** One hash per algorithm (`sha256` → hex); several artefacts' hashes are not one package's. */
  hashes: Map<string, string>;
  findings: Finding[];
  latestRelease: string | null;
  activeMaintainers: number | null;
  advisories: Advisory[];
  source: DependencyReport['dependency']['source'];
}

export interface SbomProject {
  name: string;
  version: string | null;
}

/** `pkg:pypi/<PEP 503 name>@<version>`, percent-encoding what the purl spec reserves. */
export function pypiPurl(normalizedName: string, version: string | null): string {
  const name = encodeURIComponent(normalizedName);
  return version === null ? `pkg:pypi/${name}` : `pkg:pypi/${name}@${encodeURIComponent(version)}`;
}

/** A licence family without an exact SPDX id, named so both formats can carry it. */
export function licenseRefOf(d: LicenseDecision): string | null {
  if (d.expression !== null || d.category === 'unknown') return null;
  return `LicenseRef-pygovern-${d.category}`;
}

function declaredOf(report: DependencyReport): string | null {
  const release = report.facts?.release;
  if (release?.status !== 'known') return null;
  for (const text of [release.value.licenseExpression, release.value.license]) {
    if (text === null || text.length > 200) continue;
    const node = parseExpression(text.trim());
    if (node !== null) return formatExpression(node);
  }
  return null;
}

function hashesOf(written: readonly string[]): Map<string, string> {
  const byAlgo = new Map<string, Set<string>>();
  for (const h of written) {
    const at = h.indexOf(':');
    if (at <= 0) continue;
    const algo = h.slice(0, at).toLowerCase();
    const hex = h.slice(at + 1).toLowerCase();
    if (!/^[0-9a-f]{32,128}$/.test(hex)) continue;
    byAlgo.set(algo, (byAlgo.get(algo) ?? new Set()).add(hex));
  }
  const out = new Map<string, string>();
  for (const [algo, set] of byAlgo) if (set.size === 1) out.set(algo, [...set][0] ?? '');
  return out;
}

function refOf(report: DependencyReport): string {
  const d = report.dependency;
  return pypiPurl(d.normalizedName, report.facts?.version ?? d.version);
}

/** The packages of the head side, in first-written order, one per name and version. */
export function sbomPackages(result: CheckResult): SbomPackage[] {
  const out = new Map<string, SbomPackage>();
  // The findings by package, in the verdict's order: one pass, not one per package.
  const findingsOf = new Map<string, Finding[]>();
  for (const f of result.verdict.findings) {
    if (f.normalizedName === null) continue;
    const list = findingsOf.get(f.normalizedName);
    if (list === undefined) findingsOf.set(f.normalizedName, [f]);
    else list.push(f);
  }
  for (const report of result.dependencies) {
    const d = report.dependency;
    const version = report.facts?.version ?? d.version;
    const purl = refOf(report);
    const seen = out.get(purl);
    if (seen !== undefined) {
      for (const [a, h] of hashesOf(d.hashes)) if (!seen.hashes.has(a)) seen.hashes.set(a, h);
      continue;
    }
    const maintainers = report.facts === null ? null : maintainersOf(report.facts);
    out.set(purl, {
      ref: purl,
      name: d.name,
      normalizedName: d.normalizedName,
      version,
      purl,
      license: licenseOf(report),
      declared: declaredOf(report),
      hashes: hashesOf(d.hashes),
      findings: (findingsOf.get(d.normalizedName) ?? []).filter(
        (f) => f.version === null || f.version === version,
      ),
      latestRelease: latestRelease(report.facts)?.version ?? null,
      activeMaintainers: maintainers !== null && 'count' in maintainers ? maintainers.count : null,
      advisories: report.facts?.advisories.status === 'known' ? report.facts.advisories.value : [],
      source: d.source,
    });
  }
  return [...out.values()];
}

/** Who depends on whom, by package ref: what the project needs directly, and each one's children. */
export interface SbomGraph {
  direct: string[];
  /** Parent ref → child refs, each edge once (a package reached by several paths has each parent). */
  children: Map<string, string[]>;
}

/**
 * The graph of the packages judged: a dependency without a path is direct; one with a path
 * is a child of the path's second-to-last step. A lock's own edges between packages judged
 * are added too (its paths keep only the shortest way in). A parent that is not among the
 * packages (a version the path did not know) makes the child direct, so none is left unreached.
 */
export function sbomGraph(result: CheckResult, packages: readonly SbomPackage[]): SbomGraph {
  const refs = new Set(packages.map((p) => p.ref));
  const byName = new Map<string, string[]>();
  for (const p of packages)
    byName.set(p.normalizedName, [...(byName.get(p.normalizedName) ?? []), p.ref]);
  const refFor = (name: string, version: string | null): string | null => {
    const normalized = normalizeName(name);
    const exact = pypiPurl(normalized, version);
    if (refs.has(exact)) return exact;
    const same = byName.get(normalized) ?? [];
    return same.length === 1 ? (same[0] ?? null) : null;
  };
  const direct = new Set<string>();
  const children = new Map<string, Set<string>>();
  const link = (parent: string, child: string) => {
    if (parent !== child) children.set(parent, (children.get(parent) ?? new Set()).add(child));
  };
  for (const report of result.dependencies) {
    const ref = refOf(report);
    const path = report.dependency.path ?? [];
    const step = path.length >= 2 ? path[path.length - 2] : undefined;
    const parent = step === undefined ? null : refFor(step.name, step.version);
    if (parent === null || parent === ref) direct.add(ref);
    else link(parent, ref);
  }
  for (const m of result.manifests) {
    if (m.edges === undefined) continue;
    const versions = new Map(m.dependencies.map((d) => [d.normalizedName, d.version] as const));
    const inLock = (name: string) => {
      const version = versions.get(name);
      return version === undefined ? null : refFor(name, version);
    };
    for (const [name, needs] of m.edges) {
      const parent = inLock(name);
      if (parent === null) continue;
      for (const childName of needs) {
        const child = inLock(childName);
        if (child !== null) link(parent, child);
      }
    }
  }
  return {
    direct: [...direct],
    children: new Map([...children].map(([k, v]) => [k, [...v]])),
  };
}

/** The project the SBOM describes: the pyproject name when one is declared, else `fallback`. */
export function sbomProject(result: CheckResult, fallback: string): SbomProject {
  const name = result.manifests.find((m) => m.project?.name)?.project?.name ?? fallback;
  return { name, version: null };
}

/** A one-line verdict: `rule severity[ excepted]: message`. */
export function findingText(f: Finding): string {
  return `${f.rule} ${f.severity}${f.exception === null ? '' : ' excepted'}: ${f.message}`;
}

/** 128 bits derived from what the document says, so the same check gives the same SBOM. */
export function stableUuid(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32).split('');
  hex[12] = '5'; // version 5 (name-based)
  hex[16] = ['8', '9', 'a', 'b'][parseInt(hex[16] ?? '0', 16) % 4] ?? '8'; // RFC 4122 variant
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
