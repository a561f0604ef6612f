/** Licence checks on the version each dependency uses. */
import type { DependencyReport } from './types.js';
import {
  categoryRank,
  checkLicenseLists,
  decideLicense,
  type LicenseDecision,
} from '../licenses/index.js';
import type { VersionFacts } from '../facts/types.js';
import type { CheckContext, RawFinding } from './types.js';

/** Decisions per release metadata: the checks, the changes and the JSON all ask for them. */
const decisions = new WeakMap<VersionFacts, LicenseDecision>();

/** The licence decision of the version a dependency uses, or null without its metadata. */
export function licenseOf(report: DependencyReport): LicenseDecision | null {
  const release = report.facts?.release;
  if (release?.status !== 'known') return null;
  let decision = decisions.get(release.value);
  if (decision === undefined) {
    decision = decideLicense(release.value);
    decisions.set(release.value, decision);
  }
  return decision;
}

/** How a decision reads in a sentence: the expression, else the family, else what was found. */
export function describeLicense(d: LicenseDecision): string {
  if (d.expression !== null) return d.expression;
  if (d.category === 'unknown') return 'an unknown licence';
  return `a ${d.category.replace('-', ' ')} licence${d.evidence === null ? '' : ` ("${d.evidence}")`}`;
}

const SOURCE_NAMES: Record<LicenseDecision['source'], string> = {
  'license-expression': 'License-Expression',
  license: 'License field',
  'license-text': 'licence text in the License field',
  classifier: 'trove classifiers',
  none: 'no licence metadata',
};

/** The deciding field and its raw value; for an unknown licence, what was found instead. */
export function licenseEvidence(d: LicenseDecision): string {
  if (d.evidence !== null) return `${SOURCE_NAMES[d.source]}: ${d.evidence}`;
  return d.note ?? SOURCE_NAMES[d.source];
}

export function licenseFindings(ctx: CheckContext): RawFinding[] {
  const out: RawFinding[] = [];
  const { allowLicenses, denyLicenses } = ctx.policy;
  for (const report of ctx.dependencies) {
    const decision = licenseOf(report);
    const version = report.facts?.version ?? null;
    if (decision === null || version === null) continue;
    const dep = report.dependency;
    const base = {
      package: dep.name,
      normalizedName: dep.normalizedName,
      version,
      manifest: dep.file,
      line: dep.line,
      evidence: licenseEvidence(decision),
      key: decision.expression ?? decision.category,
    };
    const name = `${dep.name} ${version}`;
    const licence = describeLicense(decision);
    switch (decision.category) {
      case 'source-available':
        out.push({
          ...base,
          rule: 'license/source-available',
          severity: 'error',
          message: `${name} is under ${licence}, a source-available licence: not open source.`,
          fix: `Pin the last open-source version of ${dep.name} or move to an open-source alternative.`,
        });
        break;
      case 'proprietary':
        out.push({
          ...base,
          rule: 'license/not-osi',
          severity: 'error',
          message: `${name} is under ${licence}, a proprietary licence: not open source.`,
          fix: null,
        });
        break;
      case 'unknown':
        out.push(
          decision.osiApproved === false
            ? {
                ...base,
                rule: 'license/not-osi',
                severity: 'error',
                message: `${name} is under ${licence}, which is not OSI-approved.`,
                fix: null,
              }
            : {
                ...base,
                rule: 'license/unknown',
                severity: 'warning',
                message: `The licence of ${name} could not be determined: ${decision.note ?? 'nothing usable was found'}.`,
                fix: `Check the licence of ${dep.name} by hand and record it in an exception.`,
              },
        );
        break;
      case 'strong-copyleft':
      case 'network-copyleft':
        out.push({
          ...base,
          rule: 'license/copyleft',
          severity: 'warning',
          message:
            decision.category === 'network-copyleft'
              ? `${name} is under ${licence}, a network copyleft licence: obligations reach users over a network; needs legal review.`
              : `${name} is under ${licence}, a strong copyleft licence: needs legal review.`,
          fix: null,
        });
        break;
      default:
        if (decision.osiApproved === false && decision.category !== 'public-domain') {
          out.push({
            ...base,
            rule: 'license/not-osi',
            severity: 'error',
            message: `${name} is under ${licence}, which is not OSI-approved.`,
            fix: null,
          });
        }
    }
    if (allowLicenses === null && denyLicenses.length === 0) continue;
    if (decision.expression === null) {
      if (allowLicenses !== null && decision.category !== 'unknown') {
        out.push({
          ...base,
          rule: 'license/denied',
          severity: 'error',
          message: `${name}: only the licence family is known (${licence}), so it cannot be matched against allow-licenses.`,
          fix: `Check the exact licence of ${dep.name} and add an exception naming it.`,
        });
      }
      continue;
    }
    const verdict = checkLicenseLists(decision.expression, allowLicenses, denyLicenses);
    if (!verdict.allowed) {
      out.push({
        ...base,
        rule: 'license/denied',
        severity: 'error',
        message: `${name} is under ${decision.expression}: ${verdict.reason}.`,
        fix: null,
      });
    }
  }
  return out;
}

/** A licence change between the base and the head version of the same package. */
export interface LicenseChange {
  report: DependencyReport;
  before: { version: string; decision: LicenseDecision };
  after: { version: string; decision: LicenseDecision };
}

/**
 * `license/changed`: the change moves a package to a version whose licence differs from the
 * base version's. An error when the new category is worse, else a warning.
 */
export function licenseChangeFindings(changes: readonly LicenseChange[]): RawFinding[] {
  return changes.map(({ report, before, after }) => {
    const dep = report.dependency;
    const worse = categoryRank(after.decision.category) > categoryRank(before.decision.category);
    const from = describeLicense(before.decision);
    const to = describeLicense(after.decision);
    return {
      rule: 'license/changed',
      severity: worse ? 'error' : 'warning',
      package: dep.name,
      normalizedName: dep.normalizedName,
      version: after.version,
      manifest: dep.file,
      line: dep.line,
      message: `${dep.name} changes licence from ${from} (${before.version}) to ${to} (${after.version})${worse ? `: ${after.decision.category} is more restrictive than ${before.decision.category}` : ''}.`,
      evidence: `${before.version}: ${licenseEvidence(before.decision)}; ${after.version}: ${licenseEvidence(after.decision)}`,
      fix: `Stay on ${dep.name} ${before.version}, or review the new licence.`,
      key: `${before.decision.expression ?? before.decision.category}->${after.decision.expression ?? after.decision.category}`,
    };
  });
}
