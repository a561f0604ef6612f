/**
 * A one-pass reader for the plain TOML that locks and manifests are written in: it builds the
 * tree and records lines together, which is three times faster than smol-toml followed by the
 * line finder. It reads a strict subset (bare or one-line quoted keys, one-line strings with
 * the simple escapes, decimal integers, booleans, arrays, one-line inline tables, `[table]`
 * and `[[array]]` headers that define each table once) and gives up — returns null — on
 * anything else, valid or not: smol-toml then reads the text and reports its errors. So the
 * subset it accepts must be read exactly as smol-toml reads it, and nothing invalid accepted
 * (the toml-test suite checks both).
 */

/** Map key of a path (see `keyOf` in toml.ts): segments and indexes cannot be confused. */
export const SEGMENT = '\u0001';
export const INDEX = '\u0002';

/** Deeper trees are left to the full reader, which reports them (MAX_TOML_DEPTH). */
const MAX_FAST_DEPTH = 64;

/** Thrown (and caught in parseFast) where the text leaves the subset. */
const GIVE_UP = new Error('not in the fast subset');
const giveUp = (): never => {
  throw GIVE_UP;
};

const C = {
  tab: 9,
  newline: 10,
  cr: 13,
  space: 32,
  quote: 34,
  hash: 35,
  apostrophe: 39,
  plus: 43,
  comma: 44,
  minus: 45,
  dot: 46,
  zero: 48,
  nine: 57,
  equals: 61,
  open: 91,
  backslash: 92,
  close: 93,
  brace: 123,
  unbrace: 125,
  del: 127,
} as const;

const SIMPLE_ESCAPES: Readonly<Record<number, string>> = {
  98: '\b',
  116: '\t',
  110: '\n',
  102: '\f',
  114: '\r',
  34: '"',
  92: '\\',
};

function isBareKeyChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45
  );
}

/** Characters allowed in comments and one-line strings: tab, and none of the controls. */
const isTextChar = (c: number): boolean => (c >= 32 && c !== C.del) || c === C.tab;

/** After a number or boolean: whatever may follow a value (NaN is the end of the text). */
function endsValue(c: number): boolean {
  return (
    Number.isNaN(c) ||
    c === C.space ||
    c === C.tab ||
    c === C.newline ||
    c === C.cr ||
    c === C.hash ||
    c === C.comma ||
    c === C.close ||
    c === C.unbrace
  );
}

type Table = Record<string, unknown>;

/**
 * Tables without Object.prototype, as smol-toml makes them (a key named `constructor` or
 * `__proto__` is plain data), but built from a constructor so V8 gives them fast properties:
 * `Object.create(null)` tables are dictionaries, and their garbage was half the parse time.
 */
function TomlTable(this: object): void {}
TomlTable.prototype = Object.create(null) as object;
const newTable = (): Table => new (TomlTable as unknown as new () => Table)();

export interface FastToml {
  value: Table;
  /** Line of each key path up to `maxDepth` segments, keyed as toml.ts's `keyOf`. */
  lines: Map<string, number>;
}

export function parseFast(text: string, maxDepth: number): FastToml | null {
  try {
    return new FastReader(text, maxDepth).read();
  } catch (e) {
    if (e === GIVE_UP) return null;
    throw e;
  }
}

class FastReader {
  private pos = 0;
  private line = 1;
  private readonly lines = new Map<string, number>();
  private readonly root: Table = newTable();
  /** Tables a header may descend into (header-made, implicit, or array-of-tables elements). */
  private readonly headerTables = new Set<object>();
  /** Tables only named on the way to a header, which a later header may still define. */
  private readonly implicit = new Set<object>();
  private readonly tableArrays = new Set<object>();
  /** Tables made by dotted keys since the last header: later dotted keys may add to them. */
  private dotted: Set<object> | null = null;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  read(): FastToml {
    const { text } = this;
    let table = this.root;
    let key: string | null = '';
    let depth = 0;
    while (this.skipBlankLines()) {
      if (text.charCodeAt(this.pos) === C.open) {
        const header = this.header();
        table = header.table;
        key = header.key;
        depth = header.depth;
      } else {
        this.keyValue(table, key, depth, true);
      }
      this.endOfLine();
    }
    return { value: this.root, lines: this.lines };
  }

  private record(key: string | null, line: number): void {
    if (key !== null && !this.lines.has(key)) this.lines.set(key, line);
  }

  private child(key: string | null, segment: string, depth: number): string | null {
    return key === null || depth > this.maxDepth ? null : key + segment;
  }

