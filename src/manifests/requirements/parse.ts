/**
 * Requirements files (`requirements.txt`, `.in`, constraints) read the way pip 23+ reads them:
 * physical lines → `\` continuations → comments → `${VAR}` → options and requirement, then
 * `-r`/`-c` includes relative to the including file. A line pip rejects becomes an error for
 * that line and the rest of the file is still read. Each step has its file: lines.ts, env.ts,
 * options.ts, requirement.ts, include.ts; this one reads a line and puts the manifest together.
 */
import { dependencyFrom, safeUrl } from '../dependency.js';
import { keepWrittenUrl, writtenUrlOf } from '../index-credential.js';
import { unreadable, type SourceTree } from '../source-tree.js';
import { excerpt, quote } from '../text.js';
import type { Manifest } from '../types.js';
import { expandEnv } from './env.js';
import { enter, include, linesOf, unquoteForeignIncludes, type ParseState } from './include.js';
import { parseOptions, shellSplit, splitArgsAndOptions } from './options.js';
import {
  checkHashes,
  editableRequirement,
  localPath,
  plainRequirement,
  type LineResult,
} from './requirement.js';

export { logicalLines, type LogicalLine } from './lines.js';
export { shellSplit };

export interface RequirementsOptions {
  /** Values for `${VAR}` references; pip reads the environment, a pure parser is given it. */
  env?: Readonly<Record<string, string>>;
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
    const expanded = expandEnv(entry.text, state.env);
    readLine(state, frame.path, entry.line, expanded, frame.constraint);
    // Entered in reverse so that the first include of the line is read first.
    for (const next of state.queued.reverse()) {
      const lines = state.files.get(next.path);
      if (Array.isArray(lines)) enter(state, next.path, lines, next.constraint);
    }
    state.queued = [];
  }
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
