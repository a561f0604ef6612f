/** The `check --format json` contract (DESIGN.md), schema version 1. */
import type { Finding } from '../checks/types.js';
import { licenseOf } from '../checks/license.js';
import { maintainersOf, maintenanceFigures } from '../checks/maintenance.js';
import type { DependencyReport } from '../checks/types.js';
import type { CheckResult } from './model.js';
import type { PackageFacts } from '../facts/types.js';
import { compareVersionText } from '../pep440/version.js';
import type { Diagnostic } from '../diagnostics.js';
import type { MaintenanceFigures } from '../checks/maintenance.js';
import type { LicenseDecision } from '../licenses/types.js';
import type { Resolution } from '../facts/types.js';
import type { Outcome } from '../checks/judge.js';
import type { FailOn, Scope } from '../config/policy.js';
import type { Unknown } from './model.js';

/**
 * The `check --format json` document, schema version 1 (DESIGN.md). It is a contract: the
 * committed JSON Schema `schema/check.schema.json` says the same, and a test holds the two together.
 */
export interface CheckJson {
  schemaVersion: 1;
  /** `YYYY-MM-DD`: the day the checks were judged for. */
  today: string;
  summary: {
    dependencies: number;
    errors: number;
    warnings: number;
    notices: number;
    excepted: number;
    introduced: number;
    unknowns: number;
    compared: boolean;
    failOn: FailOn;
    scope: Scope;
    outcome: Outcome;
  };
  dependencies: DependencyJson[];
  findings: FindingJson[];
  unknowns: Unknown[];
  errors: Diagnostic[];
}

export interface DependencyJson {
  name: string;
  version: string | null;
  resolution: Resolution | null;
  manifest: string;
  line: number;
  group: string;
  source: DependencySourceKind;
  /** Conda packages only. */
  channel?: string | null;
  license: Pick<
    LicenseDecision,
    'expression' | 'category' | 'osiApproved' | 'source' | 'evidence'
  > | null;
  latestRelease: { version: string; date: string | null } | null;
  requiresPython: string | null;
  activeMaintainers: number | null;
  maintainersSource: string | null;
  repository: string | null;
  maintenance: MaintenanceFigures | null;
  advisories: string[] | null;
}

export type FindingJson = Pick<
  Finding,
  | 'rule'
  | 'severity'
  | 'package'
  | 'version'
  | 'manifest'
  | 'line'
  | 'locations'
  | 'introduced'
  | 'message'
  | 'evidence'
  | 'fix'
  | 'exception'
>;

type DependencySourceKind = DependencyReport['dependency']['source']['kind'];

export function latestRelease(
  facts: PackageFacts | null,
): { version: string; date: string | null } | null {
  if (facts?.project.status !== 'known') return null;
  const finals = facts.project.value.releases.filter((r) => !r.yanked);
  const latest = facts.project.value.latestVersion;
  const release =
    finals.find((r) => r.version === latest) ??
    [...finals].sort((a, b) => compareVersionText(a.version, b.version)).at(-1);
  return release === undefined
    ? null
    : { version: release.version, date: release.uploaded?.slice(0, 10) ?? null };
}

function dependencyJson(report: DependencyReport, today: string): DependencyJson {
  const { dependency: d, facts } = report;
  const release = facts?.release.status === 'known' ? facts.release.value : null;
  const license = licenseOf(report);
  const maintainers = facts === null ? null : maintainersOf(facts);
  return {
    name: d.name,
    version: facts?.version ?? d.version,
    resolution: facts?.resolution ?? null,
    manifest: d.file,
    line: d.line,
    group: d.group,
    source: d.source.kind,
    // A Conda package says which channel it comes from (null: the file's channels, in order).
    ...(d.source.kind === 'conda' ? { channel: d.source.channel } : {}),
    license:
      license === null
        ? null
        : {
            expression: license.expression,
            category: license.category,
            osiApproved: license.osiApproved,
            source: license.source,
            evidence: license.evidence,
          },
    latestRelease: latestRelease(facts),
    requiresPython: release?.requiresPython ?? null,
    activeMaintainers: maintainers !== null && 'count' in maintainers ? maintainers.count : null,
    maintainersSource: maintainers !== null && 'count' in maintainers ? maintainers.source : null,
    repository:
      (facts?.project.status === 'known' ? facts.project.value.repository : null) ??
      (facts?.release.status === 'known' ? (facts.release.value.repository ?? null) : null),
    maintenance: facts === null ? null : maintenanceFigures(facts, today),
    advisories:
      facts?.advisories.status === 'known' ? facts.advisories.value.map((a) => a.id) : null,
  };
}

export function findingJson(f: Finding): FindingJson {
  return {
    rule: f.rule,
    severity: f.severity,
    package: f.package,
    version: f.version,
    manifest: f.manifest,
    line: f.line,
    locations: f.locations,
    introduced: f.introduced,
    message: f.message,
    evidence: f.evidence,
    fix: f.fix,
    exception: f.exception,
  };
}

export function checkJson(result: CheckResult): CheckJson {
  const { verdict } = result;
  return {
    schemaVersion: 1,
    today: result.today,
    summary: {
      dependencies: result.dependencies.length,
      errors: verdict.counts.error,
      warnings: verdict.counts.warning,
      notices: verdict.counts.notice,
      excepted: verdict.findings.filter((f) => f.exception !== null).length,
      introduced: verdict.findings.filter((f) => f.introduced && f.exception === null).length,
      unknowns: result.unknowns.length,
      compared: verdict.compared,
      failOn: result.policy.failOn,
      scope: result.policy.scope,
      outcome: verdict.outcome,
    },
    dependencies: result.dependencies.map((d) => dependencyJson(d, result.today)),
    findings: verdict.findings.map(findingJson),
    unknowns: result.unknowns,
    errors: [...result.manifests.flatMap((m) => m.errors), ...result.policyErrors],
  };
}
