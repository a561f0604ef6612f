/**
 * Conda environment files (`environment.yml`): `dependencies` are Conda match specs, listed but
 * never looked up on PyPI (a Conda package is not the PyPI project of the same name); the `pip:`
 * sub-list is a requirements file written inline, read by the requirements parser at its real
 * lines; `python` gives the targeted Pythons.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';
import { normalizeName } from '../pep440/names.js';
import { emptyManifest } from './empty.js';
import { parseRequirementsFile } from './requirements/parse.js';
import type { SourceTree } from './source-tree.js';
import { excerpt, quote } from './text.js';
import type { Dependency, Manifest, ManifestNotice } from './types.js';

/** More entries than any real environment has; past it the rest is reported, not read. */
const MAX_ENTRIES = 10_000;
/** Pip entries sharing one line (a flow list): each is read in its own pass, so few are allowed. */
const MAX_PER_LINE = 50;
/**
 * Environment files nest a few levels. The YAML parser's work grows with nesting (a line of
 * 50,000 `- ` exhausts memory), so deeper text is refused before it is parsed.
 */
const MAX_INDENT = 256;
const MAX_FLOW_DEPTH = 64;

/** The first line nested deeper than the limits, or null. Brackets in strings count too. */
function tooDeep(text: string): number | null {
  let depth = 0;
  let lineNo = 0;
  for (const line of text.split('\n')) {
    lineNo++;
    let lead = 0;
    while (lead < line.length && ' \t-?:'.includes(line.charAt(lead))) lead++;
    if (lead > MAX_INDENT) return lineNo;
    for (const c of line) {
      if (c === '[' || c === '{') depth++;
      else if ((c === ']' || c === '}') && depth > 0) depth--;
      if (depth > MAX_FLOW_DEPTH) return lineNo;
    }
  }
  return null;
}

export interface CondaSpec {
  name: string;
  channel: string | null;
  /** The version constraint in PEP 440 style where Conda's is the same (`=1.26` → `==1.26.*`). */
  specifier: string;
  /** Set when the spec pins one version (`==1.26.4`, `numpy 1.26.4`). */
  version: string | null;
}

// Linear patterns: each is anchored and has no nested or adjacent overlapping repeats.
const CHANNEL = /^([^:\s]+)::(.*)$/;
const NAME = /^([A-Za-z0-9_][A-Za-z0-9_.+-]*)(.*)$/;
const FUZZY = /^=([^=<>!~,|\s]+)(?:=\S*)?$/;
const PIN_BUILD = /^==?([^=<>!~,|\s*]+)=\S+$/;
const SPACED = /^\s+(\S+)(?:\s+\S+)?$/;
const EXACT = /^==?([^=<>!~,|*\s]+)$/;

