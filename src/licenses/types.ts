/**
 * Licence decisions: what a package's metadata says about its licence, reduced to an SPDX
 * expression (when one is known), a category and OSI status, with the field that decided.
 * See DESIGN.md "Licence categories" and FACTS.md §8.
 */

export type LicenseCategory =
  | 'permissive'
  | 'public-domain'
  | 'weak-copyleft'
  | 'strong-copyleft'
  | 'network-copyleft'
  | 'source-available'
  | 'proprietary'
  | 'unknown';

/**
 * Which field decided: PEP 639 License-Expression, the License field as an SPDX expression or
 * as free text via the alias table ('license'), a recognised whole licence text in the
 * License field, trove classifiers, or nothing usable.
 */
export type LicenseSource =
  'license-expression' | 'license' | 'license-text' | 'classifier' | 'none';

export interface LicenseInput {
  licenseExpression: string | null;
  license: string | null;
  classifiers: readonly string[];
}

export interface LicenseDecision {
  /**
   * Normalised SPDX expression (canonical id casing, e.g. "Apache-2.0", "MIT OR Apache-2.0"),
   * or null when only a family is known (ambiguous classifier "BSD License") or nothing is.
   */
  expression: string | null;
  category: LicenseCategory;
  /** OSI approval as judged (OR: best alternative, AND: worst part); null when unknown. */
  osiApproved: boolean | null;
  source: LicenseSource;
  /** The raw string(s) that decided (licence texts: first line, max 200 chars); null if none. */
  evidence: string | null;
  /** True when the family is known but not the exact licence ("BSD License" classifier, "GPL"). */
  ambiguous: boolean;
  /**
   * A short human sentence when unknown or ambiguous: what was found and why it is not
   * decisive (e.g. 'License field "UNKNOWN" and no licence classifier'). Also set when a
   * License-Expression was present but invalid and another field decided. null otherwise.
   */
  note: string | null;
}

/**
 * What one alias, classifier or licence text stands for (the data tables use this):
 * - `spdx`: an exact SPDX expression, judged like any other expression;
 * - `family`: a licence family without the exact licence (a "BSD" of unknown clauses, a GPL
 *   without only/or-later): its category and OSI status are known, its expression is not;
 * - `none`: names no licence ("UNKNOWN", "See LICENSE", bare "License :: OSI Approved").
 */
export type LicenseMapping =
  | { kind: 'spdx'; expression: string }
  | { kind: 'family'; family: string; category: LicenseCategory; osiApproved: boolean | null }
  | { kind: 'none' };
