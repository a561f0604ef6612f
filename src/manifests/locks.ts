/**
 * Lock files: every pinned third-party package with its version, where it comes from and its
 * markers, at the line of its entry. The locked project itself and workspace members are the
 * repository's own code, not dependencies, and are left out.
 */
import type { Diagnostic } from '../diagnostics.js';
import { normalizeName } from '../pep440/names.js';
import { parseRequirement } from '../pep508/requirement.js';
import { cutAt, dependencyFrom, safeUrl } from './dependency.js';
import { parseToml } from './toml.js';
import { isTable, TomlReader, type Table } from './toml-values.js';
import type { DependencySource, Manifest, ManifestKind } from './types.js';
import { quote } from './text.js';

function manifestOf(path: string, kind: ManifestKind): Manifest {
  return {
    path,
    kind,
    requiresPython: null,
    dependencies: [],
    errors: [],
    options: [],
    project: null,
  };
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A marker in normal form, or the original text with an error when it does not parse. */
function normalMarker(marker: string | null, onError: (message: string) => void): string | null {
  if (marker === null || marker.trim() === '') return null;
  const parsed = parseRequirement(`x ; ${marker}`);
  if (parsed.ok) return parsed.value.marker;
  onError(`invalid marker ${quote(marker)}`);
  return null;
}

interface Entry {
  name: string;
  version: string | null;
  source: DependencySource;
  marker?: string | null;
  group?: string;
  hashes?: string[];
}

/** Reads `[[key]]` entries of a TOML lock, one dependency per entry `read` returns. */
function readTomlLock(
  path: string,
  input: Uint8Array | string,
  kind: ManifestKind,
  key: string,
  read: (entry: Table, reader: TomlReader, index: number) => Entry | null,
  setup?: (reader: TomlReader, manifest: Manifest) => void,
): Manifest {
  const manifest = manifestOf(path, kind);
  const doc = parseToml(input, path, { lineDepth: 2 });
  if (!doc.ok) {
    manifest.errors.push(doc.error);
    return manifest;
  }
  const reader = new TomlReader(doc.value.value, path, (p) => doc.value.lineOf(p), manifest.errors);
  setup?.(reader, manifest);
  (reader.array([key]) ?? []).forEach((raw, index) => {
    const at = [key, index];
    if (!isTable(raw) || typeof raw.name !== 'string') {
      reader.error(at, `[[${key}]] entry #${String(index + 1)} has no name`);
      return;
    }
    const entry = read(raw, reader, index);
    if (entry === null) return;
    const line = reader.line(at) ?? 1;
    const marker = normalMarker(entry.marker ?? null, (message) => {
      reader.error(at, `${entry.name}: ${message}`);
    });
    manifest.dependencies.push(
      dependencyFrom(
        {
          name: entry.name,
          extras: [],
          specifier: entry.version === null ? '' : `==${entry.version}`,
          url: null,
          marker,
        },
        {
          file: path,
          line,
          group: entry.group ?? 'main',
          source: entry.source,
          version: entry.version,
          hashes: entry.hashes ?? [],
        },
      ),
    );
  });
  return manifest;
}

/** uv.lock: `source = { registry | git | url | path | directory | editable | virtual }`. */
export function parseUvLock(path: string, input: Uint8Array | string): Manifest {
  let members = new Set<string>();
  return readTomlLock(
    path,
    input,
    'uv.lock',
    'package',
    (entry) => {
      const source = isTable(entry.source) ? entry.source : {};
      const name = entry.name as string;
      // The project and workspace members are built from the repository itself.
      if (text(source.editable) !== null || text(source.virtual) !== null) return null;
      if (members.has(normalizeName(name)) && text(source.directory) !== null) return null;
      return {
        name,
        version: text(entry.version),
        source: uvSource(source),
        marker: forkMarker(entry['resolution-markers']),
      };
    },
    (reader) => {
      const listed = reader.get(['manifest', 'members']);
      members = new Set(
        Array.isArray(listed)
          ? listed.filter((m): m is string => typeof m === 'string').map(normalizeName)
          : [],
      );
    },
  );
}

/**
 * A version uv locked for some forks only (`resolution-markers`: the environments it is
 * installed in) applies where any of them holds; without the key it applies everywhere.
 */
function forkMarker(markers: unknown): string | null {
  if (!Array.isArray(markers)) return null;
  const parts = markers.filter((m): m is string => typeof m === 'string' && m.trim() !== '');
  if (parts.length === 0) return null;
  return parts.length === 1 ? (parts[0] ?? null) : parts.map((m) => `(${m})`).join(' or ');
}

function uvSource(source: Table): DependencySource {
  const git = text(source.git);
  if (git !== null) {
    const [base = git, fragment] = git.split('#');
    const rev = /[?&](?:rev|tag|branch)=([^&]+)/.exec(base)?.[1] ?? fragment ?? null;
    return { kind: 'git', url: safeUrl(cutAt(base, '?')), ref: rev };
  }
  const url = text(source.url);
  if (url !== null) return { kind: 'url', url: safeUrl(url) };
  const local = text(source.path) ?? text(source.directory);
  if (local !== null) return { kind: 'path', path: local };
  const registry = text(source.registry);
  return {
    kind: 'registry',
    index:
      registry === null || /^https:\/\/pypi\.org\/simple\/?$/.test(registry)
        ? null
        : safeUrl(registry),
  };
}

/** poetry.lock 1.1 (`category`) and 2.x (`groups`, `markers`), `[package.source]` for non-PyPI. */
export function parsePoetryLock(path: string, input: Uint8Array | string): Manifest {
  return readTomlLock(path, input, 'poetry.lock', 'package', (entry) => {
    const source = isTable(entry.source) ? entry.source : null;
    const type = source === null ? null : text(source.type);
    const url = source === null ? null : text(source.url);
    let dep: DependencySource = { kind: 'registry', index: null };
    if (type === 'git' && url !== null) {
      dep = {
        kind: 'git',
        url: safeUrl(url),
        ref: text(source?.resolved_reference) ?? text(source?.reference),
      };
    } else if ((type === 'directory' || type === 'file') && url !== null) {
      dep = { kind: 'path', path: url };
    } else if (type === 'url' && url !== null) {
      dep = { kind: 'url', url: safeUrl(url) };
    } else if (type === 'legacy' && url !== null) {
      dep = { kind: 'registry', index: safeUrl(url) };
    }
    const groups = Array.isArray(entry.groups)
      ? entry.groups.filter((g): g is string => typeof g === 'string')
      : [];
    const category = text(entry.category);
    const group = groups.includes('main')
      ? 'main'
      : groups[0] !== undefined
        ? `group:${groups[0]}`
        : category === 'dev'
          ? 'dev'
          : 'main';
    // 2.x writes one marker, or one per group; the main group's marker is the one that applies.
    const markers = isTable(entry.markers)
      ? (text(entry.markers.main) ?? text(Object.values(entry.markers)[0]))
      : text(entry.markers);
    return {
      name: entry.name as string,
      version: text(entry.version),
      source: dep,
      marker: markers,
      group,
    };
  });
}

/** PEP 751 pylock.toml: `[[packages]]` with `index`, `vcs`, `directory` or `archive`. */
export function parsePylock(path: string, input: Uint8Array | string): Manifest {
  return readTomlLock(path, input, 'pylock', 'packages', (entry) => {
    let source: DependencySource = {
      kind: 'registry',
      index: text(entry.index) === null ? null : safeUrl(text(entry.index) ?? ''),
    };
    const vcs = isTable(entry.vcs) ? entry.vcs : null;
    const directory = isTable(entry.directory) ? entry.directory : null;
    const archive = isTable(entry.archive) ? entry.archive : null;
    if (vcs !== null) {
      source = {
        kind: 'git',
        url: safeUrl(text(vcs.url) ?? text(vcs.path) ?? ''),
        ref: text(vcs['commit-id']) ?? text(vcs['requested-revision']),
      };
    } else if (directory !== null) {
      // An editable directory is the project being developed, not a dependency of it.
      if (directory.editable === true) return null;
      source = { kind: 'path', path: text(directory.path) ?? '' };
    } else if (archive !== null) {
      const url = text(archive.url);
      source =
        url !== null
          ? { kind: 'url', url: safeUrl(url) }
          : { kind: 'path', path: text(archive.path) ?? '' };
    }
    return {
      name: entry.name as string,
      version: text(entry.version),
      source,
      marker: text(entry.marker),
    };
  });
}

/** pdm.lock: `[[package]]` with `groups`, `marker`, and `path`/`git`/`url` for non-index packages. */
export function parsePdmLock(path: string, input: Uint8Array | string): Manifest {
  return readTomlLock(path, input, 'pdm.lock', 'package', (entry) => {
    let source: DependencySource = { kind: 'registry', index: null };
    const git = text(entry.git);
    if (git !== null)
      source = { kind: 'git', url: safeUrl(git), ref: text(entry.revision) ?? text(entry.ref) };
    else if (text(entry.path) !== null) {
      if (entry.editable === true && text(entry.path) === '.') return null;
      source = { kind: 'path', path: text(entry.path) ?? '' };
    } else if (text(entry.url) !== null)
      source = { kind: 'url', url: safeUrl(text(entry.url) ?? '') };
    const groups = Array.isArray(entry.groups)
      ? entry.groups.filter((g): g is string => typeof g === 'string')
      : [];
    const group =
      groups.length === 0 || groups.includes('default') ? 'main' : `group:${groups[0] ?? ''}`;
    return {
      name: entry.name as string,
      version: text(entry.version),
      source,
      marker: text(entry.marker),
      group,
    };
  });
}

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
  const manifest = manifestOf(path, 'pipfile.lock');
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