/** Parses one Conda match spec (`conda-forge::numpy=1.26`, `numpy 1.26.* py311*`, `numpy>=1,<2`). */
export function parseCondaSpec(text: string): CondaSpec | null {
  let rest = text.trim();
  let channel: string | null = null;
  const ch = CHANNEL.exec(rest);
  if (ch !== null) {
    // `conda-forge/linux-64::numpy`: the channel is the part before a subdir.
    channel = (ch[1] ?? '').split('/')[0] ?? null;
    rest = ch[2] ?? '';
  }
  const nm = NAME.exec(rest);
  if (nm === null) return null;
  const name = nm[1] ?? '';
  let version = (nm[2] ?? '').replace(/\[.*$/s, ''); // bracket keys (`[build=…]`) are not judged
  if (/^\s/.test(version)) {
    const spaced = SPACED.exec(version);
    if (spaced === null) return null;
    version = spaced[1] ?? '';
    if (!/^[=<>!~]/.test(version)) version = version.endsWith('*') ? `=${version}` : `==${version}`;
  }
  version = version.trim();
  if (version === '') return { name, channel, specifier: '', version: null };
  const pinBuild = PIN_BUILD.exec(version);
  if (pinBuild !== null && !version.startsWith('==')) version = `==${pinBuild[1] ?? ''}`;
  const fuzzy = FUZZY.exec(version);
  if (fuzzy !== null) {
    const v = (fuzzy[1] ?? '').replace(/\.?\*$/, '');
    return { name, channel, specifier: `==${v}.*`, version: null };
  }
  const exact = EXACT.exec(version);
  const specifier = version.replace(/\s+/g, '');
  return { name, channel, specifier, version: exact === null ? null : (exact[1] ?? null) };
}

interface PipLine {
  text: string;
  line: number;
}

/** Reads `environment.yml`. Malformed YAML is an error at its line; nothing else is guessed. */
export function parseCondaEnvironment(path: string, text: string, tree: SourceTree): Manifest {
  const errors: Diagnostic[] = [];
  const notices: ManifestNotice[] = [];
  const dependencies: Dependency[] = [];
  // The node tree is walked, never turned into JS values, so aliases are never expanded (no
  // "billion laughs"): an alias where a spec belongs is reported as not a string.
  const deep = tooDeep(text);
  if (deep !== null) {
    const message = `nested deeper than an environment file needs (over ${String(MAX_INDENT)} columns of indentation or ${String(MAX_FLOW_DEPTH)} brackets): not read`;
    return { ...emptyCondaManifest(path), errors: [{ file: path, line: deep, message }] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const lineOf = (node: Node | null | undefined): number | null =>
    node?.range === undefined || node.range === null
      ? null
      : lineCounter.linePos(node.range[0]).line;
  const manifest = (): Manifest => ({
    path,
    kind: 'conda',
    requiresPython,
    requiresPythonLine,
    dependencies,
    errors,
    notices,
    options: [],
    project: null,
  });
  let requiresPython: string | null = null;
  let requiresPythonLine: number | null = null;
  for (const e of doc.errors) {
    errors.push({
      file: path,
      line: e.linePos?.[0].line ?? null,
      message: `invalid YAML: ${firstLine(e.message)}`,
    });
  }
  if (errors.length > 0) return manifest();
  const root = doc.contents;
  if (root === null) return manifest();
  if (!isMap(root)) {
    errors.push({
      file: path,
      line: lineOf(root),
      message: 'an environment file is a mapping (name, channels, dependencies)',
    });
    return manifest();
  }
  const deps = root.get('dependencies', true) as Node | null | undefined;
  if (deps === undefined || deps === null || (isScalar(deps) && deps.value === null))
    return manifest();
  if (!isSeq(deps)) {
    errors.push({ file: path, line: lineOf(deps), message: '`dependencies` must be a list' });
    return manifest();
  }
  const pipLines: PipLine[] = [];
  for (const [i, item] of deps.items.entries()) {
    const line = lineOf(item as Node) ?? 1;
    if (i >= MAX_ENTRIES) {
      errors.push({
        file: path,
        line,
        message: `more than ${String(MAX_ENTRIES)} dependencies: the rest is not read`,
      });
      break;
    }
    if (isMap(item)) {
      const pip = item.get('pip', true) as Node | undefined;
      if (pip === undefined || item.items.length !== 1) {
        errors.push({
          file: path,
          line,
          message: 'a mapping in `dependencies` can only be `pip:` with a list of requirements',
        });
        continue;
      }
      if (!isSeq(pip)) {
        errors.push({
          file: path,
          line: lineOf(pip) ?? line,
          message: '`pip:` must be a list of requirements',
        });
        continue;
      }
      for (const req of pip.items) {
        const reqLine = lineOf(req as Node) ?? line;
        if (!isScalar(req) || typeof req.value !== 'string') {
          errors.push({ file: path, line: reqLine, message: 'a pip requirement must be a string' });
          continue;
        }
        if (pipLines.length >= MAX_ENTRIES) break;
        pipLines.push({ text: req.value.replace(/[\r\n]+/g, ' '), line: reqLine });
      }
      continue;
    }
    if (!isScalar(item) || (typeof item.value !== 'string' && typeof item.value !== 'number')) {
      errors.push({ file: path, line, message: 'a Conda dependency must be a match spec string' });
      continue;
    }
    const written = String(item.value);
    const spec = parseCondaSpec(written);
    if (spec === null) {
      errors.push({ file: path, line, message: `not a Conda match spec: ${quote(written)}` });
      continue;
    }
    if (normalizeName(spec.name) === 'python') {
      // The interpreter is the target, judged by the python rules, not a package.
      requiresPython = spec.specifier === '' ? null : spec.specifier;
      requiresPythonLine = line;
      continue;
    }
    dependencies.push(condaDependency(spec, path, line));
    notices.push({
      rule: 'input/conda-not-judged',
      file: path,
      line,
      message: `${excerpt(spec.name)} is a Conda package${spec.channel === null ? '' : ` from ${excerpt(spec.channel)}`}: it is not looked up as a PyPI project`,
    });
  }
  if (pipLines.length > 0) {
    const pip = readPipSection(path, text, pipLines, tree);
    dependencies.push(...pip.dependencies);
    errors.push(...pip.errors);
    notices.push(...(pip.notices ?? []));
    return { ...manifest(), options: pip.options };
  }
  return manifest();
}

function condaDependency(spec: CondaSpec, file: string, line: number): Dependency {
  return {
    name: spec.name,
    normalizedName: normalizeName(spec.name),
    specifier: spec.specifier,
    extras: [],
    marker: null,
    url: null,
    version: spec.version,
    group: 'main',
    editable: false,
    constraint: false,
    file,
    line,
    source: { kind: 'conda', channel: spec.channel },
    hashes: [],
  };
}

/**
 * The pip section as the requirements file Conda hands to pip: each entry at its own line of
 * the environment file, so findings point at the real line and `-r` includes resolve relative
 * to it. Entries sharing a line (a flow list) are read in further passes.
 */
function readPipSection(path: string, text: string, lines: PipLine[], tree: SourceTree): Manifest {
  const total = text.split('\n').length;
  const passes: PipLine[][] = [];
  const errors: Diagnostic[] = [];
  for (const l of lines) {
    const pass = passes.find((p) => !p.some((o) => o.line === l.line));
    if (pass === undefined && passes.length >= MAX_PER_LINE) {
      errors.push({
        file: path,
        line: l.line,
        message: `more than ${String(MAX_PER_LINE)} pip requirements on one line: write one a line`,
      });
      continue;
    }
    if (pass === undefined) passes.push([l]);
    else pass.push(l);
  }
  const merged: Manifest = { ...emptyPip(path), errors };
  const encoder = new TextEncoder();
  for (const pass of passes) {
    const body: string[] = new Array<string>(total).fill('');
    for (const l of pass) body[l.line - 1] = l.text;
    const synthetic = encoder.encode(body.join('\n'));
    const overlay: SourceTree = {
      root: tree.root,
      read: (p) => (p === path ? synthetic : tree.read(p)),
      problem: (p) => tree.problem?.(p) ?? null,
    };
    const m = parseRequirementsFile(path, overlay);
    merged.dependencies.push(...m.dependencies);
    merged.errors.push(...m.errors);
    merged.notices?.push(...(m.notices ?? []));
    merged.options.push(...m.options);
  }
  return merged;
}

function emptyCondaManifest(path: string): Manifest {
  return { ...emptyPip(path), kind: 'conda' };
}

function emptyPip(path: string): Manifest {
  return { ...emptyManifest(path, 'requirements'), notices: [] };
}

function firstLine(message: string): string {
  return excerpt(message.split('\n')[0] ?? message, 200);
}