  /** Skips blank and comment lines; false at the end of the text. */
  private skipBlankLines(): boolean {
    const { text } = this;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c === C.space || c === C.tab) this.pos++;
      else if (c === C.hash) this.comment();
      else if (c === C.newline || c === C.cr) this.newline();
      else return !Number.isNaN(c);
    }
  }

  /** Whitespace, comments and newlines, as allowed between array elements. */
  private skipBlank(): void {
    const { text } = this;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c === C.space || c === C.tab) this.pos++;
      else if (c === C.hash) this.comment();
      else if (c === C.newline || c === C.cr) this.newline();
      else return;
    }
  }

  private skipSpaces(): void {
    const { text } = this;
    let c = text.charCodeAt(this.pos);
    while (c === C.space || c === C.tab) c = text.charCodeAt(++this.pos);
  }

  private newline(): void {
    if (this.text.charCodeAt(this.pos) === C.cr) {
      this.pos++;
      if (this.text.charCodeAt(this.pos) !== C.newline) giveUp();
    }
    this.pos++;
    this.line++;
  }

  /** A comment up to (not including) the line break; control characters are not allowed. */
  private comment(): void {
    const { text } = this;
    let c = text.charCodeAt(++this.pos);
    while (c !== C.newline && !Number.isNaN(c)) {
      if (!isTextChar(c)) {
        if (c === C.cr) return;
        giveUp();
      }
      c = text.charCodeAt(++this.pos);
    }
  }

  /** After a header or key/value: spaces, a comment, then a line break or the end. */
  private endOfLine(): void {
    this.skipSpaces();
    const c = this.text.charCodeAt(this.pos);
    if (c === C.hash) this.comment();
    const d = this.text.charCodeAt(this.pos);
    if (d === C.newline || d === C.cr) this.newline();
    else if (!Number.isNaN(d)) giveUp();
  }

  /** One key segment: bare, or a one-line basic or literal string. */
  private keySegment(): string {
    const { text } = this;
    const c = text.charCodeAt(this.pos);
    if (c === C.quote || c === C.apostrophe) return this.string();
    const start = this.pos;
    while (isBareKeyChar(text.charCodeAt(this.pos))) this.pos++;
    if (this.pos === start) giveUp();
    return text.slice(start, this.pos);
  }

  /** A dotted key: its segments (at most MAX_FAST_DEPTH). */
  private key(): string[] {
    const keys: string[] = [];
    for (;;) {
      this.skipSpaces();
      keys.push(this.keySegment());
      if (keys.length > MAX_FAST_DEPTH) giveUp();
      this.skipSpaces();
      if (this.text.charCodeAt(this.pos) !== C.dot) return keys;
      this.pos++;
    }
  }

  private header(): { table: Table; key: string | null; depth: number } {
    const { text } = this;
    const at = this.line;
    const isArray = text.charCodeAt(this.pos + 1) === C.open;
    this.pos += isArray ? 2 : 1;
    const keys = this.key();
    if (text.charCodeAt(this.pos) !== C.close) giveUp();
    if (isArray && text.charCodeAt(this.pos + 1) !== C.close) giveUp();
    this.pos += isArray ? 2 : 1;
    this.dotted = null; // made when a dotted key needs it: most sections have none

    let table = this.root;
    let key: string | null = '';
    let depth = 0;
    const last = keys.length - 1;
    for (let i = 0; i < last; i++) {
      const k = keys[i] as string;
      depth++;
      key = this.child(key, SEGMENT + k, depth);
      let next = table[k];
      if (next === undefined) {
        next = newTable();
        table[k] = next;
        this.headerTables.add(next as Table);
        this.implicit.add(next as Table);
      } else if (this.tableArrays.has(next as object)) {
        const elements = next as Table[];
        depth++;
        key = this.child(key, INDEX + String(elements.length - 1), depth);
        next = elements[elements.length - 1];
      } else if (!this.headerTables.has(next as object)) giveUp();
      table = next as Table;
    }
    const k = keys[last] as string;
    depth++;
    key = this.child(key, SEGMENT + k, depth);
    const existing = table[k];
    let made: Table;
    if (isArray) {
      let elements = existing as Table[] | undefined;
      if (elements === undefined) {
        elements = [];
        table[k] = elements;
        this.tableArrays.add(elements);
      } else if (!this.tableArrays.has(elements)) giveUp();
      this.record(key, at);
      made = newTable();
      elements.push(made);
      depth++;
      key = this.child(key, INDEX + String(elements.length - 1), depth);
    } else if (existing === undefined) {
      made = newTable();
      table[k] = made;
    } else if (this.implicit.has(existing as object)) {
      made = existing as Table;
      this.implicit.delete(made);
    } else return giveUp();
    if (depth > MAX_FAST_DEPTH) giveUp();
    this.headerTables.add(made);
    this.record(key, at);
    return { table: made, key, depth };
  }

  /** `a.b = value` into `table`; dotted keys only outside inline tables. */
  private keyValue(table: Table, base: string | null, baseDepth: number, dots: boolean): void {
    const at = this.line;
    this.skipSpaces();
    const first = this.keySegment();
    this.skipSpaces();
    // Most keys are not dotted: no array for them.
    const dottedKey = dots && this.text.charCodeAt(this.pos) === C.dot;
    const keys = dottedKey ? (this.pos++, [first, ...this.key()]) : null;
    if (keys !== null && keys.length > MAX_FAST_DEPTH) giveUp();
    let key = base;
    let depth = baseDepth;
    const last = keys === null ? 0 : keys.length - 1;
    for (let i = 0; i < last; i++) {
      const k = (keys as string[])[i] as string;
      depth++;
      key = this.child(key, SEGMENT + k, depth);
      this.record(key, at);
      let next = table[k];
      if (next === undefined) {
        next = newTable();
        table[k] = next;
        (this.dotted ??= new Set()).add(next as Table);
      } else if (this.dotted?.has(next as object) !== true) giveUp();
      table = next as Table;
    }
    const k = keys === null ? first : (keys[last] as string);
    depth++;
    key = this.child(key, SEGMENT + k, depth);
    this.record(key, at);
    if (table[k] !== undefined) giveUp();
    if (this.text.charCodeAt(this.pos) !== C.equals) giveUp();
    this.pos++;
    this.skipSpaces();
    table[k] = this.value(key, depth);
  }

  private value(key: string | null, depth: number): unknown {
    if (depth > MAX_FAST_DEPTH) giveUp();
    const { text } = this;
    const c = text.charCodeAt(this.pos);
    if (c === C.quote || c === C.apostrophe) return this.string();
    if (c === C.open) return this.array(key, depth);
    if (c === C.brace) return this.inlineTable(key, depth);
    if (c === 116 && text.startsWith('true', this.pos)) return this.word(true, 4);
    if (c === 102 && text.startsWith('false', this.pos)) return this.word(false, 5);
    return this.integer();
  }

  private word(value: boolean, length: number): boolean {
    this.pos += length;
    if (!endsValue(this.text.charCodeAt(this.pos))) giveUp();
    return value;
  }

  /** Decimal integers without underscores that fit a double exactly; anything else gives up. */
  private integer(): number {
    const { text } = this;
    const start = this.pos;
    let c = text.charCodeAt(this.pos);
    if (c === C.minus || c === C.plus) c = text.charCodeAt(++this.pos);
    const first = this.pos;
    while (c >= C.zero && c <= C.nine) c = text.charCodeAt(++this.pos);
    const digits = this.pos - first;
    if (digits === 0 || !endsValue(c)) giveUp();
    // Leading zeros are invalid; a signed zero is left to the full reader.
    if (text.charCodeAt(first) === C.zero && (digits > 1 || first !== start)) giveUp();
    const n = Number(text.slice(start, this.pos));
    if (!Number.isSafeInteger(n)) giveUp();
    return n;
  }

  /** A one-line basic or literal string; multi-line strings and rare escapes give up. */
  private string(): string {
    const { text } = this;
    const quote = text.charCodeAt(this.pos);
    if (text.charCodeAt(this.pos + 1) === quote && text.charCodeAt(this.pos + 2) === quote) {
      giveUp();
    }
    let start = ++this.pos;
    let out = '';
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c === quote) break;
      if (c === C.backslash && quote === C.quote) {
        const escaped = SIMPLE_ESCAPES[text.charCodeAt(this.pos + 1)];
        if (escaped === undefined) giveUp();
        out += text.slice(start, this.pos) + (escaped as string);
        this.pos += 2;
        start = this.pos;
        continue;
      }
      if (!isTextChar(c)) giveUp();
      this.pos++;
    }
    out += text.slice(start, this.pos);
    this.pos++;
    return out;
  }

  private array(key: string | null, depth: number): unknown[] {
    const { text } = this;
    const elements: unknown[] = [];
    this.pos++;
    for (;;) {
      this.skipBlank();
      if (text.charCodeAt(this.pos) === C.close) break;
      const element = this.child(key, INDEX + String(elements.length), depth + 1);
      this.record(element, this.line);
      elements.push(this.value(element, depth + 1));
      this.skipBlank();
      const c = text.charCodeAt(this.pos);
      if (c === C.comma) this.pos++;
      else if (c === C.close) break;
      else giveUp();
    }
    this.pos++;
    return elements;
  }

  /** `{ a = 1, b = 2 }` on one line, no trailing comma, no dotted keys (TOML 1.0). */
  private inlineTable(key: string | null, depth: number): Table {
    const { text } = this;
    const table = newTable();
    this.pos++;
    this.skipSpaces();
    if (text.charCodeAt(this.pos) === C.unbrace) {
      this.pos++;
      return table;
    }
    for (;;) {
      this.keyValue(table, key, depth, false);
      this.skipSpaces();
      const c = text.charCodeAt(this.pos);
      this.pos++;
      if (c === C.unbrace) return table;
      if (c !== C.comma) giveUp();
      this.skipSpaces();
      if (text.charCodeAt(this.pos) === C.unbrace) giveUp();
    }
  }
}
