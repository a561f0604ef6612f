/**
 * PEP 508 environment markers: parsing (packaging's grammar), the normal printed form
 * (double-quoted values, single spaces, parentheses only where written) and evaluation.
 */
import { normalizeName } from '../pep440/names.js';
import { parseSpecifier, specifierContains } from '../pep440/specifier.js';
import { err, ok, type Result } from '../result.js';
import { SyntaxProblem, Tokenizer } from './tokenizer.js';

export type MarkerOperand = { kind: 'variable'; name: string } | { kind: 'value'; value: string };

export interface MarkerItem {
  kind: 'item';
  left: MarkerOperand;
  op: string;
  right: MarkerOperand;
}

/** An expression as written: atoms joined by `and`/`or`; a nested list is a parenthesised group. */
export type MarkerList = (MarkerItem | MarkerList | 'and' | 'or')[];

export type MarkerEnvironment = Readonly<Record<string, string | readonly string[]>>;

/*
 * marker      = marker_atom (BOOLOP marker_atom)*
 * marker_atom = WS? '(' WS? marker WS? ')' WS? | WS? marker_item WS?
 * marker_item = WS? marker_var WS? marker_op WS? marker_var WS?
 * marker_var  = VARIABLE | QUOTED_STRING
 * marker_op   = IN | NOT WS IN | OP
 */
export function parseMarkerTokens(t: Tokenizer, depth = 0): MarkerList {
  const expression: MarkerList = [parseAtom(t, depth)];
  while (t.check('BOOLOP')) {
    const op = t.read() as 'and' | 'or';
    expression.push(op, parseAtom(t, depth));
  }
  return expression;
}

/**
 * The most parentheses a marker may nest. The parser and everything that walks a marker
 * recurse once per level; real markers nest two or three deep (packaging itself fails with
 * RecursionError at a few hundred).
 */
export const MAX_MARKER_DEPTH = 100;

function parseAtom(t: Tokenizer, depth: number): MarkerItem | MarkerList {
  t.consume('WS');
  let atom: MarkerItem | MarkerList;
  if (t.check('LEFT_PARENTHESIS', true)) {
    if (depth >= MAX_MARKER_DEPTH) {
      throw t.error(`Marker nested too deeply (more than ${String(MAX_MARKER_DEPTH)} parentheses)`);
    }
    atom = t.enclosed('LEFT_PARENTHESIS', 'RIGHT_PARENTHESIS', 'marker expression', () => {
      t.consume('WS');
      const inner = parseMarkerTokens(t, depth + 1);
      t.consume('WS');
      return inner;
    });
  } else {
    atom = parseItem(t);
  }
  t.consume('WS');
  return atom;
}

function parseItem(t: Tokenizer): MarkerItem {
  t.consume('WS');
  const left = parseVar(t);
  t.consume('WS');
  const op = parseOp(t);
  t.consume('WS');
  const right = parseVar(t);
  t.consume('WS');
  return normalizeExtra({ kind: 'item', left, op, right });
}

function parseVar(t: Tokenizer): MarkerOperand {
  if (t.check('VARIABLE')) {
    const name = t.read().replace('.', '_');
    return {
      kind: 'variable',
      name: name === 'python_implementation' ? 'platform_python_implementation' : name,
    };
  }
  if (t.check('QUOTED_STRING')) return { kind: 'value', value: t.read().slice(1, -1) };
  throw t.error('Expected a marker variable or quoted string');
}

function parseOp(t: Tokenizer): string {
  if (t.check('IN')) {
    t.read();
    return 'in';
  }
  if (t.check('NOT')) {
    t.read();
    t.expect('WS', "whitespace after 'not'");
    t.expect('IN', "'in' after 'not'");
    return 'not in';
  }
  if (t.check('OP')) return t.read();
  throw t.error('Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in');
}

/** PEP 685: the value compared with `extra` is a normalised name. */
function normalizeExtra(item: MarkerItem): MarkerItem {
  const { left, right } = item;
  if (left.kind === 'variable' && left.name === 'extra' && right.kind === 'value') {
    return { ...item, right: { kind: 'value', value: normalizeName(right.value) } };
  }
  if (right.kind === 'variable' && right.name === 'extra' && left.kind === 'value') {
    return { ...item, left: { kind: 'value', value: normalizeName(left.value) } };
  }
  return item;
}

/** A syntax problem in packaging's wording: message, the source, a caret under the span. */
export function describeProblem(problem: SyntaxProblem, source: string): string {
  const marker = ' '.repeat(problem.start) + '~'.repeat(problem.end - problem.start) + '^';
  return `${problem.message}\n    ${source}\n    ${marker}`;
}

export function parseMarker(text: string): Result<MarkerList, { message: string; column: number }> {
  const t = new Tokenizer(text);
  try {
    const marker = parseMarkerTokens(t);
    t.expect('END', 'end of marker expression');
    return ok(marker);
  } catch (e) {
    if (e instanceof SyntaxProblem)
      return err({ message: describeProblem(e, text), column: e.start });
    throw e;
  }
}

function formatOperand(o: MarkerOperand): string {
  return o.kind === 'variable' ? o.name : `"${o.value}"`;
}

