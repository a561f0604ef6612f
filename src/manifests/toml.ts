/**
 * TOML documents with the line of every value. smol-toml parses (it passes the toml-test
 * suite when given text from a fatal UTF-8 decoder); a single pass over the same, already
 * validated text records where each key, table and array element is written, so findings can
 * point at the manifest line that declares a dependency.
 */
import { parse, TomlDate, TomlError } from 'smol-toml';
import type { Diagnostic } from '../diagnostics.js';
import { err, ok, type Result } from '../result.js';
import { decodeText } from './text.js';

export type TomlPath = readonly (string | number)[];

export interface TomlDocument {
  /** Tables are plain objects; dates and times are ISO strings as written in normal form. */
  value: Record<string, unknown>;
  /** 1-based line where the value at `path` is written (its key, header, or array element). */
  lineOf(path: TomlPath): number | null;
}

/** A date smol-toml let through although the day does not exist (February 30). */
class ImpossibleDate extends Error {}

/** smol-toml rolls 1988-02-30 over to March; the text as written must name a real day. */
function checkDate(raw: string): void {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(raw.trim());
  if (m === null) return;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > days) throw new ImpossibleDate(`${m[0]} is not a date`);
}

/** Dates become strings so every consumer sees JSON-like data. */
function plain(value: unknown, dates: { seen: boolean }): unknown {
  if (value instanceof TomlDate) {
    dates.seen = true;
    return value.toISOString();
  }
  if (Array.isArray(value)) return value.map((v) => plain(v, dates));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v, dates);
    return out;
  }
  return value;
}

export function parseToml(
  input: Uint8Array | string,
  file: string,
): Result<TomlDocument, Diagnostic> {
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
  let value: Record<string, unknown>;
  try {
    const dates = { seen: false };
    value = plain(parse(text, { integersAsBigInt: 'asNeeded' }), dates) as Record<string, unknown>;
    if (dates.seen) locate(text, checkDate);
  } catch (e) {
    if (e instanceof ImpossibleDate)
      return err({ file, line: null, message: `TOML syntax error: ${e.message}` });
    if (e instanceof TomlError) {
      const first = e.message.split('\n')[0] ?? 'invalid TOML';
      const message = first.replace(/^Invalid TOML document:\s*/i, '');
      return err({ file, line: e.line, message: `TOML syntax error: ${message}` });
    }
    return err({ file, line: null, message: `TOML syntax error: ${String(e)}` });
  }
  let lines: Map<string, number> | null = null;
  return ok({
    value,
    lineOf(path) {
      lines ??= locate(text);
      return lines.get(JSON.stringify(path)) ?? null;
    },
  });
}

const BARE_KEY = /[A-Za-z0-9_-]/;

