import type { Diagnostic } from '../../diagnostics.js';
import { dependencyFrom, safeUrl } from '../dependency.js';
import { emptyManifest } from '../empty.js';
import { isTable } from '../toml-values.js';
import type { DependencySource, Manifest } from '../types.js';
import { normalMarker, text } from './toml-lock.js';

/**
 * Lines of the keys two levels deep in pretty-printed JSON (`"default": {"requests": {`):
 * one pass that only tracks strings and nesting.
 */
export function jsonKeyLines(source: string): Map<string, number> {
  const lines = new Map<string, number>();
  const path: string[] = [];
  let depth = 0;
  let line = 1;
  let lastString: string | null = null;
  let lastStringLine = 1;
  for (let i = 0; i < source.length; i++) {
    const c = source.charAt(i);
    if (c === '\n') line++;
    else if (c === '"') {
      let j = i + 1;
      let value = '';
      while (j < source.length && source.charAt(j) !== '"') {
        if (source.charAt(j) === '\\') {
          value += source.charAt(j + 1);
          j += 2;
        } else value += source.charAt(j++);
      }
      lastString = value;
      lastStringLine = line;
      i = j;
    } else if (c === ':' && lastString !== null) {
      path[depth - 1] = lastString;
      path.length = depth;
      if (depth === 2) lines.set(JSON.stringify(path), lastStringLine);
      lastString = null;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    else if (c === ',') lastString = null;
  }
  return lines;
}

/** Pipfile.lock (JSON): `default` and `develop` sections, each package with `==version`. */
export function parsePipfileLock(path: string, source: string): Manifest {
  const manifest = emptyManifest(path, 'pipfile.lock');
  let doc: unknown;
  try {
    doc = JSON.parse(source);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const position = /position (\d+)/.exec(message)?.[1];
    const line =
      position === undefined ? null : source.slice(0, Number(position)).split('\n').length;
    manifest.errors.push({ file: path, line, message: `invalid JSON: ${message}` });
    return manifest;
  }
  if (!isTable(doc)) {
    manifest.errors.push({ file: path, line: 1, message: 'expected a JSON object' });
    return manifest;
  }
  const lines = jsonKeyLines(source);
  const errors: Diagnostic[] = manifest.errors;
  for (const section of Object.keys(doc)) {
    if (section === '_meta') continue;
    const packages = doc[section];
    if (!isTable(packages)) continue;
    for (const [name, raw] of Object.entries(packages)) {
      const line = lines.get(JSON.stringify([section, name])) ?? 1;
      if (!isTable(raw)) {
        errors.push({ file: path, line, message: `${section}.${name} must be an object` });
        continue;
      }
      const version = text(raw.version)?.replace(/^===?/, '') ?? null;
      let dep: DependencySource = { kind: 'registry', index: text(raw.index) };
      if (text(raw.git) !== null)
        dep = { kind: 'git', url: safeUrl(text(raw.git) ?? ''), ref: text(raw.ref) };
      else if (text(raw.path) !== null) dep = { kind: 'path', path: text(raw.path) ?? '' };
      else if (text(raw.file) !== null) dep = { kind: 'url', url: safeUrl(text(raw.file) ?? '') };
      const marker = normalMarker(text(raw.markers), (message) =>
        errors.push({ file: path, line, message: `${name}: ${message}` }),
      );
      const hashes = Array.isArray(raw.hashes)
        ? raw.hashes.filter((h): h is string => typeof h === 'string')
        : [];
      manifest.dependencies.push(
        dependencyFrom(
          {
            name,
            extras: Array.isArray(raw.extras)
              ? raw.extras.filter((e): e is string => typeof e === 'string')
              : [],
            specifier: version === null ? '' : `==${version}`,
            url: null,
            marker,
          },
          {
            file: path,
            line,
            group:
              section === 'default' ? 'main' : section === 'develop' ? 'dev' : `group:${section}`,
            source: dep,
            version,
            editable: raw.editable === true,
            hashes,
          },
        ),
      );
    }
  }
  return manifest;
}
