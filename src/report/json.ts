/** The `check --format json` contract (DESIGN.md), schema version 1. */
import type { CheckResult, DependencyReport } from '../engine.js';
import type { PackageFacts } from '../facts/types.js';
import { compareVersionText } from '../pep440/version.js';

function latestRelease(
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

function dependencyJson({ dependency: d, facts }: DependencyReport) {
  const release = facts?.release.status === 'known' ? facts.release.value : null;
  const repository = facts?.repository ?? null;
  return {
    name: d.name,
    version: facts?.version ?? d.version,
    resolution: facts?.resolution ?? null,
    manifest: d.file,
    line: d.line,
    group: d.group,
    source: d.source.kind,
    license:
      release === null
        ? null
        : {
            // Decided in the checks issue; until then the raw fields, category unknown.
            expression: release.licenseExpression,
            category: 'unknown',
            osiApproved: null,
            source:
              release.licenseExpression !== null
                ? 'license-expression'
                : release.license !== null
                  ? 'license'
                  : 'none',
            evidence: release.licenseExpression ?? release.license ?? null,
          },
    latestRelease: latestRelease(facts),
    requiresPython: release?.requiresPython ?? null,
    activeMaintainers: repository?.status === 'known' ? repository.value.activeMaintainers : null,
    repository: facts?.project.status === 'known' ? facts.project.value.repository : null,
    advisories:
      facts?.advisories.status === 'known' ? facts.advisories.value.map((a) => a.id) : null,
  };
}

export function checkJson(result: CheckResult) {
  const errors = result.manifests.flatMap((m) => m.errors);
  return {
    schemaVersion: 1,
    today: result.today,
    summary: {
      dependencies: result.dependencies.length,
      errors: 0,
      warnings: 0,
      notices: 0,
      inputErrors: errors.length,
      unknowns: result.unknowns.length,
      outcome: errors.length > 0 ? 'error' : 'pass',
      note: 'governance checks are not implemented yet: facts are collected, nothing is judged',
    },
    dependencies: result.dependencies.map(dependencyJson),
    findings: [],
    unknowns: result.unknowns,
    errors,
  };
}
