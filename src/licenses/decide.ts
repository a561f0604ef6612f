/**
 * The licence of one package version from its metadata, in this order (the first field that
 * gives an answer decides, and is named in `source`):
 *   1. PEP 639 `License-Expression`, when it is valid SPDX;
 *   2. the `License` field: an SPDX expression, an alias from the table, a mention of a
 *      source-available licence, or a whole licence text (matched whole, texts.ts);
 *   3. the trove `License ::` classifiers;
 *   4. otherwise unknown, with a note saying what was found.
 * See DESIGN.md "Licence decisions" and FACTS.md §8.
 */
import { lookupAlias } from './aliases.js';
import { isLicenseClassifier, lookupClassifier } from './classifiers.js';
import { judgeSpdx, worst } from './judge.js';
import { MAX_EXPRESSION_LENGTH } from './expression.js';
import { findSourceAvailableMention } from './mentions.js';
import type { JudgedExpression, Judgement } from './judge.js';
import { recogniseLicenseText } from './texts.js';
import type {
  LicenseCategory,
  LicenseDecision,
  LicenseInput,
  LicenseMapping,
  LicenseSource,
} from './types.js';

/**
 * Category and OSI status of one SPDX expression string (already valid SPDX or not); null
 * when it does not parse.
 */
export function judgeExpression(
  expression: string,
): { expression: string; category: LicenseCategory; osiApproved: boolean } | null {
  const judged = judgeSpdx(expression);
  if (judged === null) return null;
  // An unknown OSI status (a LicenseRef nobody knows) is not an approval.
  return {
    expression: judged.expression,
    category: judged.category,
    osiApproved: judged.osi === true,
  };
}

/** A field's decision, or a phrase saying why it gave none (used in the final note). */
type Step = LicenseDecision | string;

export function decideLicense(input: LicenseInput): LicenseDecision {
  const steps: (() => Step)[] = [
    () => fromLicenseExpression(input.licenseExpression),
    () => fromLicenseField(input.license),
    () => fromClassifiers(input.classifiers),
  ];
  const why: string[] = [];
  for (const step of steps) {
    const result = step();
    if (typeof result !== 'string') {
      return withSkippedExpression(result, input.licenseExpression, why[0]);
    }
    why.push(result);
  }
  return {
    expression: null,
    category: 'unknown',
    osiApproved: null,
    source: 'none',
    evidence: null,
    ambiguous: false,
    note: why.join(', '),
  };
}

function fromLicenseExpression(text: string | null): Step {
  if (text === null || text.trim() === '') return 'no License-Expression';
  if (text.replace(/\s+/g, ' ').trim().length > MAX_EXPRESSION_LENGTH) {
    return `License-Expression of ${String(text.length)} characters is longer than pygovern reads (${String(MAX_EXPRESSION_LENGTH)})`;
  }
  const judged = judgeSpdx(text);
  if (judged === null) return `License-Expression ${quote(text)} is not a valid SPDX expression`;
  return fromJudged(judged, 'license-expression', text.trim());
}

function fromLicenseField(raw: string | null): Step {
  if (raw === null) return 'no License field';
  const text = raw.trim();
  if (text === '') return 'License field empty';
  const judged = judgeSpdx(text);
  if (judged !== null) return fromJudged(judged, 'license', text);

  const alias = lookupAlias(text);
  if (alias?.kind === 'none') return `License field ${quote(text)} names no licence`;
  if (alias !== undefined) {
    return fromMapping(alias, 'license', text, `License field ${quote(text)}`);
  }

  // A whole text is named by its first line; a short value by itself.
  const whole = isWholeText(text);
  const source: LicenseSource = whole ? 'license-text' : 'license';
  const evidence = whole ? firstLine(text) : text;
  const mention = findSourceAvailableMention(text);
  if (mention !== undefined) {
    return fromMapping(mention, source, evidence, `License field ${quote(evidence)}`);
  }

  const recognised = recogniseLicenseText(text);
  if (recognised !== undefined) {
    const decided = fromMapping(
      recognised.mapping,
      'license-text',
      firstLine(text),
      'License field holds a licence text that',
    );
    // A text that is no known licence says why (what it restricts, where it departs).
    if (typeof decided === 'string' || recognised.note === null) return decided;
    return { ...decided, note: recognised.note };
  }
  return `License field ${quote(text)} is not a licence pygovern recognises`;
}

