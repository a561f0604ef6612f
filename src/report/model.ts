/** The result every report renders: what the engine hands to the reports, and what it is given. */
import type { DependencyReport } from '../checks/types.js';
import type { Verdict } from '../checks/judge.js';
import type { Policy } from '../config/policy.js';
import type { PolicyChange } from '../config/policy-diff.js';
import type { Diagnostic } from '../diagnostics.js';
import type { IsoDate } from '../iso-date.js';
import type { Manifest } from '../manifests/types.js';

/** A fact pygovern could not get, for the "could not tell" part of every report. */
export interface Unknown {
  package: string;
  version: string | null;
  fact: 'project' | 'release' | 'advisories' | 'repository';
  reason: string;
}

export interface CheckInput {
  head: readonly Manifest[];
  /** The same manifests at the base of the change; null when there is nothing to compare. */
  base: readonly Manifest[] | null;
  policy: Policy;
  /** Problems found in the policy file. */
  policyErrors?: readonly Diagnostic[];
  /** What the change does to the policy (base policy file against the head's). */
  policyChanges?: readonly PolicyChange[];
}

export interface CheckResult {
  today: IsoDate;
  policy: Policy;
  manifests: Manifest[];
  dependencies: DependencyReport[];
  unknowns: Unknown[];
  base: { manifests: Manifest[]; dependencies: DependencyReport[] } | null;
  verdict: Verdict;
  policyErrors: Diagnostic[];
}
