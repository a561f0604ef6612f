/**
 * PEP 440 version specifiers and specifier sets, with packaging 26's pre-release rules:
 * a set accepts pre-releases when asked to, when one of its specifiers names one, or when
 * nothing but pre-releases match.
 */
import { err, ok, type Result } from '../result.js';
import {
  compareVersions,
  formatVersion,
  isPostrelease,
  isPrerelease,
  parseVersion,
  publicVersion,
  type Version,
} from './version.js';

export type Operator = '~=' | '==' | '!=' | '<=' | '>=' | '<' | '>' | '===';

export interface Specifier {
  operator: Operator;
  /** The version as written (trimmed), e.g. `2.0.*` or `1.0+local`. */
  version: string;
}

export interface SpecifierSet {
  specifiers: readonly Specifier[];
  /** An explicit pre-release choice (packaging's `prereleases=` argument); null = decide. */
  prereleases: boolean | null;
}

const PRE = '(?:[-_.]?(?:alpha|beta|preview|pre|a|b|c|rc)[-_.]?[0-9]*)?';
const POST = '(?:(?:-[0-9]+)|(?:[-_.]?(?:post|rev|r)[-_.]?[0-9]*))?';
const DEV = '(?:[-_.]?dev[-_.]?[0-9]*)?';
const LOCAL = '(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?';
const BASE = 'v?(?:[0-9]+!)?[0-9]+';

/**
 * PEP 440's specifier grammar as one pattern (use with the `i` flag): `===` takes anything
 * but whitespace, `;` and `)`; `==`/`!=` allow `.*` and local versions; `~=` needs two
 * release numbers; the ordered comparisons allow neither.
 */
export const SPECIFIER_SOURCE = [
  `(?:===\\s*[^\\s;)]*)`,
  `(?:(?:==|!=)\\s*${BASE}(?:\\.[0-9]+)*(?:\\.\\*|${PRE}${POST}${DEV}${LOCAL})?)`,
  `(?:~=\\s*${BASE}(?:\\.[0-9]+)+${PRE}${POST}${DEV})`,
  `(?:(?:<=|>=|<|>)\\s*${BASE}(?:\\.[0-9]+)*${PRE}${POST}${DEV})`,
].join('|');

/**
 * The common form (`>=2.1`, `==1.0.3`, `~=1.4`): an operator and release numbers, followed
 * by nothing that could go on with a version. Whatever it matches, the full pattern matches
 * the same way. It is tried first because compiling the full pattern is most of what parsing
 * costs at start-up (about 2 ms), and a small file may need nothing else.
 */
export const PLAIN_SPECIFIER_SOURCE =
  '(?:(?:==|!=|<=|>=|<|>)\\s*[0-9]+(?:\\.[0-9]+)*|~=\\s*[0-9]+(?:\\.[0-9]+)+)(?![-_.+*!0-9a-zA-Z])';

const PLAIN_SPECIFIER = new RegExp(`^\\s*(?:${PLAIN_SPECIFIER_SOURCE})\\s*$`);
const SPECIFIER = new RegExp(`^\\s*(?:${SPECIFIER_SOURCE})\\s*$`, 'i');

/** One specifier (`>=1.0`), or the reason it is not one. */
export function parseSpecifier(text: string): Result<Specifier, string> {
  if (!PLAIN_SPECIFIER.test(text) && !SPECIFIER.test(text))
    return err(`Invalid specifier: ${JSON.stringify(text)}`);
  const spec = text.trim();
  const length = spec.startsWith('===') ? 3 : /^(~=|==|!=|<=|>=)/.test(spec) ? 2 : 1;
  return ok({ operator: spec.slice(0, length) as Operator, version: spec.slice(length).trim() });
}

export function formatSpecifier(s: Specifier): string {
  return `${s.operator}${s.version}`;
}

/** A comma-separated set; empty text is the set that accepts everything. */
export function parseSpecifierSet(
  text: string,
  prereleases: boolean | null = null,
): Result<SpecifierSet, string> {
  const specifiers: Specifier[] = [];
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const s = parseSpecifier(part.trim());
    if (!s.ok) return s;
    specifiers.push(s.value);
  }
  return ok({ specifiers, prereleases });
}

/** packaging's `str(SpecifierSet)`: sorted, duplicates dropped, comma-joined. */
export function formatSpecifierSet(set: SpecifierSet): string {
  return [...new Set(set.specifiers.map(formatSpecifier))].sort().join(',');
}

