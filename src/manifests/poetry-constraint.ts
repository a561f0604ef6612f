import { parseVersion } from '../pep440/version.js';

/**
 * Poetry's version constraints in PEP 440 terms, as poetry-core reads them: `^` (caret),
 * `~` (tilde), `*`, wildcards, bare versions (exact), `,` or spaces for AND, `||` for OR.
 *
 * PEP 440 has no OR, so the result is a list of alternatives, each a specifier set; one
 * alternative is the common case. `null` means the text is not a constraint Poetry accepts.
 */

/** A version Poetry accepts: PEP 440 (whose pattern has no nested repetition, so it cannot backtrack). */
function isVersion(text: string): boolean {
  return parseVersion(text) !== null && text.trim() === text;
}

const OPERATORS = ['===', '==', '!=', '<=', '>=', '~=', '<', '>', '=', '^', '~'] as const;

/** The operator `text` starts with, longest first, or ''. */
function operatorAt(text: string, at: number): string {
  return OPERATORS.find((op) => text.startsWith(op, at)) ?? '';
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
}

function releaseParts(version: string): number[] | null {
  return parseVersion(version)?.release.map(Number) ?? null;
}

/** `^1.2.3` → `>=1.2.3,<2.0.0`: the leftmost non-zero part may not change. */
function caret(version: string): string[] | null {
  const parts = releaseParts(version);
  if (parts === null || !isVersion(version)) return null;
  const index = parts.findIndex((p) => p !== 0);
  // ^0 → <1, ^0.0 → <0.1, ^0.0.0 → <0.0.1; otherwise bump the first non-zero part.
  const bumpAt = index === -1 ? Math.max(parts.length - 1, 0) : index;
  return [`>=${version.replace(/^v/, '')}`, `<${bump(parts, bumpAt)}`];
}

/** `~1.2.3` → `>=1.2.3,<1.3.0`; `~1` → `>=1,<2`. */
function tilde(version: string): string[] | null {
  const parts = releaseParts(version);
  if (parts === null || !isVersion(version)) return null;
  const bumpAt = parts.length === 1 ? 0 : 1;
  return [`>=${version.replace(/^v/, '')}`, `<${bump(parts, bumpAt)}`];
}

function bump(parts: readonly number[], at: number): string {
  const out = parts.slice(0, at + 1).map((p, i) => (i === at ? p + 1 : p));
  while (out.length < Math.max(parts.length, 1)) out.push(0);
  return out.join('.');
}

function single(token: string): string[] | null {
  const text = token.trim();
  if (text === '*' || text === '') return [];
  if (text.startsWith('^')) return caret(text.slice(1).trim());
  if (text.startsWith('~=')) return [`~=${text.slice(2).trim()}`];
  if (text.startsWith('~')) return tilde(text.slice(1).trim());
  const written = operatorAt(text, 0);
  const operator = written === '' || written === '=' ? '==' : written;
  const version = text.slice(written.length).trim();
  if (version === '') return null;
  if (version === '*') return operator === '==' ? [] : null;
  if (version.endsWith('.*')) {
    const valid = isVersion(version.slice(0, -2)) && /^v?[0-9.]+$/.test(version.slice(0, -2));
    if (!valid || (operator !== '==' && operator !== '!=')) return null;
    return [`${operator}${version.replace(/^v/, '')}`];
  }
  if (!isVersion(version)) return null;
  return [`${operator}${version.replace(/^v/, '')}`];
}

/**
 * Splits an AND group at commas or at whitespace between two constraints (`>=1 <2`); the
 * whitespace after an operator belongs to it (`>= 1`). One pass, no regular expression.
 */
function andParts(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === ',' || isSpace(c)) {
      if (current !== '') parts.push(current);
      current = '';
      i++;
      continue;
    }
    const op = current === '' ? operatorAt(text, i) : '';
    if (op !== '') {
      current = op;
      i += op.length;
      while (i < text.length && isSpace(text.charAt(i))) i++;
      continue;
    }
    current += c;
    i++;
  }
  if (current !== '') parts.push(current);
  return parts;
}

export function poetryToPep440(constraint: string): string[] | null {
  // `||` or `|` separates alternatives, whatever whitespace is around them.
  const alternatives = constraint.split('||').flatMap((a) => a.split('|'));
  const out: string[] = [];
  for (const alternative of alternatives) {
    const specs: string[] = [];
    for (const part of andParts(alternative)) {
      const converted = single(part);
      if (converted === null) return null;
      specs.push(...converted);
    }
    out.push(specs.join(','));
  }
  return out;
}

/**
 * A Poetry `python = "…"` constraint as a PEP 508 marker: each alternative becomes
 * `python_version` comparisons (`python_full_version` for three-part versions).
 */
export function pythonConstraintMarker(alternatives: readonly string[]): string | null {
  const terms = alternatives.map((alt) =>
    alt
      .split(',')
      .filter((s) => s !== '')
      .map((spec) => {
        const match = /^(===|==|!=|<=|>=|<|>|~=)(.+)$/.exec(spec);
        if (match?.[1] === undefined || match[2] === undefined) return null;
        const variable = match[2].split('.').length > 2 ? 'python_full_version' : 'python_version';
        return `${variable} ${match[1]} "${match[2]}"`;
      }),
  );
  if (terms.some((t) => t.includes(null))) return null;
  const clauses = terms.map((t) => t.join(' and ')).filter((t) => t !== '');
  if (clauses.length === 0) return null;
  if (clauses.length === 1) return clauses[0] ?? null;
  return clauses.map((c) => (c.includes(' and ') ? `(${c})` : c)).join(' or ');
}
