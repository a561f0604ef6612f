/**
 * Pipenv's `Pipfile`: `[packages]`, `[dev-packages]` and other categories, each package a
 * specifier string (`"*"`, `">=1.0"`) or a table (`version`, `extras`, `markers`, marker
 * variables as keys, `git`/`ref`, `path`, `file`, `editable`, `index`), and `[requires]`.
 */
import { declaredIndexes } from './declared-indexes.js';
import { parseRequirement, requirementProblem } from '../pep508/requirement.js';
import { dependencyFrom } from './dependency.js';
import { readTomlManifest } from './toml-manifest.js';
import { describePath, isTable, type Table, type TomlPath } from './toml-values.js';
import type { DependencySource, Manifest } from './types.js';
import { safeUrl } from './dependency.js';
import { quote } from './text.js';

const MARKER_KEYS = [
  'os_name',
  'sys_platform',
  'platform_machine',
  'platform_python_implementation',
  'platform_release',
  'platform_system',
  'platform_version',
  'python_version',
  'python_full_version',
  'implementation_name',
  'implementation_version',
];

/** Sections that are not package categories. */
const NOT_CATEGORIES = new Set(['source', 'requires', 'pipenv', 'scripts']);

function sourceOf(entry: Readonly<Record<string, unknown>>): DependencySource | null {
  if (typeof entry.git === 'string') {
    return {
      kind: 'git',
      url: safeUrl(entry.git),
      ref: typeof entry.ref === 'string' ? entry.ref : null,
    };
  }
  if (typeof entry.path === 'string') return { kind: 'path', path: entry.path };
  if (typeof entry.file === 'string') {
    return /^[a-z]+:\/\//i.test(entry.file)
      ? { kind: 'url', url: safeUrl(entry.file) }
      : { kind: 'path', path: entry.file };
  }
  if (typeof entry.index === 'string') return { kind: 'registry', index: entry.index };
  return null;
}

function groupOf(category: string): string {
  if (category === 'packages') return 'main';
  if (category === 'dev-packages') return 'dev';
  return `group:${category}`;
}

export function parsePipfile(path: string, input: Uint8Array | string): Manifest {
  const { manifest, reader } = readTomlManifest(path, input, 'pipfile');
  if (reader === null) return manifest;
  const root = reader.root as Table;
  for (const category of Object.keys(root)) {
    if (NOT_CATEGORIES.has(category) || !isTable(root[category])) continue;
    for (const [name, value] of Object.entries(reader.table([category]) ?? {})) {
      const at: TomlPath = [category, name];
      const entry = typeof value === 'string' ? { version: value } : isTable(value) ? value : null;
      if (entry === null) {
        reader.error(at, `${describePath(at)} must be a version string or a table`);
        continue;
      }
      const written = typeof entry.version === 'string' ? entry.version.trim() : '*';
      // pipenv reads a bare version (`"3.*"`, `"1.2"`) as `==` it (distlib's COMPARE_OP).
      const version =
        written === '*' || written === '' || /^(<=?|>=?|={2,3}|[~!]=)/.test(written)
          ? written
          : `==${written}`;
      const markers: string[] = [];
      if (typeof entry.markers === 'string') markers.push(entry.markers);
      for (const key of MARKER_KEYS) {
        const v = entry[key];
        if (typeof v === 'string') markers.push(`${key} ${v}`);
      }
      const extras = Array.isArray(entry.extras)
        ? (entry.extras as unknown[]).filter((e): e is string => typeof e === 'string')
        : [];
      const text = `${name}${extras.length > 0 ? `[${extras.join(',')}]` : ''}${version === '*' || version === '' ? '' : version}${
        markers.length > 0
          ? ` ; ${markers.map((m) => (markers.length > 1 ? `(${m})` : m)).join(' and ')}`
          : ''
      }`;
      const parsed = parseRequirement(text);
      if (!parsed.ok) {
        reader.error(
          at,
          `invalid requirement for ${name}: ${quote(text)}: ${requirementProblem(parsed.error)}`,
        );
        continue;
      }
      const source = sourceOf(entry);
      manifest.dependencies.push(
        dependencyFrom(parsed.value, {
          file: path,
          line: reader.line(at) ?? 1,
          group: groupOf(category),
          editable: entry.editable === true,
          ...(source !== null ? { source } : {}),
        }),
      );
    }
  }
  const indexes = declaredIndexes(reader, [['source']]);
  if (indexes.length > 0) manifest.indexes = indexes;
  const full = reader.string(['requires', 'python_full_version']);
  const short = reader.string(['requires', 'python_version']);
  if (full !== null) manifest.requiresPython = `==${full}`;
  else if (short !== null) manifest.requiresPython = `==${short}.*`;
  manifest.requiresPythonLine = reader.line(
    full !== null ? ['requires', 'python_full_version'] : ['requires', 'python_version'],
  );
  return manifest;
}
