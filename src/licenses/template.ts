/**
 * Licence templates and whole-text matching after the SPDX License List Matching Guidelines
 * (https://spdx.github.io/spdx-spec/v2.3/license-matching-guidelines-and-templates/): a text
 * is a licence only when its words equal the template's words once case, punctuation,
 * quotes, dashes, whitespace, bullets and list numbering, copyright notices and the varietal
 * spelling "licence" are normalised away, and apart from the parts the template marks
 * replaceable or omittable.
 *
 * Template markup (one token each, in the template text):
 *   `<<var N>>`            up to N words of anything (a holder's or organisation's name);
 *   `<<opt>> … <</opt>>`   an omittable part (may nest);
 *   `<<title A|B|…>>`      an omittable title, one of the alternatives.
 *
 * Matching never backtracks: an omittable part is taken when it matches where it stands, a
 * replaceable part ends at the first place the words after it match, so the work is bounded
 * by the template's length times the longest replaceable part, whatever the text.
 */

/** The words of a text, and what normalising removed from it (to look for restrictions). */
export interface Words {
  tokens: string[];
  /** Copyright notices and their "all rights reserved", as words. */
  removed: string[];
}

type Part =
  | { kind: 'words'; tokens: string[] }
  | { kind: 'var'; max: number }
  | { kind: 'opt'; parts: Part[] }
  | { kind: 'title'; alternatives: string[][] };

export interface Template {
  parts: Part[];
  /** Most words a matching text can have (bounds the work before matching starts). */
  maxTokens: number;
}

/** Result of matching one text against one template. */
export interface MatchResult {
  matched: boolean;
  /** Words absorbed by replaceable parts (checked for restrictions by the caller). */
  absorbed: string[];
  /** How far the text matched, in words (the furthest failure is the best explanation). */
  reached: number;
}

const BULLET = /^(?:\d{1,3}|[a-z]|[ivx]{1,5})$/;

/**
 * Lower-case words of one text. Per line: leading bullet or list numbering dropped; a line
 * that starts a copyright notice ("Copyright (c) 2020 Foo", "Copyright 2020", "© 2020",
 * "(c) 2020") is dropped up to its end or its "All rights reserved", as is an "All rights
 * reserved" line right after a notice. Inside lines, a number or letter followed by "." or
 * ")" right after a sentence end is list numbering too (texts flattened onto one line).
 */
export function normalise(text: string): Words {
  const tokens: string[] = [];
  const removed: string[] = [];
  let afterNotice = false;
  for (const line of text.split('\n')) {
    const words = lineWords(line);
    let i = 0;
    if (afterNotice && startsWith(words, i, RESERVED)) {
      removed.push(...RESERVED);
      i += RESERVED.length;
    }
    afterNotice = false;
    if (i === 0 && isNoticeStart(words, 0)) {
      let end = i;
      while (end < words.length && !startsWith(words, end, RESERVED)) end += 1;
      removed.push(...words.slice(i, end));
      if (end < words.length) {
        removed.push(...RESERVED);
        end += RESERVED.length;
      } else {
        afterNotice = true;
      }
      i = end;
    }
    for (; i < words.length; i += 1) tokens.push(words[i] as string);
  }
  return { tokens, removed };
}

const RESERVED = ['all', 'rights', 'reserved'];

function isNoticeStart(words: readonly string[], at: number): boolean {
  const first = words[at];
  const second = words[at + 1] ?? '';
  if (first === 'copyright') return second === 'c' || /^\d/.test(second);
  return first === 'c' && /^\d/.test(second);
}

function startsWith(words: readonly string[], at: number, prefix: readonly string[]): boolean {
  for (let k = 0; k < prefix.length; k += 1) if (words[at + k] !== prefix[k]) return false;
  return true;
}

/** The words of one line, bullets and list numbers dropped (a linear scan, no regex). */
function lineWords(line: string): string[] {
  const text = line
    .toLowerCase()
    .replace(/licen[cs]/g, 'licens')
    // "non-commercial" and "noncommercial", "non-infringement" and "noninfringement" alike.
    .replace(/([a-z])-(?=[a-z])/g, '$1')
    .replace(/©/g, ' (c) ')
    .replace(/https:/g, 'http:');
  const words: string[] = [];
  let previous = '\n'; // last non-space character before the current word
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (!isWordChar(ch)) {
      if (ch.trim() !== '') previous = ch;
      i += 1;
      continue;
    }
    let end = i;
    while (end < text.length && isWordChar(text[end] as string)) end += 1;
    const word = text.slice(i, end);
    const next = text[end] ?? '';
    const after = text[end + 1] ?? ' ';
    const listMark =
      BULLET.test(word) &&
      (next === '.' || next === ')') &&
      after.trim() === '' &&
      (previous === '\n' ||
        previous === '.' ||
        previous === ':' ||
        previous === ';' ||
        previous === '(');
    if (!listMark) words.push(word);
    previous = word[word.length - 1] as string;
    i = end;
  }
  return words;
}