/** Records the line of every key path in valid TOML text. */
export function locate(text: string, onScalar?: (raw: string) => void): Map<string, number> {
  const lines = new Map<string, number>();
  /** Current index of each array of tables, by its (resolved) path. */
  const arrays = new Map<string, number>();
  let pos = 0;
  let line = 1;
  let table: (string | number)[] = [];

  const record = (path: TomlPath, at: number) => {
    const key = JSON.stringify(path);
    if (!lines.has(key)) lines.set(key, at);
  };
  const peek = (offset = 0) => text.charAt(pos + offset);
  const advance = (n = 1) => {
    for (let i = 0; i < n; i++) {
      if (text.charCodeAt(pos) === 10) line++;
      pos++;
    }
  };
  const skipSpaces = () => {
    while (peek() === ' ' || peek() === '\t') pos++;
  };
  /** Whitespace, newlines and comments (inside arrays and inline tables). */
  const skipBlank = () => {
    for (;;) {
      const c = peek();
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') advance();
      else if (c === '#') while (pos < text.length && peek() !== '\n') pos++;
      else return;
    }
  };

  const readString = (): string => {
    const quote = peek();
    const triple = text.startsWith(quote.repeat(3), pos);
    const close = triple ? quote.repeat(3) : quote;
    advance(close.length);
    let out = '';
    while (pos < text.length) {
      if (text.startsWith(close, pos)) {
        advance(close.length);
        // A multi-line string may end with up to two extra quotes before the closing three.
        while (triple && peek() === quote) {
          out += quote;
          advance();
        }
        return out;
      }
      const c = peek();
      if (c === '\\' && quote === '"') {
        const next = peek(1);
        const escapes: Record<string, string> = {
          b: '\b',
          t: '\t',
          n: '\n',
          f: '\f',
          r: '\r',
          e: '\x1b',
          '"': '"',
          '\\': '\\',
        };
        if (next === 'u' || next === 'U' || next === 'x') {
          const length = next === 'u' ? 4 : next === 'U' ? 8 : 2;
          out += String.fromCodePoint(parseInt(text.slice(pos + 2, pos + 2 + length), 16));
          advance(2 + length);
        } else if (escapes[next] !== undefined) {
          out += escapes[next];
          advance(2);
        } else {
          // Line-ending backslash in a multi-line string: skip the break and the indentation.
          advance();
          while (/[ \t\r\n]/.test(peek())) advance();
        }
        continue;
      }
      out += c;
      advance();
    }
    return out;
  };

  const readKey = (): string[] => {
    const keys: string[] = [];
    for (;;) {
      skipSpaces();
      const c = peek();
      if (c === '"' || c === "'") keys.push(readString());
      else {
        let key = '';
        while (BARE_KEY.test(peek())) key += text.charAt(pos++);
        keys.push(key);
      }
      skipSpaces();
      if (peek() !== '.') return keys;
      pos++;
    }
  };

  /** Inserts the current element index after every prefix that is an array of tables. */
  const resolve = (keys: readonly string[]): (string | number)[] => {
    const out: (string | number)[] = [];
    keys.forEach((k, i) => {
      out.push(k);
      const index = i < keys.length - 1 ? arrays.get(JSON.stringify(out)) : undefined;
      if (index !== undefined) out.push(index);
    });
    return out;
  };

  const readValue = (path: (string | number)[]): void => {
    const c = peek();
    if (c === '"' || c === "'") {
      readString();
    } else if (c === '[') {
      advance();
      let index = 0;
      for (;;) {
        skipBlank();
        if (peek() === ']' || pos >= text.length) break;
        record([...path, index], line);
        readValue([...path, index]);
        index++;
        skipBlank();
        if (peek() === ',') advance();
      }
      advance();
    } else if (c === '{') {
      advance();
      for (;;) {
        skipBlank();
        if (peek() === '}' || pos >= text.length) break;
        readKeyValue(path);
        skipBlank();
        if (peek() === ',') advance();
      }
      advance();
    } else {
      // Numbers, booleans, dates and times (which may contain one space).
      const start = pos;
      while (pos < text.length && !/[,\]}\n#]/.test(peek())) pos++;
      onScalar?.(text.slice(start, pos));
    }
  };

  const readKeyValue = (base: readonly (string | number)[]) => {
    const at = line;
    const keys = readKey();
    const path = [...base];
    for (const k of keys) {
      path.push(k);
      record(path, at);
    }
    skipSpaces();
    if (peek() === '=') pos++;
    skipSpaces();
    readValue(path);
  };

  while (pos < text.length) {
    skipBlank();
    if (pos >= text.length) break;
    if (peek() === '[') {
      const isArray = peek(1) === '[';
      advance(isArray ? 2 : 1);
      const keys = readKey();
      advance(isArray ? 2 : 1);
      const resolved = resolve(keys);
      if (isArray) {
        const key = JSON.stringify(resolved);
        const index = (arrays.get(key) ?? -1) + 1;
        arrays.set(key, index);
        record(resolved, line);
        table = [...resolved, index];
      } else {
        table = resolved;
      }
      record(table, line);
    } else {
      readKeyValue(table);
    }
    // The rest of the line: spaces and a comment.
    skipSpaces();
    if (peek() === '#') while (pos < text.length && peek() !== '\n') pos++;
    if (peek() === '\r') pos++;
    if (peek() === '\n') advance();
  }
  return lines;
}
