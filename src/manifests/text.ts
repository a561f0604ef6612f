import type { Diagnostic } from '../diagnostics.js';
import { err, ok, type Result } from '../result.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Manifest bytes to text: UTF-8 (a BOM is dropped), or UTF-16 when a BOM says so, as pip's
 * `auto_decode` does. Bytes that are not valid UTF-8 are an error at the line they sit on.
 */
export function decodeText(bytes: Uint8Array, file: string): Result<string, Diagnostic> {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return decodeWith('utf-16le', bytes.subarray(2), file);
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return decodeWith('utf-16be', bytes.subarray(2), file);
  try {
    return ok(UTF8.decode(bytes));
  } catch {
    return err({ file, line: lineOfBadByte(bytes), message: 'the file is not valid UTF-8' });
  }
}

function decodeWith(encoding: string, bytes: Uint8Array, file: string): Result<string, Diagnostic> {
  try {
    return ok(new TextDecoder(encoding, { fatal: true }).decode(bytes));
  } catch {
    return err({ file, line: null, message: `the file is not valid ${encoding.toUpperCase()}` });
  }
}

/** The line of the first byte sequence that is not UTF-8. */
function lineOfBadByte(bytes: Uint8Array): number {
  let line = 1;
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0x0a) continue;
    try {
      UTF8.decode(bytes.subarray(start, i));
    } catch {
      return line;
    }
    line++;
    start = i + 1;
  }
  return line;
}

/** Python's `str.splitlines()`: every line boundary Python knows, no trailing empty line. */
const SEPARATORS = String.fromCharCode(0x1c, 0x1d, 0x1e); // file, group and record separators
const LINE_BREAK = new RegExp(`\\r\\n|[\\n\\r\\v\\f${SEPARATORS}\\x85\\u2028\\u2029]`);

export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(LINE_BREAK);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** The longest piece of a line an error message quotes. */
export const EXCERPT_LIMIT = 80;

/** C0, DEL, C1, line and paragraph separators, bidi embeddings, overrides and isolates. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]+/g;

/**
 * A piece of a file as an error message may show it: control and bidi characters become
 * spaces and at most EXCERPT_LIMIT characters are kept, so a message never carries a whole
 * line (which might hold a secret) or an escape sequence.
 */
export function excerpt(text: string, max: number = EXCERPT_LIMIT): string {
  const flat = text.replace(UNSAFE, ' ');
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** An excerpt in double quotes, as messages quote what a line says. */
export const quote = (text: string): string => JSON.stringify(excerpt(text));