/** Whether a specifier on its own admits pre-releases (packaging's `Specifier.prereleases`). */
export function specifierPrereleases(s: Specifier): boolean | null {
  if (s.operator === '!=') return false;
  if (s.operator === '==' && s.version.endsWith('.*')) return false;
  const v = parseVersion(s.version);
  return v === null ? null : isPrerelease(v);
}

export function setPrereleases(set: SpecifierSet): boolean | null {
  if (set.prereleases !== null) return set.prereleases;
  if (set.specifiers.length === 0) return null;
  return set.specifiers.some((s) => specifierPrereleases(s) === true) ? true : null;
}

/** `1!2.3rc1.post4` → `['1', '2', '3', 'rc1', 'post4']`: epoch first, pre-release split off. */
function versionSplit(text: string): string[] {
  const bang = text.lastIndexOf('!');
  const out = [bang === -1 ? '0' : text.slice(0, bang) || '0'];
  for (const item of text.slice(bang + 1).split('.')) {
    const m = /^([0-9]+)((?:a|b|c|rc)[0-9]+)$/.exec(item);
    if (m?.[1] !== undefined && m[2] !== undefined) out.push(m[1], m[2]);
    else out.push(item);
  }
  return out;
}

const isDigits = (s: string) => /^[0-9]+$/.test(s);

function numericPrefixLength(split: readonly string[]): number {
  const i = split.findIndex((s) => !isDigits(s));
  return i === -1 ? split.length : i;
}

/** `==1.2.*`: the version's first segments (zero-padded, local ignored) equal the prefix. */
function matchesPrefix(candidate: Version, prefix: string): boolean {
  const spec = parseVersion(prefix);
  if (spec === null) return false;
  const split = versionSplit(formatVersion(spec));
  const numeric = numericPrefixLength(split);
  const cand = versionSplit(formatVersion(publicVersion(candidate)));
  const have = numericPrefixLength(cand);
  const padded =
    have >= numeric
      ? cand
      : [...cand.slice(0, have), ...Array<string>(numeric - have).fill('0'), ...cand.slice(have)];
  const shortened = padded.slice(0, split.length);
  return shortened.length === split.length && shortened.every((s, i) => s === split[i]);
}

function equals(candidate: Version, specVersion: string): boolean {
  if (specVersion.endsWith('.*')) return matchesPrefix(candidate, specVersion.slice(0, -2));
  const spec = parseVersion(specVersion);
  if (spec === null) return false;
  const c = spec.local === null ? publicVersion(candidate) : candidate;
  return compareVersions(c, spec) === 0;
}

const isSuffix = (segment: string) => /^(dev|a|b|rc|post)/.test(segment);

/** Whether a parsed version satisfies one specifier (pre-release policy aside). */
function satisfies(candidate: Version, s: Specifier, raw: string): boolean {
  if (s.operator === '===') return raw.toLowerCase() === s.version.toLowerCase();
  if (s.operator === '==') return equals(candidate, s.version);
  if (s.operator === '!=') return !equals(candidate, s.version);
  const spec = parseVersion(s.version);
  if (spec === null) return false;
  const pub = publicVersion(candidate);
  switch (s.operator) {
    case '<=':
      return compareVersions(pub, spec) <= 0;
    case '>=':
      return compareVersions(pub, spec) >= 0;
    case '<': {
      if (compareVersions(candidate, spec) >= 0) return false;
      // `<V` does not admit pre-releases of V itself unless V is one.
      const earliest: Version = { ...spec, dev: 0n, local: null };
      return !(
        !isPrerelease(spec) &&
        isPrerelease(candidate) &&
        compareVersions(candidate, earliest) >= 0
      );
    }
    case '>': {
      if (compareVersions(candidate, spec) <= 0) return false;
      // `>V` does not admit post-releases of V unless V is one, nor local versions of V.
      if (!isPostrelease(spec) && isPostrelease(candidate)) {
        const base: Version = { ...candidate, post: null, dev: null, local: null };
        if (compareVersions(base, spec) === 0) return false;
      }
      return !(candidate.local !== null && compareVersions(pub, spec) === 0);
    }
    case '~=': {
      const segments = versionSplit(formatVersion(spec)).slice(1);
      const kept = segments
        .filter((seg, i) => !segments.slice(0, i + 1).some(isSuffix))
        .slice(0, -1);
      const epoch = spec.epoch === 0n ? '' : `${spec.epoch.toString()}!`;
      return (
        compareVersions(pub, spec) >= 0 && matchesPrefix(candidate, `${epoch}${kept.join('.')}`)
      );
    }
  }
}

