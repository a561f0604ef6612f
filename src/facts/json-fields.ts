/**
 * Pulls chosen fields out of a JSON document, chunk by chunk, without building it. PyPI's
 * Simple pages list every file of every release, tens of megabytes for a big project, of which
 * a few fields per file are read: `JSON.parse` would build every object (and the one string of
 * the whole body) only for most of it to become garbage.
 *
 * The whole document is checked as JSON: structure, literals, numbers, escapes and control
 * characters in strings. Only the values the field tree names are decoded; bytes that are not
 * UTF-8 decode to U+FFFD.
 */

/** Where in a document values are wanted: object members by name, array elements. */
export interface FieldTree {
  /** Given back to the sink, so it knows which place a value or container is at. */
  readonly id: number;
  /** An object here is reported, and these of its members are followed. */
  readonly members?: Readonly<Record<string, FieldTree>>;
  /** An array here is reported, and each element is followed with this tree. */
  readonly items?: FieldTree;
}

export type JsonScalar = string | number | boolean | null;

/** What the reader reports, in document order. A member repeated is reported each time. */
export interface FieldSink {
  /** A scalar at a place of the tree. */
  value(id: number, value: JsonScalar): void;
  /** An object at a place with `members`, or an array at a place with `items`, starts. */
  open(id: number): void;
  close(id: number): void;
}

/** The document is not JSON, or goes past a limit; `offset` is the byte where it was seen. */
export class JsonFieldError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at byte ${String(offset)}`);
  }
}

export interface FieldLimits {
  /** Deepest nesting of objects and arrays (default 64). */
  maxDepth?: number;
  /** Longest key or wanted value, in bytes (default 1 MiB). */
  maxValueBytes?: number;
}

/** A tree with its member names as UTF-8 bytes, for matching keys without decoding them. */
interface Place {
  id: number;
  /** Members by the length of their name in bytes, then name (null: no object followed). */
  byLength: (readonly Member[] | undefined)[] | null;
  byName: ReadonlyMap<string, Place>;
  items: Place | null;
}

interface Member {
  name: Uint8Array;
  place: Place;
}

const ENCODER = new TextEncoder();

/** Trees are constants of their readers' modules: each is compiled once, not once a page. */
const COMPILED = new WeakMap<FieldTree, Place>();

function compiled(tree: FieldTree): Place {
  let place = COMPILED.get(tree);
  if (place === undefined) COMPILED.set(tree, (place = compile(tree)));
  return place;
}

function compile(tree: FieldTree): Place {
  const members = Object.entries(tree.members ?? {}).map(([name, child]) => ({
    text: name,
    name: ENCODER.encode(name),
    place: compile(child),
  }));
  const byLength: Member[][] = [];
  for (const m of members) (byLength[m.name.length] ??= []).push(m);
  return {
    id: tree.id,
    byLength: tree.members === undefined ? null : byLength,
    byName: new Map(members.map((m) => [m.text, m.place])),
    items: tree.items === undefined ? null : compile(tree.items),
  };
}

// What the reader expects next.
const VALUE = 0; // a value (after `:` or `,` in an array, or at the top)
const FIRST_ITEM = 1; // a value or `]`
const FIRST_KEY = 2; // a key or `}`
const KEY = 3; // a key (after `,` in an object)
const COLON = 4;
const AFTER = 5; // `,` or the end of the container (or of the document at the top)
const STRING = 6;
const ESCAPE = 7; // the character after `\`
const HEX = 8; // the hex digits of `\u`
const LITERAL = 9; // the rest of `true`, `false` or `null`
const DONE = 10; // only white space
// Numbers, by the JSON grammar: after `-`, after a leading 0, in the integer part, after `.`,
// in the fraction, after `e`, after its sign, in the exponent.
const N_MINUS = 11;
const N_ZERO = 12;
const N_INT = 13;
const N_DOT = 14;
const N_FRAC = 15;
const N_E = 16;
const N_ESIGN = 17;
const N_EXP = 18;

/** Number states a number may end in. */
const NUMBER_ENDS = new Set([N_ZERO, N_INT, N_FRAC, N_EXP]);

// What a string being read is.
const SKIPPED = 0;
const WANTED = 1;
const NAME = 2;
/** A key of an object not followed. */
const SKIPPED_NAME = 3;

const OBJECT = 1;
const ARRAY = 2;

interface Literal {
  bytes: Uint8Array;
  value: boolean | null;
}

/** The literal a byte starts, by byte (a dense array: a lookup that misses costs nothing). */
const LITERALS: (Literal | undefined)[] = Array.from({ length: 256 }, () => undefined);
for (const [text, value] of [
  ['true', true],
  ['false', false],
  ['null', null],
] as const)
  LITERALS[text.charCodeAt(0)] = { bytes: ENCODER.encode(text), value };
const ESCAPES = new Set(Array.from('"\\/bfnrtu', (c) => c.charCodeAt(0)));

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const shown = (c: number) =>
  c >= 0x21 && c <= 0x7e ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16)}`;

