/**
 * Requirements files (`requirements.txt`, `.in`, constraints) read the way pip 23+ reads them:
 * physical lines → `\` continuations → comments → `${VAR}` → options and requirement, then
 * `-r`/`-c` includes relative to the including file. A line pip rejects becomes an error for
 * that line and the rest of the file is still read.
 */
import type { Diagnostic } from '../../diagnostics.js';
import { isRequirementsPath } from './path.js';
import { parseVersion } from '../../pep440/version.js';
import { normalizeMarker, parseRequirement, requirementProblem } from '../../pep508/requirement.js';
import { dependencyFrom, safeUrl, type RequirementParts } from '../dependency.js';
import { keepWrittenUrl, writtenUrlOf } from '../index-credential.js';
import { isInsideGitDir, joinPath, unreadable, type SourceTree } from '../source-tree.js';
import { decodeText, excerpt, quote, splitLines } from '../text.js';
import type { Dependency, Manifest, ManifestNotice, RequirementsOption } from '../types.js';

export interface RequirementsOptions {
  /** Values for `${VAR}` references; pip reads the environment, a pure parser is given it. */
  env?: Readonly<Record<string, string>>;
}

interface OptionSpec {
  long: string;
  short?: string;
  /** Whether the option takes a value. */
  value: boolean;
  /** Options that belong to one requirement rather than to the whole file. */
  perRequirement?: boolean;
}

/** pip 23's requirements-file options (SUPPORTED_OPTIONS + SUPPORTED_OPTIONS_REQ). */
const OPTIONS: readonly OptionSpec[] = [
  { long: '--index-url', short: '-i', value: true },
  { long: '--extra-index-url', value: true },
  { long: '--no-index', value: false },
  { long: '--constraint', short: '-c', value: true },
  { long: '--requirement', short: '-r', value: true },
  { long: '--editable', short: '-e', value: true },
  { long: '--find-links', short: '-f', value: true },
  { long: '--no-binary', value: true },
  { long: '--only-binary', value: true },
  { long: '--prefer-binary', value: false },
  { long: '--require-hashes', value: false },
  { long: '--pre', value: false },
  { long: '--trusted-host', value: true },
  { long: '--use-feature', value: true },
  { long: '--global-option', value: true, perRequirement: true },
  { long: '--hash', value: true, perRequirement: true },
  { long: '--config-settings', short: '-C', value: true, perRequirement: true },
];

const ENV_VAR = /\$\{([A-Z0-9_]+)\}/g;
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

/** pip's `COMMENT_RE` (`(^|\s+)#.*$`) without the regex: cut at a `#` that starts a word. */
function withoutComment(text: string): string {
  for (let i = text.indexOf('#'); i !== -1; i = text.indexOf('#', i + 1)) {
    if (i === 0 || /\s/.test(text.charAt(i - 1))) return text.slice(0, i);
  }
  return text;
}

/** `text` without `char` repeated at either end (Python's `str.strip(char)`). */
function stripChar(text: string, char: string, start = true): string {
  let from = 0;
  let to = text.length;
  while (start && from < to && text.charAt(from) === char) from++;
  while (to > from && text.charAt(to - 1) === char) to--;
  return text.slice(from, to);
}

/** One logical line: what is left after continuations and comments, at its first physical line. */
export interface LogicalLine {
  line: number;
  text: string;
}

/**
 * pip's `join_lines` + `ignore_comments`: a line ending in `\` continues on the next one (a
 * comment line ends the continuation), `#` after whitespace starts a comment.
 */
export function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let pending: string[] = [];
  let first = 0;
  const emit = (line: number, raw: string) => {
    const stripped = withoutComment(raw).trim();
    if (stripped !== '') out.push({ line, text: stripped });
  };
  splitLines(text).forEach((raw, index) => {
    const lineNo = index + 1;
    const isComment = /^\s*#/.test(raw);
    if (!raw.endsWith('\\') || isComment) {
      const line = isComment ? ` ${raw}` : raw;
      if (pending.length > 0) {
        pending.push(line);
        emit(first, pending.join(''));
        pending = [];
      } else {
        emit(lineNo, line);
      }
    } else {
      if (pending.length === 0) first = lineNo;
      pending.push(stripChar(raw, '\\'));
    }
  });
  if (pending.length > 0) emit(first, pending.join(''));
  return out;
}

