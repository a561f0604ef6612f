/**
 * From raw findings to the verdict: merge repeats, apply the policy's rule settings,
 * compare with the base, apply exceptions, and decide the outcome.
 */
import { byCodeUnits } from '../text/order.js';
import { failsOn, type Policy, type PolicyException, type Scope } from '../config/policy.js';
import type { DependencyReport } from './types.js';
import { versionsEqual } from '../pep440/version.js';
import { formatPath } from '../resolve/stage.js';
import { inputFindings, unavailableFindings } from './input.js';
import {
  licenseChangeFindings,
  licenseFindings,
  licenseOf,
  type LicenseChange,
} from './license.js';
import { maintenanceFindings } from './maintenance.js';
import { dependencyPythonFindings, eolTargetFindings } from './python.js';
import { RULES, type RuleId, type Severity } from '../rules/catalogue.js';
import { policyChangeFindings, untrustedIndexFindings } from './trust.js';
import type { CheckContext, Finding, Location, RawFinding } from './types.js';
import { vulnerabilityFindings } from './vulnerability.js';

export type Outcome = 'pass' | 'fail';

export interface Verdict {
  findings: Finding[];
  outcome: Outcome;
  counts: Record<Severity, number>;
  /** Findings that decide the outcome (not excepted, severe enough, introduced when scope=changed). */
  failing: Finding[];
  /** Whether findings could be compared with a base. */
  compared: boolean;
}

/**
 * Whether a finding counts under the policy's scope: every finding, or (`changed`) those the
 * change brings; without a base to compare with, every finding. The verdict, the comment and
 * the annotations all ask this one question.
 */
export function inScope(f: Finding, scope: Scope, compared: boolean): boolean {
  return scope === 'all' || !compared || f.introduced;
}

/** Every check on one side (head or base), before the policy. */
export function runChecks(ctx: CheckContext): RawFinding[] {
  return withPaths(ctx, [
    ...inputFindings(ctx),
    ...eolTargetFindings(ctx),
    ...licenseFindings(ctx),
    ...dependencyPythonFindings(ctx),
    ...maintenanceFindings(ctx),
    ...vulnerabilityFindings(ctx),
    ...unavailableFindings(ctx),
    ...untrustedIndexFindings(ctx),
    ...policyChangeFindings(ctx),
  ]);
}

/** A finding on a transitive dependency names the path that brings it in. */
function withPaths(ctx: CheckContext, raw: RawFinding[]): RawFinding[] {
  const paths = new Map<string, string[]>();
  const keyOf = (file: string, line: number | null, name: string | null, version: string | null) =>
    `${file}\u0000${String(line)}\u0000${name ?? ''}\u0000${version ?? ''}`;
  for (const { dependency: d, facts } of ctx.dependencies) {
    if (d.path === undefined) continue;
    const key = keyOf(d.file, d.line, d.normalizedName, facts?.version ?? d.version);
    if (!paths.has(key)) paths.set(key, formatPath(d.path));
  }
  if (paths.size === 0) return raw;
  return raw.map((f) => {
    const path = paths.get(keyOf(f.manifest, f.line, f.normalizedName, f.version));
    return path === undefined ? f : { ...f, path };
  });
}

const identity = (f: RawFinding) => `${f.rule}|${f.normalizedName ?? f.manifest}|${f.key}`;

/** One finding per rule, package, version and key, listing every place it is written. */
export function mergeFindings(raw: readonly RawFinding[]): RawFinding[] {
  const merged = new Map<string, RawFinding & { locations: Location[] }>();
  for (const f of raw) {
    const id = `${identity(f)}|${f.version ?? ''}`;
    const here = { file: f.manifest, line: f.line };
    const seen = merged.get(id);
    if (seen === undefined) merged.set(id, { ...f, locations: [here] });
    else if (!seen.locations.some((l) => l.file === here.file && l.line === here.line))
      seen.locations.push(here);
  }
  return [...merged.values()];
}

/** Packages whose version moved between base and head to one with another licence. */
export function licenseChanges(
  head: readonly DependencyReport[],
  base: readonly DependencyReport[],
): LicenseChange[] {
  const before = new Map<string, { version: string; report: DependencyReport }[]>();
  for (const r of base) {
    const version = r.facts?.version;
    if (version === null || version === undefined) continue;
    const list = before.get(r.dependency.normalizedName) ?? [];
    if (!list.some((x) => x.version === version)) list.push({ version, report: r });
    before.set(r.dependency.normalizedName, list);
  }
  const out: LicenseChange[] = [];
  for (const r of head) {
    const version = r.facts?.version;
    const olds = before.get(r.dependency.normalizedName);
    if (version === null || version === undefined || olds === undefined) continue;
    if (olds.some((o) => versionsEqual(o.version, version))) continue;
    const after = licenseOf(r);
    const old = olds[0];
    const previous = old === undefined ? null : licenseOf(old.report);
    if (after === null || previous === null || old === undefined) continue;
    if (after.expression === previous.expression && after.category === previous.category) continue;
    out.push({
      report: r,
      before: { version: old.version, decision: previous },
      after: { version, decision: after },
    });
  }
  return out;
}

