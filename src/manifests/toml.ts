/**
 * TOML documents with the line of every value. Plain documents are read by toml-fast.ts in
 * one pass that records lines as it goes; for anything else smol-toml parses (it passes the toml-test
 * suite when given text from a fatal UTF-8 decoder); a single pass over the same, already
 * validated text records where each key, table and array element is written, so findings can
 * point at the manifest line that declares a dependency.
 */
import { parse, TomlDate, TomlError } from 'smol-toml';
import type { Diagnostic } from '../diagnostics.js';
import { err, ok, type Result } from '../result.js';
import { decodeText } from './text.js';
import { INDEX, parseFast, SEGMENT } from './toml-fast.js';

export type TomlPath = readonly (string | number)[];

export interface TomlDocument {
  /** Tables are plain objects; dates and times are ISO strings as written in normal form. */
  value: Record<string, unknown>;
  /** 1-based line where the value at `path` is written (its key, header, or array element). */
  lineOf(path: TomlPath): number | null;
}

/** A date smol-toml let through although the day does not exist (February 30). */
class ImpossibleDate extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** smol-toml rolls 1988-02-30 over to March; the text as written must name a real day. */
function checkDate(raw: string, line: number): void {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(raw.trim());
  if (m === null) return;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > days) throw new ImpossibleDate(`${m[0]} is not a date`, line);
}

/**
 * The most tables and arrays a document may nest (`a.b.c = 1` is three). Real manifests nest
 * a handful deep; the bound keeps every walk over the tree (and the key paths `locate`
 * builds) small, whatever a file says.
 */
export const MAX_TOML_DEPTH = 128;

/**
 * Dates become strings so every consumer sees JSON-like data (in place: the tree is ours).
 * Iterative, so depth costs no stack; returns the path where the tree is nested deeper than
 * MAX_TOML_DEPTH, or null.
 */
function plain(root: Record<string, unknown>, dates: { seen: boolean }): TomlPath | null {
  const pending: { node: object; path: (string | number)[] }[] = [{ node: root, path: [] }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { node, path } = next;
    if (path.length >= MAX_TOML_DEPTH) return path;
    const visit = (key: string | number, v: unknown): unknown => {
      if (v instanceof TomlDate) {
        dates.seen = true;
        return v.toISOString();
      }
      if (typeof v === 'object' && v !== null) pending.push({ node: v, path: [...path, key] });
      return v;
    };
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) node[i] = visit(i, node[i]);
    } else {
      const table = node as Record<string, unknown>;
      for (const k of Object.keys(table)) table[k] = visit(k, table[k]);
    }
  }
  return null;
}

export interface TomlOptions {
  /**
   * Record lines only for paths up to this many segments (`['package', 3]` is 2). Locks need
   * the line of each entry, not of every key inside it; the limit keeps big locks fast.
   */
  lineDepth?: number;
}

export function parseToml(
  input: Uint8Array | string,
  file: string,
  options: TomlOptions = {},
): Result<TomlDocument, Diagnostic> {
  const depth = options.lineDepth ?? Infinity;
  let text: string;
  if (typeof input === 'string') {
    text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  } else {
    // TOML is UTF-8 only: a UTF-16 byte order mark is an error, not an encoding to follow.
    const utf16 =
      (input[0] === 0xff && input[1] === 0xfe) || (input[0] === 0xfe && input[1] === 0xff);
    const decoded = utf16
      ? err({ file, line: 1, message: 'the file is UTF-16; TOML files must be UTF-8' })
      : decodeText(input, file);
    if (!decoded.ok) return decoded;
    text = decoded.value;
  }
  if (text.startsWith('\uFEFF')) {
    return err({
      file,
      line: 1,
      message: 'TOML syntax error: a byte order mark may only start the file',
    });
  }
  // Plain documents (every lock uv and Poetry write) are read in one pass with their lines.
  const fast = parseFast(text, depth);
  if (fast !== null) {
    return ok({ value: fast.value, lineOf: (path) => fast.lines.get(keyOf(path)) ?? null });
  }
  let value: Record<string, unknown>;
  let lines: Map<string, number> | null = null;
  try {
    const dates = { seen: false };
    value = parse(text, { integersAsBigInt: 'asNeeded' });
    const tooDeep = plain(value, dates);
    if (tooDeep !== null) {
      const line = locate(text, MAX_TOML_DEPTH).get(keyOf(tooDeep)) ?? null;
      return err({
        file,
        line,
        message: `nested too deeply (more than ${String(MAX_TOML_DEPTH)} levels of tables, arrays and dotted keys)`,
      });
    }
    // Dates are checked on the text as written, which the line pass reads anyway.
    if (dates.seen) lines = locate(text, depth, checkDate);
  } catch (e) {
    if (e instanceof ImpossibleDate)
      return err({ file, line: e.line, message: `TOML syntax error: ${e.message}` });
    if (e instanceof TomlError) {
      const first = e.message.split('\n')[0] ?? 'invalid TOML';
      const message = first.replace(/^Invalid TOML document:\s*/i, '');
      return err({ file, line: e.line, message: `TOML syntax error: ${message}` });
    }
    return err({ file, line: null, message: `TOML syntax error: ${String(e)}` });
  }
  return ok({
    value,
    lineOf(path) {
      lines ??= locate(text, depth);
      return lines.get(keyOf(path)) ?? null;
    },
  });
}

