/**
 * The requirement of one line: PEP 508, a URL (wheel, sdist, VCS with `#egg=`), a local path,
 * or a `-e` value, named as pip names it without building anything; and its `--hash` values.
 */
import { parseVersion } from '../../pep440/version.js';
import { normalizeMarker, parseRequirement, requirementProblem } from '../../pep508/requirement.js';
import { safeUrl, type RequirementParts } from '../dependency.js';
import { excerpt, quote } from '../text.js';
import { stripChar } from './lines.js';

const STRONG_HASHES = new Set(['sha256', 'sha384', 'sha512']);
const URL_SCHEMES = new Set([
  'http',
  'https',
  'file',
  'ftp',
  'git',
  'git+http',
  'git+https',
  'git+ssh',
  'git+git',
  'git+file',
  'hg+file',
  'hg+http',
  'hg+https',
  'hg+ssh',
  'hg+static-http',
  'svn',
  'svn+ssh',
  'svn+http',
  'svn+https',
  'svn+svn',
  'svn+file',
  'bzr+http',
  'bzr+https',
  'bzr+ssh',
  'bzr+sftp',
  'bzr+ftp',
  'bzr+lp',
  'bzr+file',
]);
const ARCHIVE = /\.(whl|zip|tar\.gz|tgz|tar|tar\.bz2|tbz|tar\.xz|txz|tlz|tar\.lz|tar\.lzma)$/i;
// Every quantified part is followed by a character it cannot match: no backtracking.
const NAMED_URL = /^[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\]\s*)?@/;

function urlScheme(text: string): string | null {
  const colon = text.indexOf(':');
  return colon === -1 ? null : text.slice(0, colon).toLowerCase();
}

function isUrl(text: string): boolean {
  const scheme = urlScheme(text);
  return scheme !== null && URL_SCHEMES.has(scheme);
}

function looksLikePath(text: string): boolean {
  return text.includes('/') || text.includes('\\') || text.startsWith('.');
}

function eggFragment(url: string): string | null {
  const match = /[#&]egg=([^&]*)/.exec(url);
  return match?.[1] !== undefined && match[1] !== '' ? match[1] : null;
}

/** A URL without its query and fragment. */
function withoutQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}

/** The last path segment of a URL, percent-decoded when that is valid. */
function fileName(url: string): string {
  const path = withoutQuery(url);
  const base = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(base);
  } catch {
    return base;
  }
}

/** `name-1.0-py3-none-any.whl` → name and version (PEP 427 file names). */
function wheelNameVersion(url: string): { name: string; version: string } | null {
  const parts = fileName(url).split('-');
  const last = parts.at(-1) ?? '';
  if (!/\.whl$/i.test(last) || (parts.length !== 5 && parts.length !== 6)) return null;
  const [name, version] = parts;
  if (name === undefined || version === undefined || name === '' || version === '') return null;
  if (parts.length === 6 && !/^\d/.test(parts[2] ?? '')) return null;
  if (parts.slice(-3).some((p) => p === '' || p === '.whl')) return null;
  return { name, version };
}

const SDIST = /\.(tar\.gz|zip)$/i;

/**
 * `name-1.0.tar.gz` → name and version, as sdist file names are written (`{name}-{version}`,
 * split at the last `-`; the version must be PEP 440). `main.tar.gz` names nothing.
 */
function sdistNameVersion(url: string): { name: string; version: string } | null {
  const file = fileName(url);
  const ext = SDIST.exec(file);
  if (ext === null) return null;
  const stem = file.slice(0, file.length - ext[0].length);
  const dash = stem.lastIndexOf('-');
  const [name, version] = [stem.slice(0, dash), stem.slice(dash + 1)];
  if (dash < 1 || parseVersion(version) === null || !isProjectName(name)) return null;
  return { name, version };
}

function isProjectName(name: string): boolean {
  return /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(name);
}

/** What a URL's name is known from; null when only building the project would tell. */
type UrlName = { name: string; extras: string[]; specifier: string } | { error: string } | null;

/**
 * The name pip knows without building: a wheel's file name, else `#egg=` (which pip 23 reads as
 * a requirement: `#egg=name==1.0` is the project `name` at `==1.0`), else an sdist file name.
 */
function urlName(url: string): UrlName {
  const wheel = /\.whl$/i.test(withoutQuery(url)) ? wheelNameVersion(url) : null;
  if (/\.whl$/i.test(withoutQuery(url)) && wheel === null) {
    return { error: `${excerpt(safeUrl(url))} is not a valid wheel filename` };
  }
  if (wheel !== null) return { name: wheel.name, extras: [], specifier: `==${wheel.version}` };
  const egg = eggFragment(url);
  if (egg !== null) {
    const parsed = parseRequirement(egg);
    if (!parsed.ok || parsed.value.url !== null) {
      const why = parsed.ok ? 'it has a URL' : requirementProblem(parsed.error);
      return { error: `invalid #egg= fragment ${quote(egg)}: ${why}` };
    }
    const { name, extras, specifier } = parsed.value;
    return { name, extras, specifier };
  }
  const sdist = sdistNameVersion(url);
  return sdist === null ? null : { name: sdist.name, extras: [], specifier: `==${sdist.version}` };
}

