/** The package indexes a TOML manifest declares, as arrays of tables with `name` and `url`. */
import { safeUrl } from './dependency.js';
import { isTable, type TomlPath, type TomlReader } from './toml-values.js';
import type { DeclaredIndex } from './types.js';

/** Every entry with a string `url` in the arrays of tables at `paths`, at its line. */
export function declaredIndexes(reader: TomlReader, paths: readonly TomlPath[]): DeclaredIndex[] {
  const out: DeclaredIndex[] = [];
  for (const path of paths) {
    const value = reader.get(path);
    if (!Array.isArray(value)) continue;
    (value as unknown[]).forEach((entry, i) => {
      if (!isTable(entry) || typeof entry.url !== 'string') return;
      out.push({
        name: typeof entry.name === 'string' ? entry.name : null,
        url: safeUrl(entry.url),
        file: reader.file,
        line: reader.line([...path, i, 'url']),
      });
    });
  }
  return out;
}

/** Index URLs given as a string or a list of strings at `paths` (uv's `index-url`, `extra-index-url`). */
export function indexUrlKeys(reader: TomlReader, paths: readonly TomlPath[]): DeclaredIndex[] {
  const out: DeclaredIndex[] = [];
  for (const path of paths) {
    const value = reader.get(path);
    const urls = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
    (urls as unknown[]).forEach((url, i) => {
      if (typeof url !== 'string') return;
      const at = typeof value === 'string' ? path : [...path, i];
      out.push({ name: null, url: safeUrl(url), file: reader.file, line: reader.line(at) });
    });
  }
  return out;
}
