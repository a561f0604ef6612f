/**
 * Poetry's version constraints in PEP 440 terms, as poetry-core reads them: `^` (caret),
 * `~` (tilde), `*`, wildcards, bare versions (exact), `,` or spaces for AND, `||` for OR.
 *
 * PEP 440 has no OR, so the result is a list of alternatives, each a specifier set; one
 * alternative is the common case. `null` means the text is not a constraint Poetry accepts.
 */

const VERSION =
  /^v?\d+(\.\d+)*([-_.]?(a|b|c|rc|alpha|beta|pre|preview|post|dev)[-_.]?\d*)*(\+[a-z0-9.]+)?$/i;

function releaseParts(version: string): number[] | null {
  const match = /^v?(\d+(?:\.\d+)*)/.exec(version);
  return match?.[1] === undefined ? null : match[1].split('.').map(Number);
}

/** `^1.2.3` → `>=1.2.3,<2.0.0`: the leftmost non-zero part may not change. */
function caret(version: string): string[] | null {
  const parts = releaseParts(version);
  if (parts === null || !VERSION.test(version)) return null;
  const index = parts.findIndex((p) => p !== 0);
  // ^0 → <1, ^0.0 → <0.1, ^0.0.0 → <0.0.1; otherwise bump the first non-zero part.
  const bumpAt = index === -1 ? Math.max(parts.length - 1, 0) : index;
  return [`>=${version.replace(/^v/, '')}`, `<${bump(parts, bumpAt)}`];
}

/** `~1.2.3` → `>=1.2.3,<1.3.0`; `~1` → `>=1,<2`. */
function tilde(version: string): string[] | null {
  const parts = releaseParts(version);
  if (parts === null || !VERSION.test(version)) return null;
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
  const op = /^(===|==|!=|<=|>=|<|>|=)?\s*(.+)$/.exec(text);
  if (op?.[2] === undefined) return null;
  const operator = op[1] === undefined || op[1] === '=' ? '==' : op[1];
  const version = op[2].trim();
  if (version === '*') return operator === '==' ? [] : null;
  if (version.endsWith('.*')) {
    const valid = /^v?\d+(\.\d+)*\.\*$/.test(version) && (operator === '==' || operator === '!=');
    return valid ? [`${operator}${version.replace(/^v/, '')}`] : null;
  }
  if (!VERSION.test(version)) return null;
  return [`${operator}${version.replace(/^v/, '')}`];
}

/** Splits an AND group at commas or at whitespace between two constraints (`>=1 <2`). */
function andParts(text: string): string[] {
  return text
    .replace(/(===|==|!=|<=|>=|<|>|=|~=|\^|~)\s+/g, '$1')
    .split(/\s*,\s*|\s+/)
    .filter((t) => t !== '');
}

export function poetryToPep440(constraint: string): string[] | null {
  const alternatives = constraint.split(/\s*\|\|?\s*/);
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
