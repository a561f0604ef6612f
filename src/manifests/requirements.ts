/**
 * Requirements files (`requirements.txt`, `.in`, constraints) read the way pip 23+ reads them:
 * physical lines → `\` continuations → comments → `${VAR}` → options and requirement, then
 * `-r`/`-c` includes relative to the including file. A line pip rejects becomes an error for
 * that line and the rest of the file is still read.
 */
import type { Diagnostic } from '../diagnostics.js';
import { parseRequirement, requirementProblem } from '../pep508/requirement.js';
import { dependencyFrom, safeUrl, type RequirementParts } from './dependency.js';
import { manifestKindOf } from '../discover/kinds.js';
import { isInsideGitDir, joinPath, unreadable, type SourceTree } from './source-tree.js';
import { decodeText, excerpt, quote, splitLines } from './text.js';
import type { Dependency, Manifest, RequirementsOption } from './types.js';

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

const COMMENT = /(^|\s+)#.*$/;
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
const NAMED_URL = /^[A-Za-z0-9][A-Za-z0-9._-]*\s*(\[[^\]]*\])?\s*@/;

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
    const stripped = raw.replace(COMMENT, '').trim();
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
      pending.push(raw.replace(/^\\+|\\+$/g, ''));
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

/** `name-1.0-py3-none-any.whl` → name and version (PEP 427 file names). */
function wheelNameVersion(url: string): { name: string; version: string } | null {
  const file = decodeURIComponent(url.replace(/[?#].*$/, '').replace(/^.*\//, ''));
  const match = /^([^-]+)-([^-]+)(-\d[^-]*)?-[^-]+-[^-]+-[^-]+\.whl$/i.exec(file);
  if (match?.[1] === undefined || match[2] === undefined) return null;
  return { name: match[1], version: match[2] };
}

/** A label for a project known only by where it is (`./libs/foo[x]` → `foo`, an archive → its stem). */
function labelOf(location: string): string {
  const clean = location
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '')
    .replace(ARCHIVE, '');
  const base = clean.slice(clean.lastIndexOf('/') + 1);
  return base === '' || base === '.' || base === '..' ? location : base;
}

function stripExtras(text: string): [string, string[]] {
  const match = /^(.+)\[([^\]]+)\]$/.exec(text);
  if (match?.[1] === undefined || match[2] === undefined) return [text, []];
  return [
    match[1],
    match[2]
      .split(',')
      .map((e) => e.trim().toLowerCase())
      .filter((e) => e !== ''),
  ];
}

type LineResult =
  { parts: RequirementParts; editable: boolean; local: boolean } | { error: string };

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
  const name = eggFragment(url);
  if (name === null) {
    return {
      error: `could not detect the requirement name for '${excerpt(value)}': add #egg=your_package_name`,
    };
  }
  return {
    parts: { name, extras: [], specifier: '', url, marker: null },
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
    const parsed = parseRequirement(`x ; ${markerText}`);
    if (!parsed.ok)
      return {
        error: `invalid marker ${quote(markerText)}: ${requirementProblem(parsed.error)}`,
      };
    marker = parsed.value.marker;
  }
  if (url) {
    const wheel = /\.whl([?#]|$)/i.test(head) ? wheelNameVersion(head) : null;
    if (/\.whl([?#]|$)/i.test(head) && wheel === null) {
      return { error: `${excerpt(head)} is not a valid wheel filename` };
    }
    const name = wheel?.name ?? eggFragment(head) ?? labelOf(head);
    const specifier = wheel === null ? '' : `==${wheel.version}`;
    return {
      parts: { name, extras: [], specifier, url: head, marker },
      editable: false,
      local: /^file:/i.test(head),
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
  options: RequirementsOption[];
  /** Files being read, outermost first: an include of one of them is a cycle. */
  stack: string[];
}

function readFile(state: ParseState, path: string, constraint: boolean): void {
  const bytes = state.tree.read(path);
  if (bytes === null) {
    state.errors.push({ file: path, line: null, message: unreadable(state.tree, path) });
    return;
  }
  const text = decodeText(bytes, path);
  if (!text.ok) {
    state.errors.push(text.error);
    return;
  }
  state.stack.push(path);
  const firstError = state.errors.length;
  for (const { line, text: raw } of logicalLines(text.value)) {
    const expanded = raw.replace(ENV_VAR, (whole, name: string) => {
      const value = state.env[name];
      return value === undefined || value === '' ? whole : value;
    });
    readLine(state, path, line, expanded, constraint);
  }
  state.stack.pop();
  if (state.stack.length > 0 && manifestKindOf(path, true) !== 'requirements') {
    // An include that is not named like a requirements file may be anything (a config file
    // holding a credential): its mistakes are reported by line, never quoted.
    for (const error of state.errors.slice(firstError)) {
      if (error.file === path && error.line !== null) error.message = NOT_QUOTED(path);
    }
  }
}

const NOT_QUOTED = (path: string): string =>
  `not a valid requirements line (not quoted: ${path} is included with -r/-c but is not named like a requirements file, .txt or .in)`;

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
  if (state.stack.includes(resolved)) {
    fail(`include cycle: ${[...state.stack, resolved].join(' → ')}`);
    return;
  }
  if (state.tree.read(resolved) === null) {
    const problem = state.tree.problem?.(resolved) ?? null;
    fail(`cannot read ${resolved}: ${problem ?? 'no such file in the repository'}`);
    return;
  }
  readFile(state, resolved, constraint);
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
        state.options.push({
          name: spec.long,
          value: value === null ? null : safeUrl(value),
          file,
          line,
        });
      }
    }
    return;
  }
  if ('error' in result) {
    fail(result.error);
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
  const index = state.options.findLast((o) => o.name === '--index-url')?.value ?? null;
  if (index === null && !noIndex) return;
  for (const dep of state.dependencies) {
    if (dep.source.kind === 'registry')
      dep.source = { kind: 'registry', index: noIndex ? 'none' : index };
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
    options: [],
    stack: [],
  };
  readFile(state, path, false);
  applyIndex(state);
  return {
    path,
    kind: 'requirements',
    requiresPython: null,
    dependencies: state.dependencies,
    errors: state.errors,
    options: state.options,
    project: null,
  };
}