/** A label for a project known only by where it is (`./libs/foo[x]` → `foo`, an archive → its stem). */
function labelOf(location: string): string {
  const clean = stripChar(withoutQuery(location), '/', false).replace(ARCHIVE, '');
  const base = clean.slice(clean.lastIndexOf('/') + 1);
  return base === '' || base === '.' || base === '..' ? location : base;
}

function stripExtras(text: string): [string, string[]] {
  // `name[a,b]`: the last `[` opens the extras, which hold no `]` (as `^(.+)\[([^\]]+)\]$`).
  const open = text.lastIndexOf('[');
  const inner = text.slice(open + 1, -1);
  if (!text.endsWith(']') || open < 1 || inner === '' || inner.includes(']')) return [text, []];
  return [
    text.slice(0, open),
    inner
      .split(',')
      .map((e) => e.trim().toLowerCase())
      .filter((e) => e !== ''),
  ];
}

export type LineResult =
  | { parts: RequirementParts; editable: boolean; local: boolean }
  | { error: string }
  /** A URL whose project only building it would name (`input/unnamed-url`). */
  | { unnamed: string };

/** A `-e` value: a local directory, a `file:` URL or a VCS URL with `#egg=` (pip 23 rules). */
export function editableRequirement(value: string): LineResult {
  const [location, extras] = stripExtras(value);
  if (/^file:/i.test(location) || !isUrl(location)) {
    if (isUrl(location) || looksLikePath(location) || !/[<>=!~;@ ]/.test(location)) {
      const name = eggFragment(location) ?? labelOf(location);
      return {
        parts: { name, extras, specifier: '', url: null, marker: null },
        editable: true,
        local: true,
      };
    }
    return {
      error: `${excerpt(value)} is not a valid editable requirement: expected a local path or a VCS URL`,
    };
  }
  let url = value;
  const scheme = urlScheme(url) ?? '';
  if (['git', 'hg', 'svn', 'bzr'].includes(scheme)) url = `${scheme}+${url}`;
  if (!/^(git|hg|svn|bzr)\+/i.test(url)) {
    return {
      error: `${excerpt(value)} is not a valid editable requirement: it should be a path to a local project or a VCS URL (git+https://…)`,
    };
  }
  const named = eggFragment(url) === null ? null : urlName(url);
  if (named === null) {
    return {
      error: `could not detect the requirement name for '${excerpt(value)}': add #egg=your_package_name`,
    };
  }
  if ('error' in named) return named;
  return {
    parts: { ...named, url, marker: null },
    editable: true,
    local: false,
  };
}

function requirementError(text: string, message: string): string {
  let hint = '';
  if (text.includes('/')) hint = ' (it looks like a path)';
  else if (text.includes('=') && !/[<>!~]=|==|[<>]/.test(text)) {
    hint = ' (= is not a valid operator; did you mean ==?)';
  }
  return `invalid requirement ${quote(text)}: ${message}${hint}`;
}

/** A requirement argument: PEP 508, a URL (wheel, archive, VCS with `#egg=`), or a local path. */
export function plainRequirement(text: string): LineResult {
  const url = isUrl(text);
  const separator = url ? '; ' : ';';
  const cut = text.indexOf(separator);
  const head = (cut === -1 ? text : text.slice(0, cut)).trim();
  const markerText = cut === -1 ? '' : text.slice(cut + separator.length).trim();
  let marker: string | null = null;
  if (markerText !== '') {
    const parsed = normalizeMarker(markerText);
    if (!parsed.ok)
      return {
        error: `invalid marker ${quote(markerText)}: ${requirementProblem(parsed.error)}`,
      };
    marker = parsed.value;
  }
  if (url) {
    const local = /^file:/i.test(head);
    const named = urlName(head);
    if (named !== null && 'error' in named) return named;
    if (named === null && !local) return { unnamed: head };
    return {
      parts: {
        ...(named ?? { name: labelOf(head), extras: [], specifier: '' }),
        url: head,
        marker,
      },
      editable: false,
      local,
    };
  }
  if (!NAMED_URL.test(head) && (looksLikePath(head) || ARCHIVE.test(head))) {
    const [location, extras] = stripExtras(head);
    const wheel = /\.whl$/i.test(location) ? wheelNameVersion(location) : null;
    return {
      parts: {
        name: wheel?.name ?? labelOf(location),
        extras,
        specifier: wheel === null ? '' : `==${wheel.version}`,
        url: null,
        marker,
      },
      editable: false,
      local: true,
    };
  }
  const parsed = parseRequirement(head);
  if (!parsed.ok) return { error: requirementError(head, requirementProblem(parsed.error)) };
  return {
    parts: { ...parsed.value, marker: marker ?? parsed.value.marker },
    editable: false,
    local: false,
  };
}

export function checkHashes(values: readonly string[]): string | null {
  for (const value of values) {
    const [algo, digest] = value.split(':', 2);
    if (algo === undefined || digest === undefined || digest === '' || !STRONG_HASHES.has(algo)) {
      return `--hash must be an algorithm (sha256, sha384, sha512) and a value, like --hash=sha256:abcde…; got ${quote(value)}`;
    }
  }
  return null;
}

export function localPath(
  result: { parts: RequirementParts },
  args: string,
  editables: readonly string[],
): string {
  const written = args !== '' ? (args.split(';')[0]?.trim() ?? args) : (editables[0] ?? '');
  const [location] = stripExtras(result.parts.url ?? written);
  return location.replace(/^file:(\/\/)?/i, '');
}