export class JsonFieldReader {
  private readonly maxDepth: number;
  private readonly maxValueBytes: number;
  private mode = VALUE;
  /** Bytes read in earlier chunks. */
  private offset = 0;
  private depth = 0;
  private readonly kinds: Uint8Array;
  /** The place of each open container (null: not followed). */
  private readonly containers: (Place | null)[] = [];
  /** The place of the value that comes next. */
  private target: Place | null;
  private role = SKIPPED;
  /** Bytes of a wanted string or key from earlier chunks. */
  private pieces: Buffer[] = [];
  private pieceBytes = 0;
  private escaped = false;
  private hexLeft = 0;
  private literal: Literal | null = null;
  private literalAt = 0;
  /** The text of a wanted number so far. */
  private number = '';

  constructor(
    tree: FieldTree,
    private readonly sink: FieldSink,
    limits: FieldLimits = {},
  ) {
    this.maxDepth = limits.maxDepth ?? 64;
    this.maxValueBytes = limits.maxValueBytes ?? 1024 * 1024;
    this.kinds = new Uint8Array(this.maxDepth);
    this.target = compiled(tree);
  }

  write(chunk: Buffer): void {
    const n = chunk.length;
    const words = wordsOf(chunk);
    let i = 0;
    // Where the wanted string or key being read starts in this chunk.
    let from = 0;
    let mode = this.mode;
    while (i < n) {
      if (mode === STRING) {
        // Most bytes are inside strings, most strings are not wanted: a tight scan.
        i = nextStop(chunk, words, i);
        if (i === n) break;
        const c = chunk[i] as number;
        if (c === 0x22) {
          const { role } = this;
          if (role === SKIPPED) mode = this.depth === 0 ? DONE : AFTER;
          else if (role === SKIPPED_NAME) mode = COLON;
          else mode = this.endString(chunk, from, i);
          i++;
          // A key's colon, when it follows at once, is read with it.
          if (mode === COLON && chunk[i] === 0x3a) {
            mode = VALUE;
            i++;
          }
          continue;
        }
        if (c === 0x5c) {
          if (this.role === WANTED || this.role === NAME) this.escaped = true;
          mode = ESCAPE;
          i++;
          continue;
        }
        throw this.error(`control character 0x${c.toString(16)} in a string`, i);
      }
      const c = chunk[i] as number;
      // The states inside a token (escapes, literals, numbers) come after the punctuation's.
      if (mode > AFTER && mode !== DONE)
        switch (mode) {
          case ESCAPE:
            if (!ESCAPES.has(c)) throw this.error(`invalid escape \\${String.fromCharCode(c)}`, i);
            if (c === 0x75) {
              this.hexLeft = 4;
              mode = HEX;
            } else mode = STRING;
            i++;
            continue;
          case HEX:
            if (!isHex(c)) throw this.error('invalid \\u escape', i);
            if (--this.hexLeft === 0) mode = STRING;
            i++;
            continue;
          case LITERAL: {
            const literal = this.literal as NonNullable<typeof this.literal>;
            if (c !== literal.bytes[this.literalAt]) throw this.error('invalid literal', i);
            i++;
            if (++this.literalAt === literal.bytes.length) {
              if (this.target !== null) this.sink.value(this.target.id, literal.value);
              mode = this.depth === 0 ? DONE : AFTER;
            }
            continue;
          }
          case N_MINUS:
          case N_ZERO:
          case N_INT:
          case N_DOT:
          case N_FRAC:
          case N_E:
          case N_ESIGN:
          case N_EXP: {
            const next = numberStep(mode, c);
            if (next !== null) {
              if (this.target !== null) {
                if (this.number.length >= this.maxValueBytes) throw this.tooLong(i);
                this.number += String.fromCharCode(c);
              }
              mode = next;
              i++;
              continue;
            }
            if (!NUMBER_ENDS.has(mode)) throw this.error('invalid number', i);
            this.endNumber();
            mode = this.depth === 0 ? DONE : AFTER;
            continue; // the byte is read again after the number
          }
          default:
            break;
        }
      if (isSpace(c)) {
        i++;
        continue;
      }
      switch (mode) {
        case VALUE:
        case FIRST_ITEM:
          if (c === 0x5d && mode === FIRST_ITEM) {
            mode = this.close(ARRAY, i);
            break;
          }
          if (c !== 0x22 && c !== 0x7b && c !== 0x5b) {
            // A number or literal that ends in this chunk is read in one step.
            const end = this.scalar(chunk, i);
            if (end >= 0) {
              i = end;
              mode = this.depth === 0 ? DONE : AFTER;
              continue;
            }
          }
          mode = this.startValue(c, i);
          from = i + 1;
          break;
        case FIRST_KEY:
        case KEY:
          if (c === 0x22) {
            this.startKey();
            mode = STRING;
            from = i + 1;
          } else if (c === 0x7d && mode === FIRST_KEY) mode = this.close(OBJECT, i);
          else throw this.error(`expected a key, found ${shown(c)}`, i);
          break;
        case COLON:
          if (c !== 0x3a) throw this.error(`expected ':', found ${shown(c)}`, i);
          mode = VALUE;
          break;
        case AFTER: {
          const kind = this.kinds[this.depth - 1];
          if (c === 0x2c) {
            if (kind === OBJECT) {
              mode = KEY;
              // The next key's quote, when it follows at once, is read with the comma.
              if (chunk[i + 1] === 0x22) {
                this.startKey();
                mode = STRING;
                from = i + 2;
                i += 2;
                continue;
              }
            } else {
              this.target = this.containers[this.depth - 1]?.items ?? null;
              mode = VALUE;
            }
          } else if (c === 0x7d && kind === OBJECT) mode = this.close(OBJECT, i);
          else if (c === 0x5d && kind === ARRAY) mode = this.close(ARRAY, i);
          else throw this.error(`expected ',' or the end of the container, found ${shown(c)}`, i);
          break;
        }
        case DONE:
          throw this.error(`${shown(c)} after the end of the document`, i);
      }
      i++;
    }
    if (
      (mode === STRING || mode === ESCAPE || mode === HEX) &&
      (this.role === WANTED || this.role === NAME)
    )
      this.keep(chunk.subarray(from, n), n);
    this.mode = mode;
    this.offset += n;
  }

