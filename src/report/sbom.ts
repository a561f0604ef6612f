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

/** The packages of the head side, in first-written order, one per name and version. */
export function sbomPackages(result: CheckResult): SbomPackage[] {
  const out = new Map<string, SbomPackage>();
  for (const report of result.dependencies) {
    const d = report.dependency;
    const version = report.facts?.version ?? d.version;
    const purl = pypiPurl(d.normalizedName, version);
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
      findings: result.verdict.findings.filter(
        (f) =>
          f.normalizedName === d.normalizedName && (f.version === null || f.version === version),
      ),
      latestRelease: latestRelease(report.facts)?.version ?? null,
      activeMaintainers: maintainers !== null && 'count' in maintainers ? maintainers.count : null,
      advisories: report.facts?.advisories.status === 'known' ? report.facts.advisories.value : [],
      source: d.source,
    });
  }
  return [...out.values()];
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