/** The normal form, as `str(Marker(...))` prints it. */
export function formatMarker(marker: MarkerList | MarkerItem, first = true): string {
  if (!Array.isArray(marker)) {
    return `${formatOperand(marker.left)} ${marker.op} ${formatOperand(marker.right)}`;
  }
  const [only] = marker;
  if (marker.length === 1 && typeof only === 'object') return formatMarker(only);
  const inner = marker.map((m) => (typeof m === 'string' ? m : formatMarker(m, false))).join(' ');
  return first ? inner : `(${inner})`;
}

const REQUIRES_VERSION = new Set([
  'implementation_version',
  'platform_release',
  'python_full_version',
  'python_version',
]);
const ALLOWS_SET = new Set(['extras', 'dependency_groups']);

export class UndefinedComparison extends Error {}
export class UndefinedEnvironmentName extends Error {}

function compare(lhs: string, op: string, rhs: string | readonly string[], key: string): boolean {
  if (REQUIRES_VERSION.has(key) && typeof rhs === 'string') {
    const spec = parseSpecifier(`${op}${rhs}`);
    if (spec.ok) return specifierContains(spec.value, lhs, true);
  }
  switch (op) {
    case 'in':
      return typeof rhs === 'string' ? rhs.includes(lhs) : rhs.includes(lhs);
    case 'not in':
      return typeof rhs === 'string' ? !rhs.includes(lhs) : !rhs.includes(lhs);
    case '==':
    case '<=':
    case '>=':
      return lhs === rhs;
    case '!=':
      return lhs !== rhs;
    case '<':
    case '>':
      return false;
    default:
      throw new UndefinedComparison(`Undefined ${op} on ${lhs} and ${String(rhs)}`);
  }
}

function lookup(env: MarkerEnvironment, name: string): string | readonly string[] {
  const value = env[name];
  if (value === undefined) throw new UndefinedEnvironmentName(`${name} is not in the environment`);
  return value;
}

/**
 * Evaluates a marker in an environment (packaging's `Marker.evaluate` with the environment
 * given in full). Throws UndefinedComparison / UndefinedEnvironmentName like packaging.
 */
export function evaluateMarker(marker: MarkerList, environment: MarkerEnvironment): boolean {
  const extra = environment.extra;
  const env =
    typeof extra === 'string'
      ? { ...environment, extra: extra === '' ? '' : normalizeName(extra) }
      : environment;
  return reduceMarker(marker, (m) => evaluateItem(m, env));
}

/**
 * A marker's truth from the truth of each item: `and` binds tighter than `or`, groups
 * nest. The one place that logic lives, for full and partial evaluation.
 */
export function reduceMarker(marker: MarkerList, item: (m: MarkerItem) => boolean): boolean {
  const groups: boolean[][] = [[]];
  for (const m of marker) {
    if (m === 'or') groups.push([]);
    else if (m === 'and') continue;
    else groups.at(-1)?.push(Array.isArray(m) ? reduceMarker(m, item) : item(m));
  }
  return groups.some((g) => g.every(Boolean));
}

/**
 * A marker's truth when only part of the environment is known: an item naming a variable
 * `env` lacks (or that cannot be compared) counts as possibly true.
 */
export function evaluateMarkerPartially(marker: MarkerList, env: Record<string, string>): boolean {
  return reduceMarker(marker, (m) => {
    const names = [m.left, m.right].flatMap((o) => (o.kind === 'variable' ? [o.name] : []));
    if (names.length === 0 || !names.every((n) => n in env)) return true;
    try {
      return evaluateMarker([m], env);
    } catch {
      return true;
    }
  });
}

function evaluateItem(m: MarkerItem, env: MarkerEnvironment): boolean {
  let key: string;
  let lhs: string | readonly string[];
  let rhs: string | readonly string[];
  if (m.left.kind === 'variable') {
    key = m.left.name;
    lhs = lookup(env, key);
    rhs = m.right.kind === 'value' ? m.right.value : lookup(env, m.right.name);
  } else {
    key = m.right.kind === 'variable' ? m.right.name : '';
    lhs = m.left.value;
    rhs = m.right.kind === 'variable' ? lookup(env, m.right.name) : m.right.value;
  }
  if (typeof lhs !== 'string') throw new UndefinedComparison('the left side must be a string');
  if (ALLOWS_SET.has(key)) {
    lhs = normalizeName(lhs);
    rhs = typeof rhs === 'string' ? normalizeName(rhs) : rhs.map(normalizeName);
  }
  return compare(lhs, m.op, rhs, key);
}

/** The extras a marker's `extra == "…"` comparisons name (to group optional dependencies). */
export function markerExtras(marker: MarkerList): string[] {
  const out: string[] = [];
  for (const m of marker) {
    if (typeof m === 'string') continue;
    // One at a time: a group of 100,000 comparisons spread into push() overflows the stack.
    if (Array.isArray(m)) for (const e of markerExtras(m)) out.push(e);
    else if (m.left.kind === 'variable' && m.left.name === 'extra' && m.right.kind === 'value') {
      out.push(m.right.value);
    } else if (m.right.kind === 'variable' && m.right.name === 'extra' && m.left.kind === 'value') {
      out.push(m.left.value);
    }
  }
  return out;
}