  /** The document must be complete. */
  end(): void {
    let mode = this.mode;
    if (NUMBER_ENDS.has(mode) && this.depth === 0) {
      this.endNumber();
      mode = DONE;
    }
    if (mode !== DONE) throw this.error('the document ends early', 0);
  }

  private error(message: string, at: number): JsonFieldError {
    return new JsonFieldError(message, this.offset + at);
  }

  private tooLong(at: number): JsonFieldError {
    return this.error(`a key or value longer than ${String(this.maxValueBytes)} bytes`, at);
  }

  /** A key starts: read as a name when its object is followed. */
  private startKey(): void {
    if (this.containers[this.depth - 1] === null) {
      this.role = SKIPPED_NAME;
      this.target = null;
    } else this.role = NAME;
  }

  private startValue(c: number, at: number): number {
    if (c === 0x22) {
      this.role = this.target === null ? SKIPPED : WANTED;
      return STRING;
    }
    if (c === 0x7b || c === 0x5b) {
      if (this.depth === this.maxDepth) {
        throw this.error(`nested deeper than ${String(this.maxDepth)} levels`, at);
      }
      const kind = c === 0x7b ? OBJECT : ARRAY;
      const place = this.target;
      const followed =
        place !== null && (kind === OBJECT ? place.byLength !== null : place.items !== null);
      this.kinds[this.depth] = kind;
      this.containers[this.depth] = followed ? place : null;
      this.depth++;
      if (followed) this.sink.open(place.id);
      if (kind === ARRAY) this.target = followed ? place.items : null;
      return kind === OBJECT ? FIRST_KEY : FIRST_ITEM;
    }
    if (c === 0x2d || isDigit(c)) {
      if (this.target !== null) this.number = String.fromCharCode(c);
      return c === 0x2d ? N_MINUS : c === 0x30 ? N_ZERO : N_INT;
    }
    const literal = LITERALS[c];
    if (literal !== undefined) {
      this.literal = literal;
      this.literalAt = 1;
      return LITERAL;
    }
    throw this.error(`expected a value, found ${shown(c)}`, at);
  }