function isWordChar(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
}

/** Parses the template markup described at the top of this file. */
export function compileTemplate(source: string): Template {
  const root: Part[] = [];
  const stack: Part[][] = [root];
  let rest = source;
  while (rest !== '') {
    const at = rest.indexOf('<<');
    const literal = at === -1 ? rest : rest.slice(0, at);
    const current = stack[stack.length - 1] as Part[];
    const tokens = normalise(literal).tokens;
    if (tokens.length > 0) current.push({ kind: 'words', tokens });
    if (at === -1) break;
    const close = rest.indexOf('>>', at);
    if (close === -1) throw new Error(`unclosed template markup: ${rest.slice(at, at + 40)}`);
    const tag = rest.slice(at + 2, close);
    rest = rest.slice(close + 2);
    if (tag === 'opt') {
      const parts: Part[] = [];
      current.push({ kind: 'opt', parts });
      stack.push(parts);
    } else if (tag === '/opt') {
      if (stack.length === 1) throw new Error('template: <</opt>> without <<opt>>');
      stack.pop();
    } else if (tag.startsWith('var ')) {
      current.push({ kind: 'var', max: Number(tag.slice(4)) });
    } else if (tag.startsWith('title ')) {
      const alternatives = tag
        .slice(6)
        .split('|')
        .map((t) => normalise(t).tokens)
        // Longest first, so that "the mit license mit" is tried before "the mit license".
        .sort((a, b) => b.length - a.length);
      current.push({ kind: 'title', alternatives });
    } else {
      throw new Error(`unknown template markup: <<${tag}>>`);
    }
  }
  if (stack.length !== 1) throw new Error('template: <<opt>> without <</opt>>');
  return { parts: root, maxTokens: maxLength(root) };
}

function maxLength(parts: readonly Part[]): number {
  let total = 0;
  for (const part of parts) {
    if (part.kind === 'words') total += part.tokens.length;
    else if (part.kind === 'var') total += part.max;
    else if (part.kind === 'opt') total += maxLength(part.parts);
    else total += Math.max(0, ...part.alternatives.map((a) => a.length));
  }
  return total;
}

/** Whether the whole text (its words) is one instance of the template. */
export function matchTemplate(template: Template, words: readonly string[]): MatchResult {
  if (words.length > template.maxTokens) {
    const reached = matchParts(template.parts, words, 0, []);
    return { matched: false, absorbed: [], reached: reached.at ?? reached.failedAt };
  }
  const absorbed: string[] = [];
  const result = matchParts(template.parts, words, 0, absorbed);
  const matched = result.at === words.length;
  return { matched, absorbed, reached: result.at ?? result.failedAt };
}

interface Step {
  /** Where the words after the parts start; null when the parts do not match here. */
  at: number | null;
  /** Furthest word reached before failing. */
  failedAt: number;
}

function matchParts(
  parts: readonly Part[],
  words: readonly string[],
  start: number,
  absorbed: string[],
): Step {
  let at = start;
  for (let p = 0; p < parts.length; p += 1) {
    const part = parts[p] as Part;
    if (part.kind === 'words') {
      const common = commonPrefix(part.tokens, words, at);
      if (common < part.tokens.length) return { at: null, failedAt: at + common };
      at += part.tokens.length;
    } else if (part.kind === 'title') {
      const title = part.alternatives.find((t) => commonPrefix(t, words, at) === t.length);
      if (title !== undefined) at += title.length;
    } else if (part.kind === 'opt') {
      const inner = matchParts(part.parts, words, at, []);
      if (inner.at !== null) {
        // Run again to record what its replaceable parts absorbed (rare; bounded).
        matchParts(part.parts, words, at, absorbed);
        at = inner.at;
      }
    } else {
      const next = parts[p + 1];
      const end = varEnd(part.max, next, words, at);
      if (end === null) return { at: null, failedAt: at };
      absorbed.push(...words.slice(at, end));
      at = end;
    }
  }
  return { at, failedAt: at };
}

/** Where a replaceable part starting at `at` ends: where the words after it first match. */
function varEnd(
  max: number,
  next: Part | undefined,
  words: readonly string[],
  at: number,
): number | null {
  if (next === undefined)
    return Math.min(words.length, at + max) === words.length ? words.length : null;
  if (next.kind !== 'words')
    throw new Error('template: a replaceable part must be followed by words');
  for (let k = 0; k <= max && at + k <= words.length; k += 1) {
    if (commonPrefix(next.tokens, words, at + k) === next.tokens.length) return at + k;
  }
  return null;
}

function commonPrefix(tokens: readonly string[], words: readonly string[], at: number): number {
  let k = 0;
  while (k < tokens.length && words[at + k] === tokens[k]) k += 1;
  return k;
}
