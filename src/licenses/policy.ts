/**
 * Allow and deny lists of licences (policy keys `allow-licenses` / `deny-licenses`; entries
 * are SPDX ids or expressions, any casing). Decisions:
 * - deny: an expression is denied when every way to comply with it (every OR alternative)
 *   includes a denied licence, since then it cannot be avoided: `MIT AND AGPL-3.0-only` is
 *   denied by `AGPL-3.0-or-later`, `MIT OR AGPL-3.0-only` is not (choose MIT).
 * - ranges: `X-or-later` / `X+` in a list covers X and every later version, and matches
 *   `X-only` (the same licence): denying `AGPL-3.0-or-later` also denies `AGPL-3.0-only`.
 * - exceptions: `WITH` only adds permissions, so `Apache-2.0 WITH LLVM-exception` is allowed
 *   where `Apache-2.0` is, and denied where `Apache-2.0` is.
 * - an allow entry that is itself an expression allows each licence in it.
 * - both lists are judged as spdx-satisfies does (expand to OR-of-ANDs, compare each
 *   licence with spdx-satisfies); deny is checked first.
 * - an empty allow list allows nothing (null means no allow list).
 * - invalid entries in the lists are ignored; nothing here throws.
 */
import satisfies from 'spdx-satisfies';
import {
  alternatives,
  formatExpression,
  licensesOf,
  MAX_ALTERNATIVES,
  MAX_REMEMBERED,
  parseExpression,
} from './expression.js';
import type { SpdxLicense } from './expression.js';

export type ListVerdict = { allowed: true } | { allowed: false; reason: string };

/**
 * Whether an expression is accepted by allow/deny lists (entries are SPDX ids or
 * expressions); allow null = no allow list. Returns {allowed: false, reason} naming the denied
 * licences or those missing from the allow list. Never throws: invalid input gives
 * {allowed: false, reason: 'not a valid SPDX expression: …'}.
 */
export function checkLicenseLists(
  expression: string,
  allow: readonly string[] | null,
  deny: readonly string[],
): ListVerdict {
  // Every package of a run is checked against the same lists, most with the same few
  // expressions: each (expression, lists) is judged once.
  // List keys are JSON (no raw NUL), so the key splits one way only, from the right.
  const key = `${expression}\u0000${allow === null ? 'null' : listKey(allow)}\u0000${listKey(deny)}`;
  const known = verdicts.get(key);
  if (known !== undefined) return known;
  const verdict = Object.freeze(judgeLists(expression, allow, deny));
  if (verdicts.size >= MAX_REMEMBERED) verdicts.clear();
  verdicts.set(key, verdict);
  return verdict;
}

const verdicts = new Map<string, ListVerdict>();
const listKeys = new WeakMap<readonly string[], string>();

/** A list's entries as JSON, computed once per list (the policy's lists live all run). */
function listKey(list: readonly string[]): string {
  let key = listKeys.get(list);
  if (key === undefined) {
    key = JSON.stringify(list);
    listKeys.set(list, key);
  }
  return key;
}

function judgeLists(
  expression: string,
  allow: readonly string[] | null,
  deny: readonly string[],
): ListVerdict {
  const node = parseExpression(expression);
  if (node === null) {
    return { allowed: false, reason: `not a valid SPDX expression: ${JSON.stringify(expression)}` };
  }

  const choices = alternatives(node);
  if (choices === null) {
    return {
      allowed: false,
      reason: `the expression offers more than ${String(MAX_ALTERNATIVES)} choices of licences, more than pygovern weighs: ${JSON.stringify(expression)}`,
    };
  }
  const denied = entries(deny);
  const unavoidable = choices.map((choice) => choice.filter((l) => coveredBy(l, denied)));
  if (denied.length > 0 && unavoidable.every((hits) => hits.length > 0)) {
    return {
      allowed: false,
      reason: `${names(unavoidable.flat())} denied (deny list: ${denied.join(', ')})`,
    };
  }

  if (allow === null) return { allowed: true };
  const allowed = entries(allow);
  const missing = choices.map((choice) => choice.filter((l) => !coveredBy(l, allowed)));
  if (missing.some((m) => m.length === 0)) return { allowed: true };
  // Name what is missing from the choice that comes closest.
  const closest = missing.reduce((a, b) => (b.length < a.length ? b : a));
  const listed = allowed.length === 0 ? 'empty' : allowed.join(', ');
  return { allowed: false, reason: `${names(closest)} not in the allow list (${listed})` };
}

/** Each licence named by the entries, in SPDX casing (`a OR b` gives both). */
function entries(list: readonly string[]): string[] {
  const out: string[] = [];
  for (const entry of list) {
    const node = parseExpression(entry);
    if (node !== null) out.push(...licensesOf(node).map(formatExpression));
  }
  return unique(out);
}

/**
 * Whether a list entry covers one licence; spdx-satisfies compares versions and ranges. An
 * entry without an exception covers the licence with any exception.
 */
function coveredBy(license: SpdxLicense, list: readonly string[]): boolean {
  return list.some((entry) => {
    const subject = entry.includes(' WITH ') ? license : { ...license, exception: null };
    return safeSatisfies(formatExpression(subject), [entry]);
  });
}

/** '"X" is' / '"X", "Y" are'. */
function names(licenses: readonly SpdxLicense[]): string {
  const list = unique(licenses.map(formatExpression));
  return `${list.join(', ')} ${list.length === 1 ? 'is' : 'are'}`;
}

function safeSatisfies(expression: string, approved: string[]): boolean {
  if (approved.length === 0) return false;
  try {
    return satisfies(expression, approved);
  } catch {
    return false;
  }
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