  /**
   * Reads the number or literal at `at` when it ends before the chunk does, reports it, and
   * gives the index after it; -1 when it may go on in the next chunk (the byte-by-byte states
   * take it then). Errors are those the states give, at the same bytes.
   */
  private scalar(chunk: Buffer, at: number): number {
    const n = chunk.length;
    const c = chunk[at] as number;
    const literal = LITERALS[c];
    if (literal !== undefined) {
      const { bytes } = literal;
      if (at + bytes.length > n) return -1;
      for (let k = 1; k < bytes.length; k++)
        if (chunk[at + k] !== bytes[k]) throw this.error('invalid literal', at + k);
      if (this.target !== null) this.sink.value(this.target.id, literal.value);
      return at + bytes.length;
    }
    if (c !== 0x2d && !isDigit(c)) return -1; // not a value: startValue says so
    let j = c === 0x2d ? at + 1 : at;
    if (j >= n) return -1;
    if (chunk[j] === 0x30) j++;
    else if (isDigit(chunk[j] as number)) j = digitsFrom(chunk, j + 1);
    else throw this.error('invalid number', j);
    if (j < n && chunk[j] === 0x2e) {
      const start = ++j;
      j = digitsFrom(chunk, j);
      if (j === start && j >= n) return -1;
      if (j === start) throw this.error('invalid number', j);
    }
    if (j < n && (chunk[j] === 0x65 || chunk[j] === 0x45)) {
      j++;
      if (j < n && (chunk[j] === 0x2b || chunk[j] === 0x2d)) j++;
      const start = j;
      j = digitsFrom(chunk, j);
      if (j === start && j >= n) return -1;
      if (j === start) throw this.error('invalid number', j);
    }
    if (j >= n) return -1;
    if (this.target !== null) {
      if (j - at > this.maxValueBytes) throw this.tooLong(at + this.maxValueBytes);
      this.sink.value(this.target.id, Number(chunk.toString('latin1', at, j)));
    }
    return j;
  }

  private close(kind: number, at: number): number {
    if (this.depth === 0 || this.kinds[this.depth - 1] !== kind) {
      throw this.error('unbalanced brackets', at);
    }
    this.depth--;
    const place = this.containers[this.depth];
    if (place !== null && place !== undefined) this.sink.close(place.id);
    return this.depth === 0 ? DONE : AFTER;
  }

  private endNumber(): void {
    if (this.target !== null) this.sink.value(this.target.id, Number(this.number));
  }

  /** Holds the part of a wanted string that ends a chunk. */
  private keep(bytes: Buffer, at: number): void {
    this.pieceBytes += bytes.length;
    if (this.pieceBytes > this.maxValueBytes) {
      throw this.tooLong(at);
    }
    this.pieces.push(Buffer.from(bytes));
  }

  /** At the closing quote: a key chooses the next value's place; a wanted value is reported. */
  private endString(chunk: Buffer, from: number, to: number): number {
    const { role } = this;
    let bytes = chunk;
    if (this.pieces.length > 0) {
      bytes = Buffer.concat([...this.pieces, chunk.subarray(from, to)]);
      this.pieces = [];
      this.pieceBytes = 0;
      from = 0;
      to = bytes.length;
    }
    if (to - from > this.maxValueBytes) {
      throw this.tooLong(to);
    }
    const escaped = this.escaped;
    this.escaped = false;
    if (role === NAME) {
      const parent = this.containers[this.depth - 1] ?? null;
      this.target = parent === null ? null : member(parent, bytes, from, to, escaped);
      return COLON;
    }
    if (this.target !== null) this.sink.value(this.target.id, decode(bytes, from, to, escaped));
    return this.depth === 0 ? DONE : AFTER;
  }
}

