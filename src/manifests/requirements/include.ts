/**
 * The `-r`/`-c` include walk: each included file is read once, relative to the including file,
 * inside the repository, without cycles; a stack of frames instead of recursion.
 */
import type { Diagnostic } from '../../diagnostics.js';
import { safeUrl } from '../dependency.js';
import { isInsideGitDir, joinPath, type SourceTree } from '../source-tree.js';
import { decodeText, excerpt } from '../text.js';
import type { Dependency, ManifestNotice, RequirementsOption } from '../types.js';
import { logicalLines, type LogicalLine } from './lines.js';
import { isRequirementsPath } from './path.js';

export interface ParseState {
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
export function linesOf(state: ParseState, path: string): LogicalLine[] | 'missing' | null {
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

export function enter(
  state: ParseState,
  path: string,
  lines: LogicalLine[],
  constraint: boolean,
): void {
  state.done.add(`${String(constraint)}:${path}`);
  state.open.add(path);
  state.frames.push({ path, constraint, lines, next: 0 });
}

const NOT_QUOTED = (path: string): string =>
  `not a valid requirements line (not quoted: ${path} is included with -r/-c but is not named like a requirements file, .txt or .in)`;

/**
 * An include that is not named like a requirements file may be anything (a config file holding
 * a credential): its mistakes are reported by line, never quoted.
 */
export function unquoteForeignIncludes(state: ParseState, root: string): void {
  for (const error of state.errors) {
    if (error.file !== root && error.line !== null && !isRequirementsPath(error.file, true))
      error.message = NOT_QUOTED(error.file);
  }
}

export function include(
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