interface ParsedOptions {
  values: { spec: OptionSpec; value: string | null }[];
}

/** POSIX shell word splitting as Python's `shlex.split` does it (quotes and backslashes). */
export function shellSplit(text: string): string[] | null {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < text.length && '\\"$`\n'.includes(text.charAt(i + 1))) {
        word += text.charAt(++i);
      } else word += c;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      inWord = true;
      if (c === "'" || c === '"') quote = c;
      else if (c === '\\') {
        if (i + 1 >= text.length) return null;
        word += text.charAt(++i);
      } else word += c;
    }
  }
  if (quote !== null) return null;
  if (inWord) words.push(word);
  return words;
}

/** optparse semantics: `--opt=v`, `--opt v`, `-ov`, `-o v`, unique prefixes of long options. */
function parseOptions(words: readonly string[]): ParsedOptions | string {
  const values: ParsedOptions['values'] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (word === '--') break;
    let spec: OptionSpec | undefined;
    let attached: string | null = null;
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      const name = eq === -1 ? word : word.slice(0, eq);
      attached = eq === -1 ? null : word.slice(eq + 1);
      spec = OPTIONS.find((o) => o.long === name);
      if (spec === undefined) {
        const candidates = OPTIONS.filter((o) => o.long.startsWith(name));
        if (candidates.length > 1) {
          return `ambiguous option: ${name} (${candidates.map((o) => o.long).join(', ')}?)`;
        }
        spec = candidates[0];
      }
      if (spec === undefined) return `no such option: ${name}`;
      if (!spec.value && attached !== null) return `${spec.long} option does not take a value`;
    } else if (word.startsWith('-') && word.length > 1) {
      const name = word.slice(0, 2);
      spec = OPTIONS.find((o) => o.short === name);
      if (spec === undefined) return `no such option: ${name}`;
      attached = word.length > 2 ? word.slice(2) : null;
    } else {
      continue; // optparse leaves positional words aside; pip ignores them
    }
    if (spec.value && attached === null) {
      const next = words[i + 1];
      if (next === undefined) return `${spec.short ?? spec.long} option requires 1 argument`;
      attached = next;
      i++;
    }
    values.push({ spec, value: spec.value ? attached : null });
  }
  return { values };
}

/** pip's `break_args_options`: words before the first one starting with `-` are the requirement. */
function splitArgsAndOptions(line: string): [string, string] {
  const tokens = line.split(' ');
  const firstOption = tokens.findIndex((t) => t.startsWith('-'));
  if (firstOption === -1) return [line, ''];
  return [tokens.slice(0, firstOption).join(' '), tokens.slice(firstOption).join(' ')];
}

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

type LineResult =
  | { parts: RequirementParts; editable: boolean; local: boolean }
  | { error: string }
  /** A URL whose project only building it would name (`input/unnamed-url`). */
  | { unnamed: string };