function fromClassifiers(classifiers: readonly string[]): Step {
  const found = [...new Set(classifiers.filter(isLicenseClassifier).map((c) => c.trim()))];
  if (found.length === 0) return 'no licence classifier';
  // Bare `License :: OSI Approved` names nothing, and is only the parent of the others.
  const named = found
    .map((classifier) => ({ classifier, mapping: lookupClassifier(classifier) }))
    .filter(({ mapping }) => mapping?.kind !== 'none');
  const [only] = named;
  if (only === undefined) return `classifier ${found.map(quote).join(', ')} names no licence`;
  if (named.length === 1) {
    if (only.mapping === undefined) {
      return `licence classifier ${quote(only.classifier)} is not one pygovern knows`;
    }
    return fromMapping(
      only.mapping,
      'classifier',
      only.classifier,
      `classifier ${quote(only.classifier)}`,
    );
  }
  // PEP 639: with several licence classifiers, whether all apply (AND) or one may be chosen
  // (OR) is unknown, so no expression is inferred and the worst one is assumed.
  const judged = worst(named.map(({ mapping }) => judgeMapping(mapping)));
  return {
    expression: null,
    category: judged.category,
    osiApproved: judged.osi,
    source: 'classifier',
    evidence: named.map(({ classifier }) => classifier).join('; '),
    ambiguous: true,
    note:
      `${named.length} licence classifiers: PEP 639 leaves open whether all apply ` +
      'or one may be chosen, so the worst is assumed',
  };
}

function fromJudged(
  judged: JudgedExpression,
  source: LicenseSource,
  evidence: string,
): LicenseDecision {
  const unknown = judged.category === 'unknown' && judged.unknown.length > 0;
  return {
    expression: judged.expression,
    category: judged.category,
    osiApproved: judged.osi,
    source,
    evidence,
    ambiguous: false,
    note: unknown
      ? `${judged.unknown.map(quote).join(', ')}: no licence category known to pygovern`
      : null,
  };
}

/** `subject` starts the note of a family: 'License field "BSD"', 'classifier "…"'. */
function fromMapping(
  mapping: LicenseMapping,
  source: LicenseSource,
  evidence: string,
  subject: string,
): Step {
  if (mapping.kind === 'none') return `${subject} names no licence`;
  if (mapping.kind === 'spdx') {
    return fromJudged(judgeTableEntry(mapping.expression), source, evidence);
  }
  return {
    expression: null,
    category: mapping.category,
    osiApproved: mapping.osiApproved,
    source,
    evidence,
    ambiguous: true,
    note: `${subject} names the ${mapping.family} family, not an exact licence`,
  };
}

function judgeMapping(mapping: LicenseMapping | undefined): Judgement {
  if (mapping === undefined || mapping.kind === 'none') return { category: 'unknown', osi: null };
  if (mapping.kind === 'family') return { category: mapping.category, osi: mapping.osiApproved };
  return judgeTableEntry(mapping.expression);
}

function judgeTableEntry(expression: string): JudgedExpression {
  const judged = judgeSpdx(expression);
  // The tables are tested entry by entry, so this is a bug, not bad input.
  if (judged === null) throw new Error(`licence table entry is not valid SPDX: ${expression}`);
  return judged;
}

/** An invalid License-Expression is worth saying even when another field decided. */
function withSkippedExpression(
  decision: LicenseDecision,
  expression: string | null,
  why: string | undefined,
): LicenseDecision {
  if (expression === null || expression.trim() === '' || why === undefined) return decision;
  return { ...decision, note: decision.note === null ? why : `${why}; ${decision.note}` };
}

function isWholeText(text: string): boolean {
  return text.includes('\n') || text.length > 100;
}

/** The first non-empty line, at most 200 characters. */
function firstLine(text: string): string {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  return line.trim().slice(0, 200);
}

function quote(text: string): string {
  return JSON.stringify(firstLine(text));
}