/** A version string or an unparsable one (only `===` can match those). */
interface Candidate<T> {
  item: T;
  text: string;
  version: Version | null;
}

/**
 * The items whose versions the set admits, in order (packaging's `SpecifierSet.filter`):
 * pre-releases pass when `prereleases` is true, when the set names one, or when no final
 * release passes at all.
 */
export function filterVersions<T>(
  set: SpecifierSet,
  items: readonly T[],
  key: (item: T) => string,
  prereleases: boolean | null = null,
): T[] {
  const effective = prereleases ?? setPrereleases(set);
  const candidates: Candidate<T>[] = items.map((item) => {
    const text = key(item);
    return { item, text, version: parseVersion(text) };
  });
  let passed: Candidate<T>[];
  if (set.specifiers.length === 0) {
    if (effective === true) return [...items];
    if (effective === false) {
      return candidates
        .filter((c) => c.version === null || !isPrerelease(c.version))
        .map((c) => c.item);
    }
    passed = candidates;
  } else {
    passed = candidates.filter((c) => {
      if (c.version === null) {
        return set.specifiers.every(
          (s) => s.operator === '===' && c.text.toLowerCase() === s.version.toLowerCase(),
        );
      }
      if (effective === false && isPrerelease(c.version)) return false;
      const v = c.version;
      return set.specifiers.every((s) => satisfies(v, s, c.text));
    });
    if (effective !== null) return passed.map((c) => c.item);
  }
  // PEP 440 default: finals if any passed, else whatever passed.
  const finals = passed.filter((c) => c.version === null || !isPrerelease(c.version));
  const anyFinal = passed.some((c) => c.version !== null && !isPrerelease(c.version));
  return (anyFinal ? finals : passed).map((c) => c.item);
}

/** Whether one version is in the set (packaging's `SpecifierSet.contains`). */
export function containsVersion(
  set: SpecifierSet,
  version: string,
  options: { prereleases?: boolean | null; installed?: boolean } = {},
): boolean {
  const parsed = parseVersion(version);
  let prereleases = options.prereleases ?? null;
  if (parsed !== null && options.installed === true && isPrerelease(parsed)) prereleases = true;
  const hasArbitrary = set.specifiers.some((s) => s.operator === '===');
  const text = parsed === null || hasArbitrary ? version : formatVersion(parsed);
  return filterVersions(set, [text], (t) => t, prereleases).length > 0;
}

/** Whether a single specifier admits a version (packaging's `Specifier.contains`). */
export function specifierContains(
  s: Specifier,
  version: string,
  prereleases: boolean | null = null,
  explicit: boolean | null = null,
): boolean {
  return filterSpecifier(s, [version], prereleases, explicit).length > 0;
}

/** packaging's `Specifier.filter`, where `explicit` is the constructor's `prereleases=`. */
export function filterSpecifier(
  s: Specifier,
  versions: readonly string[],
  prereleases: boolean | null = null,
  explicit: boolean | null = null,
): string[] {
  const include = prereleases ?? explicit ?? specifierPrereleases(s);
  const out: string[] = [];
  const held: string[] = [];
  let foundFinal = false;
  for (const text of versions) {
    const v = parseVersion(text);
    if (v === null) {
      if (s.operator === '===' && text.toLowerCase() === s.version.toLowerCase()) out.push(text);
      continue;
    }
    if (!satisfies(v, s, text)) continue;
    if (!isPrerelease(v) || include === true) {
      foundFinal = true;
      out.push(text);
    } else if (prereleases === null && explicit !== false) {
      held.push(text);
    }
  }
  if (!foundFinal && prereleases === null && explicit !== false) for (const v of held) out.push(v);
  return out;
}

/**
 * The set in canonical form for equality (packaging's `_canonical_spec`): versions normalised
 * and, except for `~=`, without trailing zeros, so `==1.0` and `==1.0.0` are the same.
 */
export function canonicalSpecifierSet(set: SpecifierSet): string {
  const canonical = set.specifiers.map((s) => {
    if (s.operator === '===' || s.version.endsWith('.*')) return formatSpecifier(s);
    const v = parseVersion(s.version);
    if (v === null) return formatSpecifier(s);
    const release = [...v.release];
    if (s.operator !== '~=') while (release.length > 1 && release.at(-1) === 0n) release.pop();
    return `${s.operator}${formatVersion({ ...v, release })}`;
  });
  return [...new Set(canonical)].sort().join(',');
}
