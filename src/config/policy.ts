import {
  RULES,
  RULE_IDS,
  type RuleId,
  type RuleSetting,
  type Severity,
} from '../rules/catalogue.js';
import { DEFAULT_MAX_FILE_BYTES } from '../discover/safe-read.js';

import type { FailOn } from './fail-on.js';
export { FAIL_ON, type FailOn } from './fail-on.js';
/** Which findings count (`scope`): those the change brings, or every one. */
export const SCOPES = ['changed', 'all'] as const;
export type Scope = (typeof SCOPES)[number];
/** OSV/GHSA severity levels, lowest first. */
export const VULNERABILITY_LEVELS = ['low', 'moderate', 'high', 'critical'] as const;
export type VulnerabilityLevel = (typeof VULNERABILITY_LEVELS)[number];

/** A finding the team accepts, with the reason; `expires` makes the acceptance temporary. */
export interface PolicyException {
  /** PEP 503 normalised package name. */
  package: string;
  /** Exact version the exception is limited to, or null for any version. */
  version: string | null;
  /** Rule the exception is limited to, or null for every rule. */
  rule: RuleId | null;
  reason: string;
  /** `YYYY-MM-DD`: from this day on the exception no longer applies. */
  expires: string | null;
  /** Where the exception is written, so "unused" and "expired" can point at it. */
  file: string;
  line: number | null;
}

export interface Policy {
  failOn: FailOn;
  scope: Scope;
  staleAfterMonths: number;
  minActiveMaintainers: number;
  /** Median age (days) of the oldest open issues above which `maintenance/slow-issues`; null = off. */
  maxMedianIssueAgeDays: number | null;
  /** Releases in the last 12 months below which `maintenance/low-release-cadence`; null = off. */
  minReleasesPerYear: number | null;
  /** SPDX ids or expressions; null = no allow list. */
  allowLicenses: string[] | null;
  denyLicenses: string[];
  /** Vulnerabilities below this level are not reported; null = all. */
  minSeverity: VulnerabilityLevel | null;
  /** Effective setting of every rule. */
  rules: Record<RuleId, RuleSetting>;
  /** The Pythons the project targets (`X.Y`), overriding requires-python; null = derive. */
  pythonVersions: string[] | null;
  exceptions: PolicyException[];
  /** Package indexes (besides PyPI) a manifest may name, normalised by `indexKey`. */
  trustedIndexes: string[];
  /**
   * Conda channels whose repodata judges their packages: channel name → base URL
   * (`https://conda.anaconda.org/conda-forge`, no trailing slash). Configured here, so trusted.
   */
  condaChannels: Record<string, string>;
  /** Bytes: a manifest, include or policy file larger than this is refused before it is read. */
  maxFileSize: number;
  /** Judge what a manifest without a lock would install besides what it names. */
  transitive: boolean;
  /** Levels of that tree below the direct dependencies. */
  maxDepth: number;
}

export function defaultRuleSettings(): Record<RuleId, RuleSetting> {
  const rules = {} as Record<RuleId, RuleSetting>;
  for (const id of RULE_IDS) rules[id] = RULES[id].severity;
  return rules;
}

export function defaultPolicy(): Policy {
  return {
    failOn: 'error',
    scope: 'changed',
    staleAfterMonths: 18,
    minActiveMaintainers: 3,
    maxMedianIssueAgeDays: null,
    minReleasesPerYear: null,
    allowLicenses: null,
    denyLicenses: [],
    minSeverity: null,
    rules: defaultRuleSettings(),
    pythonVersions: null,
    exceptions: [],
    trustedIndexes: [],
    condaChannels: {},
    maxFileSize: DEFAULT_MAX_FILE_BYTES,
    transitive: true,
    maxDepth: 10,
  };
}

/** Whether a finding of `severity` fails the run under `failOn`. */
export function failsOn(severity: Severity, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  if (failOn === 'warning') return severity === 'error' || severity === 'warning';
  return severity === 'error';
}
