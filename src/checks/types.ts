/** What the checks produce, and what they are given. */
import type { Diagnostic } from '../diagnostics.js';
import type { Policy } from '../config/policy.js';
import type { IsoDate } from '../iso-date.js';
import type { PolicyChange } from '../config/policy-diff.js';
import type { PackageFacts } from '../facts/types.js';
import type { Dependency, Manifest } from '../manifests/types.js';
import type { RuleId, Severity } from '../rules/catalogue.js';

/** One dependency with the facts found for it: what every check reads. */
export interface DependencyReport {
  dependency: Dependency;
  /** Null for dependencies not installed from an index (git, path, URL). */
  facts: PackageFacts | null;
}

export interface Location {
  file: string;
  line: number | null;
}

/** The exception a finding is accepted by, as written in the policy. */
export interface AppliedException {
  reason: string;
  expires: string | null;
  file: string;
  line: number | null;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** The package as written (null for findings about the project or the input). */
  package: string | null;
  /** PEP 503 name, for matching exceptions and base findings. */
  normalizedName: string | null;
  version: string | null;
  /** Where it is anchored: the first place the package (or setting) is written. */
  manifest: string;
  line: number | null;
  /** Every place the package is written at this version (a review comment goes on one in the diff). */
  locations: Location[];
  /** One plain-text sentence (escaped by each renderer). */
  message: string;
  /** The raw data the verdict rests on (licence string, advisory ids, dates). */
  evidence: string | null;
  /** What to do about this finding in particular (fixed version, version to move to). */
  fix: string | null;
  /** Distinguishes findings of one rule on one package (advisory id, Python versions). */
  key: string;
  /**
   * For a transitive dependency: the path that brings it in, direct dependency first
   * (`["fastapi 0.115.0", "starlette 0.41.2", "anyio 4.6.2"]`). Absent for a direct one.
   */
  path?: string[];
  /** New in this change (true when there is no base to compare with). */
  introduced: boolean;
  exception: AppliedException | null;
}

/** A finding before the policy sets its severity; `severity` is the rule's suggestion. */
export type RawFinding = Omit<Finding, 'introduced' | 'exception' | 'locations'> & {
  locations?: Location[];
};

export interface CheckContext {
  /** The day judged as of, set once at the edge. */
  today: IsoDate;
  policy: Policy;
  manifests: readonly Manifest[];
  dependencies: readonly DependencyReport[];
  /** Problems in the policy file, reported like manifest errors. */
  configErrors?: readonly Diagnostic[];
  /** What the change does to the policy (head side only). */
  policyChanges?: readonly PolicyChange[];
}