/** Map key of a path: string segments and array indexes cannot be confused. */
const keyOf = (path: TomlPath): string =>
  path.map((p) => (typeof p === 'number' ? `${INDEX}${String(p)}` : `${SEGMENT}${p}`)).join('');

const ESCAPES: Readonly<Record<string, string>> = {
  b: '\b',
  t: '\t',
  n: '\n',
  f: '\f',
  r: '\r',
  e: '\x1b',
  '"': '"',
  '\\': '\\',
};

const CODE = {
  tab: 9,
  newline: 10,
  cr: 13,
  space: 32,
  quote: 34,
  hash: 35,
  apostrophe: 39,
  comma: 44,
  dot: 46,
  equals: 61,
  open: 91,
  backslash: 92,
  close: 93,
  brace: 123,
  unbrace: 125,
} as const;

function isBareKeyChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45
  );
}

/**
 * Records the line of every key path in valid TOML text, in one pass over its characters
 * (values are skipped, not decoded; only keys are read).
 */
export function locate(
  text: string,
  maxDepth = Infinity,
  onScalar?: (raw: string, line: number) => void,
): Map<string, number> {
  const lines = new Map<string, number>();
  /** Current index of each array of tables, by its (resolved) path key. */
  const arrays = new Map<string, number>();
  const length = text.length;
  let pos = 0;
  let line = 1;
  let tableKey: string | null = '';
  let tableDepth = 0;

  /** Keys deeper than `maxDepth` are null: neither built nor recorded. */
  const record = (key: string | null, at: number) => {
    if (key !== null && !lines.has(key)) lines.set(key, at);
  };
  const child = (key: string | null, segment: string, depth: number): string | null =>
    key === null || depth > maxDepth ? null : `${key}${segment}`;
  const skipSpaces = () => {
    let c = text.charCodeAt(pos);
    while (c === CODE.space || c === CODE.tab) c = text.charCodeAt(++pos);
  };
  /** Whitespace, newlines and comments (inside arrays and inline tables). */
  const skipBlank = () => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === CODE.newline) {
        line++;
        pos++;
      } else if (c === CODE.space || c === CODE.tab || c === CODE.cr) pos++;
      else if (c === CODE.hash) {
        const end = text.indexOf('\n', pos);
        pos = end === -1 ? length : end;
      } else return;
    }
  };
  const countLines = (from: number, to: number) => {
    for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) {
      line++;
    }
  };

  /** Skips a string; returns its value when `decode` (keys), else ''. */
  const readString = (decode: boolean): string => {
    const quote = text.charAt(pos);
    const triple = text.startsWith(quote + quote + quote, pos);
    const start = pos;
    pos += triple ? 3 : 1;
    let out = '';
    if (quote === "'") {
      const closing = triple ? "'''" : "'";
      const end = text.indexOf(closing, pos);
      let stop = end === -1 ? length : end;
      if (triple) while (text.charCodeAt(stop + 3) === CODE.apostrophe) stop++;
      out = decode ? text.slice(pos, stop) : '';
      pos = stop + closing.length;
    } else {
      for (;;) {
        const c = text.charCodeAt(pos);
        if (Number.isNaN(c)) break;
        if (c === CODE.quote && (!triple || text.startsWith('"""', pos))) {
          if (triple) {
            let extra = 0;
            while (text.charCodeAt(pos + 3 + extra) === CODE.quote) extra++;
            if (decode) out += '"'.repeat(extra);
            pos += 3 + extra;
          } else pos++;
          break;
        }
        if (c === CODE.backslash) {
          const next = text.charAt(pos + 1);
          if (next === 'u' || next === 'U' || next === 'x') {
            const size = next === 'u' ? 4 : next === 'U' ? 8 : 2;
            if (decode) {
              out += String.fromCodePoint(parseInt(text.slice(pos + 2, pos + 2 + size), 16));
            }
            pos += 2 + size;
          } else if (ESCAPES[next] !== undefined) {
            if (decode) out += ESCAPES[next];
            pos += 2;
          } else {
            // A line-ending backslash in a multi-line string: the break and indentation go.
            pos++;
            while (/[ \t\r\n]/.test(text.charAt(pos))) pos++;
          }
          continue;
        }
        if (decode) out += text.charAt(pos);
        pos++;
      }
    }
    if (triple) countLines(start, pos);
    return out;
  };

  const readKey = (): string[] => {
    const keys: string[] = [];
    for (;;) {
      skipSpaces();
      const c = text.charCodeAt(pos);
      if (c === CODE.quote || c === CODE.apostrophe) keys.push(readString(true));
      else {
        const start = pos;
        while (isBareKeyChar(text.charCodeAt(pos))) pos++;
        keys.push(text.slice(start, pos));
      }
      skipSpaces();
      if (text.charCodeAt(pos) !== CODE.dot) return keys;
      pos++;
    }
  };

  /** The header path with the current element index after every array-of-tables prefix. */
  const resolve = (keys: readonly string[]): string => {
    let key = '';
    keys.forEach((k, i) => {
      key += `${SEGMENT}${k}`;
      const index = i < keys.length - 1 ? arrays.get(key) : undefined;
      if (index !== undefined) key += `${INDEX}${String(index)}`;
    });
    return key;
  };

  const isScalarEnd = (d: number) =>
    Number.isNaN(d) ||
    d === CODE.comma ||
    d === CODE.close ||
    d === CODE.unbrace ||
    d === CODE.newline ||
    d === CODE.hash;

  const readValue = (key: string | null, depth: number): void => {
    const c = text.charCodeAt(pos);
    if (c === CODE.quote || c === CODE.apostrophe) {
      readString(false);
    } else if (c === CODE.open) {
      pos++;
      for (let index = 0; ; index++) {
        skipBlank();
        if (pos >= length || text.charCodeAt(pos) === CODE.close) break;
        const element = child(key, `${INDEX}${String(index)}`, depth + 1);
        record(element, line);
        readValue(element, depth + 1);
        skipBlank();
        if (text.charCodeAt(pos) === CODE.comma) pos++;
      }
      pos++;
    } else if (c === CODE.brace) {
      pos++;
      for (;;) {
        skipBlank();
        if (pos >= length || text.charCodeAt(pos) === CODE.unbrace) break;
        readKeyValue(key, depth);
        skipBlank();
        if (text.charCodeAt(pos) === CODE.comma) pos++;
      }
      pos++;
    } else {
      // Numbers, booleans, dates and times (which may contain one space).
      const start = pos;
      while (!isScalarEnd(text.charCodeAt(pos))) pos++;
      onScalar?.(text.slice(start, pos), line);
    }
  };

  const readKeyValue = (base: string | null, baseDepth: number) => {
    const at = line;
    let key = base;
    let depth = baseDepth;
    for (const k of readKey()) {
      depth++;
      key = child(key, `${SEGMENT}${k}`, depth);
      record(key, at);
    }
    skipSpaces();
    if (text.charCodeAt(pos) === CODE.equals) pos++;
    skipSpaces();
    readValue(key, depth);
  };

  while (pos < length) {
    skipBlank();
    if (pos >= length) break;
    if (text.charCodeAt(pos) === CODE.open) {
      const isArray = text.charCodeAt(pos + 1) === CODE.open;
      pos += isArray ? 2 : 1;
      const keys = readKey();
      const resolved = resolve(keys);
      pos += isArray ? 2 : 1;
      // Array-of-tables indexes count as segments: [[a.b]] under [[a]] is a, i, b, j.
      const depth = resolved.split('').filter((c) => c === SEGMENT || c === INDEX).length;
      if (isArray) {
        const index = (arrays.get(resolved) ?? -1) + 1;
        arrays.set(resolved, index);
        if (depth <= maxDepth) record(resolved, line);
        tableKey = `${resolved}${INDEX}${String(index)}`;
        tableDepth = depth + 1;
      } else {
        tableKey = resolved;
        tableDepth = depth;
      }
      if (tableDepth > maxDepth) tableKey = null;
      record(tableKey, line);
    } else {
      readKeyValue(tableKey, tableDepth);
    }
    // The rest of the line: spaces and a comment.
    skipSpaces();
    if (text.charCodeAt(pos) === CODE.hash) {
      const end = text.indexOf('\n', pos);
      pos = end === -1 ? length : end;
    }
    if (text.charCodeAt(pos) === CODE.cr) pos++;
    if (text.charCodeAt(pos) === CODE.newline) {
      line++;
      pos++;
    }
  }
  return lines;
}