/** A `-e` value: a local directory, a `file:` URL or a VCS URL with `#egg=` (pip 23 rules). */
function editableRequirement(value: string): LineResult {
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
function plainRequirement(text: string): LineResult {
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

function checkHashes(values: readonly string[]): string | null {
  for (const value of values) {
    const [algo, digest] = value.split(':', 2);
    if (algo === undefined || digest === undefined || digest === '' || !STRONG_HASHES.has(algo)) {
      return `--hash must be an algorithm (sha256, sha384, sha512) and a value, like --hash=sha256:abcde…; got ${quote(value)}`;
    }
  }
  return null;
}

interface ParseState {
  tree: SourceTree;
  env: Readonly<Record<string, string>>;
  dependencies: Dependency[];
  errors: Diagnostic[];
  notices: ManifestNotice[];
  options: RequirementsOption[];
  /** Files being read, outermost first: an include of one of them is a cycle. */
  frames: Frame[];
  open: Set<string>;
  /** Each file's lines, read and split once however many paths include it. */
  files: Map<string, LogicalLine[] | 'missing' | null>;
  /** `path` (or `-c path`) already read: a second include adds nothing. */
  done: Set<string>;
  /** Includes found on the line being read, followed once that line is done. */
  queued: { path: string; constraint: boolean }[];
}

/** A file being read: includes push a frame instead of recursing, so depth costs no stack. */
interface Frame {
  path: string;
  constraint: boolean;
  lines: readonly LogicalLine[];
  next: number;
}

/**
 * The logical lines of a file, read once: `missing` when there is no such file, null when it
 * is not text (its error is reported once).
 */
function linesOf(state: ParseState, path: string): LogicalLine[] | 'missing' | null {
  const known = state.files.get(path);
  if (known !== undefined) return known;
  let lines: LogicalLine[] | 'missing' | null = 'missing';
  const bytes = state.tree.read(path);
  if (bytes !== null) {
    const text = decodeText(bytes, path);
    lines = text.ok ? logicalLines(text.value) : null;
    if (!text.ok) state.errors.push(text.error);
  }
  state.files.set(path, lines);
  return lines;
}

function enter(state: ParseState, path: string, lines: LogicalLine[], constraint: boolean): void {
  state.done.add(`${String(constraint)}:${path}`);
  state.open.add(path);
  state.frames.push({ path, constraint, lines, next: 0 });
}

/** Reads the file at the top of the stack line by line, entering includes as they come. */
function readAll(state: ParseState): void {
  for (;;) {
    const frame = state.frames.at(-1);
    if (frame === undefined) return;
    const entry = frame.lines[frame.next++];
    if (entry === undefined) {
      state.frames.pop();
      state.open.delete(frame.path);
      continue;
    }
    const expanded = entry.text.replace(ENV_VAR, (whole, name: string) => {
      const value = state.env[name];
      return value === undefined || value === '' ? whole : value;
    });
    readLine(state, frame.path, entry.line, expanded, frame.constraint);
    // Entered in reverse so that the first include of the line is read first.
    for (const next of state.queued.reverse()) {
      const lines = state.files.get(next.path);
      if (Array.isArray(lines)) enter(state, next.path, lines, next.constraint);
    }
    state.queued = [];
  }
}

const NOT_QUOTED = (path: string): string =>
  `not a valid requirements line (not quoted: ${path} is included with -r/-c but is not named like a requirements file, .txt or .in)`;

/**
 * An include that is not named like a requirements file may be anything (a config file holding
 * a credential): its mistakes are reported by line, never quoted.
 */
function unquoteForeignIncludes(state: ParseState, root: string): void {
  for (const error of state.errors) {
    if (error.file !== root && error.line !== null && !isRequirementsPath(error.file, true))
      error.message = NOT_QUOTED(error.file);
  }
}

function include(
  state: ParseState,
  from: string,
  line: number,
  target: string,
  constraint: boolean,
): void {
  const fail = (message: string) => state.errors.push({ file: from, line, message });
  if (/^(https?|file):/i.test(target)) {
    fail(`refusing to read ${safeUrl(target)}: includes must be files inside the repository`);
    return;
  }
  const resolved = joinPath(from, target, state.tree);
  if (resolved === null) {
    fail(`refusing to read ${excerpt(target)}: it is outside the repository`);
    return;
  }
  if (isInsideGitDir(resolved)) {
    fail(`refusing to read ${excerpt(target)}: files under .git/ are never read`);
    return;
  }
  if (state.open.has(resolved)) {
    const chain = state.frames.map((f) => f.path);
    fail(`include cycle: ${[...chain.slice(chain.indexOf(resolved)), resolved].join(' → ')}`);
    return;
  }
  // A file reached by a second path was read already: its lines count once.
  const key = `${String(constraint)}:${resolved}`;
  if (state.done.has(key)) return;
  const lines = linesOf(state, resolved);
  if (lines === 'missing')
    fail(
      `cannot read ${resolved}: ${state.tree.problem?.(resolved) ?? 'no such file in the repository'}`,
    );
  if (!Array.isArray(lines)) return;
  state.done.add(key);
  state.queued.push({ path: resolved, constraint });
}

function readLine(
  state: ParseState,
  file: string,
  line: number,
  text: string,
  constraint: boolean,
): void {
  const fail = (message: string) => state.errors.push({ file, line, message });
  const [args, optionText] = splitArgsAndOptions(text);
  const words = shellSplit(optionText);
  if (words === null) {
    fail(`cannot split options: ${quote(optionText)}`);
    return;
  }
  const parsed = parseOptions(words);
  if (typeof parsed === 'string') {
    fail(`invalid line ${quote(text)}: ${excerpt(parsed)}`);
    return;
  }
  const all = (long: string) =>
    parsed.values.filter((v) => v.spec.long === long).map((v) => v.value ?? '');
  const editables = all('--editable');

  let result: LineResult | null = null;
  if (args !== '') result = plainRequirement(args);
  else if (editables[0] !== undefined) result = editableRequirement(editables[0]);

  if (result === null) {
    // An option line: includes are followed, the rest is kept as written.
    for (const { spec, value } of parsed.values) {
      if (spec.long === '--requirement') include(state, file, line, value ?? '', constraint);
      else if (spec.long === '--constraint') include(state, file, line, value ?? '', true);
      else if (spec.perRequirement === true) {
        fail(`${spec.long} applies to a requirement, but this line has none`);
      } else {
        const option = {
          name: spec.long,
          value: value === null ? null : safeUrl(value),
          file,
          line,
        };
        if (value !== null) keepWrittenUrl(option, value, option.value);
        state.options.push(option);
      }
    }
    return;
  }
  if ('error' in result) {
    fail(result.error);
    return;
  }
  if ('unnamed' in result) {
    state.notices.push({
      rule: 'input/unnamed-url',
      file,
      line,
      message: `${safeUrl(result.unnamed)} names no project (no #egg=, wheel or sdist file name): it cannot be judged without building it, so nothing is looked up`,
    });
    return;
  }
  const hashes = all('--hash');
  const hashError = checkHashes(hashes);
  if (hashError !== null) {
    fail(hashError);
    return;
  }
  state.dependencies.push(
    dependencyFrom(result.parts, {
      file,
      line,
      group: 'main',
      editable: result.editable,
      constraint,
      hashes,
      ...(result.local
        ? { source: { kind: 'path', path: localPath(result, args, editables) } }
        : {}),
    }),
  );
}

function localPath(
  result: { parts: RequirementParts },
  args: string,
  editables: readonly string[],
): string {
  const written = args !== '' ? (args.split(';')[0]?.trim() ?? args) : (editables[0] ?? '');
  const [location] = stripExtras(result.parts.url ?? written);
  return location.replace(/^file:(\/\/)?/i, '');
}

/** Applies `--index-url` to the registry dependencies (pip applies options file-wide). */
function applyIndex(state: ParseState): void {
  const noIndex = state.options.some((o) => o.name === '--no-index');
  const chosen = state.options.findLast((o) => o.name === '--index-url');
  const index = chosen?.value ?? null;
  if (index === null && !noIndex) return;
  const written = chosen === undefined || noIndex ? null : writtenUrlOf(chosen);
  for (const dep of state.dependencies) {
    if (dep.source.kind !== 'registry') continue;
    dep.source = { kind: 'registry', index: noIndex ? 'none' : index };
    if (written !== null) keepWrittenUrl(dep.source, written, index);
  }
}

/** Reads a requirements file and the files it includes into one manifest. */
export function parseRequirementsFile(
  path: string,
  tree: SourceTree,
  options: RequirementsOptions = {},
): Manifest {
  const state: ParseState = {
    tree,
    env: options.env ?? {},
    dependencies: [],
    errors: [],
    notices: [],
    options: [],
    frames: [],
    open: new Set(),
    files: new Map(),
    done: new Set(),
    queued: [],
  };
  const lines = linesOf(state, path);
  if (lines === 'missing')
    state.errors.push({ file: path, line: null, message: unreadable(state.tree, path) });
  if (Array.isArray(lines)) enter(state, path, lines, false);
  readAll(state);
  unquoteForeignIncludes(state, path);
  applyIndex(state);
  return {
    path,
    kind: 'requirements',
    requiresPython: null,
    dependencies: state.dependencies,
    errors: state.errors,
    notices: state.notices,
    options: state.options,
    project: null,
  };
}