function matches(e: PolicyException, f: RawFinding): boolean {
  if (f.normalizedName !== e.package) return false;
  if (e.rule !== null && e.rule !== f.rule) return false;
  return e.version === null || (f.version !== null && versionsEqual(e.version, f.version));
}

function severityOf(f: RawFinding, policy: Policy): Severity | 'off' {
  const setting = policy.rules[f.rule];
  // license/changed is an error when the licence got worse, unless the team set the rule.
  if (f.rule === 'license/changed' && setting === RULES['license/changed'].severity)
    return f.severity;
  // A tightening of the policy is a notice whatever the rule's setting, unless it is off.
  if (f.rule === 'policy/changed' && setting !== 'off' && f.severity === 'notice') return 'notice';
  return setting;
}

/**
 * "Could not tell" never passes a dependency the change introduces: unless the team set the
 * rule, facts/unavailable is an error on what is new and stays a warning on what was there.
 */
function unavailableSeverity(
  f: RawFinding,
  severity: Severity,
  policy: Policy,
  introduced: boolean,
  compared: boolean,
): Severity {
  const defaulted = policy.rules['facts/unavailable'] === RULES['facts/unavailable'].severity;
  // A transitive package the index cannot tell about stays a warning: the PR named its top.
  const direct = f.path === undefined;
  return f.rule === 'facts/unavailable' && defaulted && compared && introduced && direct
    ? 'error'
    : severity;
}

function policyFinding(
  rule: RuleId,
  e: PolicyException,
  message: string,
  severity: Severity,
): Finding {
  return {
    rule,
    severity,
    package: e.package,
    normalizedName: e.package,
    version: e.version,
    manifest: e.file,
    line: e.line,
    locations: [{ file: e.file, line: e.line }],
    message,
    evidence: `reason: ${e.reason}`,
    fix: null,
    key: `${e.rule ?? '*'}|${e.version ?? '*'}`,
    introduced: true,
    exception: null,
  };
}

/**
 * The verdict on the head, compared with the base when there is one (every finding is then
 * `introduced` or already present; without a base every finding counts as introduced).
 */
export function judge(head: CheckContext, base: CheckContext | null): Verdict {
  const { policy, today } = head;
  const raw = [...runChecks(head)];
  if (base !== null)
    raw.push(...licenseChangeFindings(licenseChanges(head.dependencies, base.dependencies)));
  const baseIds = base === null ? null : new Set(runChecks(base).map(identity));

  const used = new Set<PolicyException>();
  const findings: Finding[] = [];
  for (const f of mergeFindings(raw)) {
    const severity = severityOf(f, policy);
    if (severity === 'off') continue;
    const applicable = policy.exceptions.filter((e) => matches(e, f));
    applicable.forEach((e) => used.add(e));
    const live = applicable.find((e) => e.expires === null || e.expires > today);
    const introduced = baseIds === null || !baseIds.has(identity(f));
    findings.push({
      ...f,
      severity: unavailableSeverity(f, severity, policy, introduced, baseIds !== null),
      locations: f.locations ?? [{ file: f.manifest, line: f.line }],
      introduced,
      exception:
        live === undefined
          ? null
          : { reason: live.reason, expires: live.expires, file: live.file, line: live.line },
    });
  }
  for (const e of policy.exceptions) {
    const what = `${e.package}${e.version === null ? '' : ` ${e.version}`}${e.rule === null ? '' : ` (${e.rule})`}`;
    if (e.expires !== null && e.expires <= today) {
      const setting = policy.rules['policy/expired-exception'];
      if (setting !== 'off')
        findings.push(
          policyFinding(
            'policy/expired-exception',
            e,
            `The exception for ${what} expired on ${e.expires}${used.has(e) ? ', so its finding counts again' : ''}.`,
            setting,
          ),
        );
    } else if (!used.has(e)) {
      const setting = policy.rules['policy/unused-exception'];
      if (setting !== 'off')
        findings.push(
          policyFinding(
            'policy/unused-exception',
            e,
            `The exception for ${what} matches no finding.`,
            setting,
          ),
        );
    }
  }
  findings.sort(compareFindings);
  const counts: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  for (const f of findings) if (f.exception === null) counts[f.severity]++;
  const failing = findings.filter(
    (f) =>
      f.exception === null &&
      failsOn(f.severity, policy.failOn) &&
      inScope(f, policy.scope, base !== null),
  );
  return {
    findings,
    outcome: failing.length > 0 ? 'fail' : 'pass',
    counts,
    failing,
    compared: base !== null,
  };
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };

/** Errors first, then by package, rule and place. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    byCodeUnits(a.normalizedName ?? '', b.normalizedName ?? '') ||
    byCodeUnits(a.rule, b.rule) ||
    byCodeUnits(a.manifest, b.manifest) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    byCodeUnits(a.key, b.key)
  );
}
