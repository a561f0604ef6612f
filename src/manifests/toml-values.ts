/**
 * Reading typed values out of parsed TOML without trusting its shape: every accessor either
 * returns the expected type or records an error at the value's line.
 */
import type { Diagnostic } from '../diagnostics.js';

export type TomlPath = readonly (string | number)[];
export type Table = Readonly<Record<string, unknown>>;

export function isTable(value: unknown): value is Table {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
  );
}

/** The value at a path below `root`, or undefined. */
export function at(root: unknown, path: TomlPath): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (typeof key === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = (current as unknown[])[key];
    } else {
      if (!isTable(current) || !Object.hasOwn(current, key)) return undefined;
      current = current[key];
    }
  }
  return current;
}

/** `a.b."c/d"[2]` for messages. */
export function describePath(path: TomlPath): string {
  return path
    .map((k, i) =>
      typeof k === 'number'
        ? `[${String(k)}]`
        : `${i === 0 ? '' : '.'}${/^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k)}`,
    )
    .join('');
}

/** Where values are read from: the document, its line locator and the error list. */
export class TomlReader {
  constructor(
    readonly root: unknown,
    readonly file: string,
    readonly lineOf: (path: TomlPath) => number | null,
    readonly errors: Diagnostic[],
  ) {}

  get(path: TomlPath): unknown {
    return at(this.root, path);
  }

  line(path: TomlPath): number | null {
    for (let p = [...path]; p.length > 0; p = p.slice(0, -1)) {
      const line = this.lineOf(p);
      if (line !== null) return line;
    }
    return null;
  }

  error(path: TomlPath, message: string): void {
    this.errors.push({ file: this.file, line: this.line(path), message });
  }

  /** A table, or null when absent; a value of another type is an error. */
  table(path: TomlPath): Table | null {
    const value = this.get(path);
    if (value === undefined) return null;
    if (isTable(value)) return value;
    this.error(path, `${describePath(path)} must be a table`);
    return null;
  }

  /** An array, or null when absent. */
  array(path: TomlPath): readonly unknown[] | null {
    const value = this.get(path);
    if (value === undefined) return null;
    if (Array.isArray(value)) return value as unknown[];
    this.error(path, `${describePath(path)} must be an array`);
    return null;
  }

  string(path: TomlPath): string | null {
    const value = this.get(path);
    if (value === undefined) return null;
    if (typeof value === 'string') return value;
    this.error(path, `${describePath(path)} must be a string`);
    return null;
  }

  /** Each string of an array with its path; other items are errors. */
  strings(path: TomlPath): { value: string; path: TomlPath }[] {
    const items = this.array(path) ?? [];
    const out: { value: string; path: TomlPath }[] = [];
    items.forEach((item, i) => {
      if (typeof item === 'string') out.push({ value: item, path: [...path, i] });
      else this.error([...path, i], `${describePath([...path, i])} must be a string`);
    });
    return out;
  }
}
