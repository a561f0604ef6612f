/**
 * Judging an SPDX expression: `A OR B` by its best alternative (the licensee chooses),
 * `A AND B` by its worst part (both apply). DESIGN.md "Licence decisions".
 */
import {
  categoryOfLicenseId,
  categoryRank,
  exceptionWeakensCopyleft,
  judgeLicenseRef,
  osiApprovedId,
} from './categories.js';
import { formatExpression, isLicenseRef, MAX_REMEMBERED, parseExpression } from './expression.js';
import type { SpdxLicense, SpdxNode } from './expression.js';
import type { LicenseCategory } from './types.js';

export interface Judgement {
  category: LicenseCategory;
  /** null when not known (a LicenseRef nobody knows, an id missing from the SPDX list). */
  osi: boolean | null;
}

export interface JudgedExpression extends Judgement {
  /** The expression in SPDX casing and readable form. */
  expression: string;
  /** Licences of the expression whose category is unknown (for the note). */
  unknown: string[];
}

/** Parses and judges an expression; null when it is not valid SPDX. */
export function judgeSpdx(text: string): JudgedExpression | null {
  // Asked once per package with the same few texts: judged once each (the result is frozen).
  const known = judged.get(text);
  if (known !== undefined) return known;
  const node = parseExpression(text);
  const result =
    node === null
      ? null
      : Object.freeze({
          expression: formatExpression(node),
          ...judgeNode(node),
          unknown: Object.freeze(unknownLicenses(node)) as string[],
        });
  if (judged.size >= MAX_REMEMBERED) judged.clear();
  judged.set(text, result);
  return result;
}

const judged = new Map<string, JudgedExpression | null>();

export function judgeNode(node: SpdxNode): Judgement {
  if (node.kind === 'license') return judgeLicense(node);
  const parts = node.parts.map(judgeNode);
  return node.kind === 'or' ? best(parts) : worst(parts);
}

/** OR: the lowest rank (first one on ties); open source when any alternative is. */
export function best(parts: readonly Judgement[]): Judgement {
  const osi = osiParts(parts);
  return {
    category: pick(parts, (a, b) => categoryRank(a) < categoryRank(b)),
    osi: osi.includes(true) ? true : osi.includes(null) ? null : false,
  };
}

/** AND: the highest rank; open source only when every part is. */
export function worst(parts: readonly Judgement[]): Judgement {
  const osi = osiParts(parts);
  return {
    category: pick(parts, (a, b) => categoryRank(a) > categoryRank(b)),
    osi: osi.includes(false) ? false : osi.includes(null) ? null : true,
  };
}

/**
 * The OSI statuses that count. A public-domain dedication (CC0-1.0 is not OSI-approved)
 * imposes no terms, so it does not make `MIT AND CC0-1.0` (numpy) less open; it counts only
 * when nothing else is there.
 */
function osiParts(parts: readonly Judgement[]): (boolean | null)[] {
  const licences = parts.filter((p) => p.category !== 'public-domain');
  return (licences.length > 0 ? licences : parts).map((p) => p.osi);
}

function pick(
  parts: readonly Judgement[],
  better: (a: LicenseCategory, b: LicenseCategory) => boolean,
): LicenseCategory {
  let chosen: LicenseCategory | null = null;
  for (const { category } of parts)
    if (chosen === null || better(category, chosen)) chosen = category;
  return chosen ?? 'unknown';
}

function judgeLicense(license: SpdxLicense): Judgement {
  if (isLicenseRef(license.id)) return judgeLicenseRef(license.id);
  const category = categoryOfLicenseId(license.id);
  // A linking exception lets other code use the GPL'd code without becoming GPL.
  const weakened =
    category === 'strong-copyleft' &&
    license.exception !== null &&
    exceptionWeakensCopyleft(license.exception);
  return { category: weakened ? 'weak-copyleft' : category, osi: osiApprovedId(license.id) };
}

function unknownLicenses(node: SpdxNode): string[] {
  if (node.kind === 'license') {
    return judgeLicense(node).category === 'unknown' ? [formatExpression(node)] : [];
  }
  return node.parts.flatMap(unknownLicenses);
}
