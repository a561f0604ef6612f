/**
 * SPDX licence expressions (https://spdx.github.io/spdx-spec/v2.3/SPDX-license-expressions/):
 *
 *   expression = and-expr *( "OR" and-expr )
 *   and-expr   = with-expr *( "AND" with-expr )
 *   with-expr  = license [ "WITH" exception ] | "(" expression ")"
 *   license    = id [ "+" ] | [ "DocumentRef-" idstring ":" ] "LicenseRef-" idstring
 *
 * Ids are case-insensitive and operators all upper or all lower case. spdx-expression-parse
 * does the parsing but matches ids case-sensitively, so words are put into SPDX casing first.
 */
import parseSpdx from 'spdx-expression-parse';
import { canonicalExceptionId, canonicalLicenseId } from './categories.js';

/** One licence of an expression: `id` in SPDX casing (GNU ids modernised), or a LicenseRef. */
export interface SpdxLicense {
  kind: 'license';
  id: string;
  /** `+` on a non-GNU id ("or later"); GNU ids carry it in `-or-later` instead. */
  plus: boolean;
  exception: string | null;
}

export interface SpdxCompound {
  kind: 'and' | 'or';
  parts: SpdxNode[];
}

export type SpdxNode = SpdxLicense | SpdxCompound;

/**
 * Deprecated GNU ids: bare `GPL-2.0` means `GPL-2.0-only` and `GPL-2.0+` means
 * `GPL-2.0-or-later` (FACTS.md §8). They are rewritten so that the same licence always
 * prints the same way (a base branch saying `GPL-2.0+` and a PR saying `GPL-2.0-or-later`
 * is no licence change).
 */
const GNU_DEPRECATED =
  /^(GPL-1\.0|GPL-2\.0|GPL-3\.0|LGPL-2\.0|LGPL-2\.1|LGPL-3\.0|AGPL-1\.0|AGPL-3\.0|GFDL-1\.[123])$/;

/**
 * The longest expression read, in characters. spdx-expression-parse slices its input at every
 * token and recurses at every operator, so its cost grows with the square of the length; real
 * expressions are far shorter (the longest on PyPI is a few hundred characters).
 */
export const MAX_EXPRESSION_LENGTH = 2000;

/** The most choices `alternatives` spells out (`(A OR B) AND (C OR D) AND …` doubles each time). */
export const MAX_ALTERNATIVES = 1024;

/**
 * Parses an expression; null when it is not valid SPDX or longer than
 * MAX_EXPRESSION_LENGTH (never throws).
 */
export function parseExpression(text: string): SpdxNode | null {
  if (text.length > MAX_EXPRESSION_LENGTH * 4) return null;
  // Most packages of a lock share a handful of expressions (`MIT`, `Apache-2.0`…): each is
  // parsed once. The nodes are frozen, since every caller then shares them.
  const known = parsed.get(text);
  if (known !== undefined) return known;
  const node = parseUncached(text);
  if (parsed.size >= MAX_REMEMBERED) parsed.clear();
  parsed.set(text, node === null ? null : deepFreeze(node));
  return node;
}

const parsed = new Map<string, SpdxNode | null>();
/** Distinct expressions remembered; past it the memo starts over (bounded memory). */
export const MAX_REMEMBERED = 4096;

function parseUncached(text: string): SpdxNode | null {
  const source = canonicalWords(text.replace(/\s+/g, ' ').trim());
  if (source === '' || source.length > MAX_EXPRESSION_LENGTH) return null;
  try {
    return fromParsed(parseSpdx(source));
  } catch {
    return null;
  }
}

function deepFreeze(node: SpdxNode): SpdxNode {
  if (node.kind !== 'license') {
    node.parts.forEach(deepFreeze);
    Object.freeze(node.parts);
  }
  return Object.freeze(node);
}

/** `A OR B`, `A AND (B OR C)`, `GPL-2.0-or-later WITH Classpath-exception-2.0`. */
export function formatExpression(node: SpdxNode): string {
  if (node.kind === 'license') {
    const plus = node.plus ? '+' : '';
    return node.exception === null ? node.id + plus : `${node.id}${plus} WITH ${node.exception}`;
  }
  if (node.kind === 'or') return node.parts.map(formatExpression).join(' OR ');
  return node.parts
    .map((part) => (part.kind === 'or' ? `(${formatExpression(part)})` : formatExpression(part)))
    .join(' AND ');
}

/**
 * The choices an expression offers: OR of ANDs (`(A OR B) AND C` → [[A, C], [B, C]]); null
 * when there would be more than MAX_ALTERNATIVES of them.
 */
export function alternatives(node: SpdxNode): SpdxLicense[][] | null {
  if (node.kind === 'license') return [[node]];
  const each: SpdxLicense[][][] = [];
  for (const part of node.parts) {
    const choices = alternatives(part);
    if (choices === null) return null;
    each.push(choices);
  }
  if (node.kind === 'or') {
    const all = each.flat();
    return all.length > MAX_ALTERNATIVES ? null : all;
  }
  let sofar: SpdxLicense[][] = [[]];
  for (const next of each) {
    if (sofar.length * next.length > MAX_ALTERNATIVES) return null;
    sofar = sofar.flatMap((left) => next.map((right) => [...left, ...right]));
  }
  return sofar;
}

/** Every licence of an expression, left to right. */
export function licensesOf(node: SpdxNode): SpdxLicense[] {
  return node.kind === 'license' ? [node] : node.parts.flatMap(licensesOf);
}

export function isLicenseRef(id: string): boolean {
  return /(^|:)LicenseRef-/.test(id);
}

/** Words in SPDX casing: operators upper case, ids and exceptions as the lists spell them. */
function canonicalWords(source: string): string {
  return source.replace(/[A-Za-z0-9.:-]+/g, (word) => {
    const upper = word.toUpperCase();
    if (upper === 'AND' || upper === 'OR' || upper === 'WITH') return upper;
    if (/^(documentref|licenseref)-/i.test(word)) {
      return word
        .replace(/^documentref-/i, 'DocumentRef-')
        .replace(/(^|:)licenseref-/i, '$1LicenseRef-');
    }
    return canonicalLicenseId(word) ?? canonicalExceptionId(word) ?? word;
  });
}

function fromParsed(node: parseSpdx.ExpressionNode): SpdxNode {
  if ('conjunction' in node) {
    const kind = node.conjunction;
    const parts = [node.left, node.right].map(fromParsed);
    // `A OR B OR C` parses as `A OR (B OR C)`: flatten so it prints without parentheses.
    return { kind, parts: parts.flatMap((p) => (p.kind === kind ? p.parts : [p])) };
  }
  return {
    kind: 'license',
    ...modernise(node.license, node.plus === true),
    exception: node.exception ?? null,
  };
}

function modernise(id: string, plus: boolean): { id: string; plus: boolean } {
  if (GNU_DEPRECATED.test(id)) return { id: `${id}-${plus ? 'or-later' : 'only'}`, plus: false };
  if (plus && id.endsWith('-only')) return { id: id.replace(/-only$/, '-or-later'), plus: false };
  if (id.endsWith('-or-later')) return { id, plus: false };
  return { id, plus };
}