const NO_WORDS = new Int32Array(0);

const isStop = (c: number) => c === 0x22 || c === 0x5c || c < 0x20;

/**
 * The first byte from `i` on that is `"`, `\` or below 0x20, or the chunk's length: four bytes
 * at a time from the first aligned byte to the word that holds it, then one by one.
 */
function nextStop(chunk: Buffer, words: Words, i: number): number {
  const n = chunk.length;
  const aligned = Math.min(n, i + ((words.lead - i) & 3));
  for (; i < aligned; i++) if (isStop(chunk[i] as number)) return i;
  if (i === n) return n;
  let k = (i - words.lead) >> 2;
  const view = words.view;
  while (k < view.length && !stopsIn(view[k] as number)) k++;
  for (i = words.lead + 4 * k; i < n; i++) if (isStop(chunk[i] as number)) return i;
  return n;
}

interface Words {
  lead: number;
  view: Int32Array;
}

/**
 * A chunk as 32-bit words from its first 4-byte aligned byte (`lead`): typed-array views
 * must be aligned, and chunks are slices of the socket's buffers at any offset.
 */
function wordsOf(chunk: Buffer): Words {
  const lead = (4 - (chunk.byteOffset & 3)) & 3;
  if (chunk.length < lead + 4) return { lead, view: NO_WORDS };
  const count = (chunk.length - lead) >> 2;
  return { lead, view: new Int32Array(chunk.buffer, chunk.byteOffset + lead, count) };
}

/**
 * Whether one of a word's four bytes is `"`, `\` or below 0x20 (the bit tricks of "Bit
 * Twiddling Hacks": a byte equal to zero, or less than n, sets its top bit; a false alarm
 * comes only with a true one, so the bytes of a word that says yes are looked at one by one).
 */
export function stopsIn(w: number): boolean {
  const quote = w ^ 0x22222222;
  const backslash = w ^ 0x5c5c5c5c;
  const found =
    ((quote - 0x01010101) & ~quote) |
    ((backslash - 0x01010101) & ~backslash) |
    ((w - 0x20202020) & ~w);
  return (found & 0x80808080) !== 0;
}

/** The index of the first byte from `i` on that is no digit, or the chunk's length. */
function digitsFrom(chunk: Buffer, i: number): number {
  const n = chunk.length;
  while (i < n && isDigit(chunk[i] as number)) i++;
  return i;
}

/** The number state after byte `c`, or null when `c` does not continue the number. */
function numberStep(mode: number, c: number): number | null {
  const digit = isDigit(c);
  switch (mode) {
    case N_MINUS:
      return c === 0x30 ? N_ZERO : digit ? N_INT : null;
    case N_ZERO:
    case N_INT:
      if (digit) return mode === N_INT ? N_INT : null;
      return c === 0x2e ? N_DOT : c === 0x65 || c === 0x45 ? N_E : null;
    case N_DOT:
    case N_FRAC:
      if (digit) return N_FRAC;
      return mode === N_FRAC && (c === 0x65 || c === 0x45) ? N_E : null;
    case N_E:
      return digit ? N_EXP : c === 0x2b || c === 0x2d ? N_ESIGN : null;
    default: // N_ESIGN, N_EXP
      return digit ? N_EXP : null;
  }
}

/** The string a key's or value's bytes (between the quotes) stand for. */
function decode(bytes: Buffer, from: number, to: number, escaped: boolean): string {
  const text = bytes.toString('utf8', from, to);
  // The escapes were checked as they were read: JSON.parse only undoes them.
  return escaped ? (JSON.parse(`"${text}"`) as string) : text;
}

function member(
  parent: Place,
  bytes: Buffer,
  from: number,
  to: number,
  escaped: boolean,
): Place | null {
  if (parent.byLength === null) return null;
  if (escaped) return parent.byName.get(decode(bytes, from, to, true)) ?? null;
  const length = to - from;
  const candidates = parent.byLength[length];
  if (candidates === undefined) return null;
  for (const { name, place } of candidates) {
    let j = 0;
    while (j < length && name[j] === bytes[from + j]) j++;
    if (j === length) return place;
  }
  return null;
}
