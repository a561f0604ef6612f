/**
 * `pyproject.toml`: PEP 621 `[project]`, PEP 735 `[dependency-groups]`, `[build-system]`,
 * Poetry 1 and 2 (`[tool.poetry]`), PDM dev-dependencies and uv (`[tool.uv]` dev-dependencies
 * and sources). Each dependency keeps the line of the string or key that declares it.
 */
import { declaredIndexes, indexUrlKeys } from '../declared-indexes.js';
import { normalizeName } from '../../pep440/names.js';
import { normalizeMarker, parseRequirement, requirementProblem } from '../../pep508/requirement.js';
import { parseMarker, type MarkerItem } from '../../pep508/marker.js';
import { cutAt, dependencyFrom, safeUrl, type RequirementParts } from '../dependency.js';
import { poetryToPep440, pythonConstraintMarker } from '../poetry-constraint.js';
import { readTomlManifest } from '../toml-manifest.js';
import { describePath, isTable, TomlReader, type Table, type TomlPath } from '../toml-values.js';
import type { Dependency, DependencySource, Manifest, ProjectInfo } from '../types.js';
import { quote } from '../text.js';

interface Context {
  reader: TomlReader;
  file: string;
  dependencies: Dependency[];
  /** PEP 503 name of the project itself: a requirement on it is a self-reference, not third-party. */
  self: string | null;
  /** `[tool.uv.sources]`: where uv installs a dependency from instead of the index. */
  uvSources: Map<string, DependencySource>;
}

/** A PEP 508 string at `path`, added to `group`; a bad string is an error at its line. */
function addRequirement(ctx: Context, text: string, path: TomlPath, group: string): void {
  const line = ctx.reader.line(path) ?? 1;
  let requirement = text.trim();
  let editable = false;
  if (/^-e\s/.test(requirement)) {
    // PDM writes editable local projects as `-e path-or-url#egg=name`.
    editable = true;
    requirement = requirement.slice(2).trim();
    const egg = /#egg=([^&\s]+)/.exec(requirement)?.[1];
    if (!/@/.test(requirement.split('#')[0] ?? '') && egg !== undefined) {
      const parts: RequirementParts = {
        name: egg,
        extras: [],
        specifier: '',
        url: null,
        marker: null,
      };
      ctx.dependencies.push(
        dependencyFrom(parts, {
          file: ctx.file,
          line,
          group,
          editable,
          source: { kind: 'path', path: cutAt(requirement, '#') },
        }),
      );
      return;
    }
  }
  const parsed = parseRequirement(requirement);
  if (!parsed.ok) {
    ctx.reader.error(
      path,
      `invalid requirement ${quote(text)} in ${describePath(path)}: ${requirementProblem(parsed.error)}`,
    );
    return;
  }
  const normal = normalizeName(parsed.value.name);
  const source: DependencySource | undefined =
    normal === ctx.self ? { kind: 'path', path: '.' } : ctx.uvSources.get(normal);
  ctx.dependencies.push(
    dependencyFrom(parsed.value, {
      file: ctx.file,
      line,
      group,
      editable,
      ...(source ? { source } : {}),
    }),
  );
}

function readProject(ctx: Context): { info: ProjectInfo | null; requiresPython: string | null } {
  const { reader } = ctx;
  const project = reader.table(['project']);
  if (project === null) return { info: null, requiresPython: null };
  for (const { value, path } of reader.strings(['project', 'dependencies'])) {
    addRequirement(ctx, value, path, 'main');
  }
  const optional = reader.table(['project', 'optional-dependencies']) ?? {};
  for (const extra of Object.keys(optional)) {
    for (const { value, path } of reader.strings(['project', 'optional-dependencies', extra])) {
      addRequirement(ctx, value, path, `optional:${extra}`);
    }
  }
  const license = project.license;
  let info: ProjectInfo['license'] = null;
  if (typeof license === 'string') info = license;
  else if (isTable(license) && typeof license.text === 'string') info = { text: license.text };
  else if (isTable(license) && typeof license.file === 'string') info = { file: license.file };
  return {
    info: {
      name: reader.string(['project', 'name']),
      license: info,
      classifiers: reader.strings(['project', 'classifiers']).map((s) => s.value),
    },
    requiresPython: reader.string(['project', 'requires-python']),
  };
}

/** PEP 735: groups of requirement strings and `{include-group = "…"}`, cycles rejected. */
function readDependencyGroups(ctx: Context): void {
  const { reader } = ctx;
  const groups = reader.table(['dependency-groups']);
  if (groups === null) return;
  const byNormal = new Map(Object.keys(groups).map((name) => [normalizeName(name), name]));
  const expand = (name: string, group: string, stack: string[]): void => {
    const path: TomlPath = ['dependency-groups', name];
    reader.array(path)?.forEach((item, i) => {
      const itemPath = [...path, i];
      if (typeof item === 'string') {
        addRequirement(ctx, item, itemPath, group);
      } else if (isTable(item) && typeof item['include-group'] === 'string') {
        const target = byNormal.get(normalizeName(item['include-group']));
        if (target === undefined) {
          reader.error(
            itemPath,
            `dependency group "${name}" includes unknown group "${item['include-group']}"`,
          );
        } else if (stack.includes(target)) {
          reader.error(itemPath, `dependency group cycle: ${[...stack, target].join(' → ')}`);
        } else {
          expand(target, group, [...stack, target]);
        }
      } else {
        reader.error(
          itemPath,
          `${describePath(itemPath)} must be a requirement string or {include-group = "…"}`,
        );
      }
    });
  };
  for (const name of Object.keys(groups)) expand(name, `group:${name}`, [name]);
}

function readBuildSystem(ctx: Context): void {
  for (const { value, path } of ctx.reader.strings(['build-system', 'requires'])) {
    addRequirement(ctx, value, path, 'build');
  }
}

function readUv(ctx: Context): void {
  const { reader } = ctx;
  for (const { value, path } of reader.strings(['tool', 'uv', 'dev-dependencies'])) {
    addRequirement(ctx, value, path, 'dev');
  }
}

function uvSources(reader: TomlReader): Map<string, DependencySource> {
  const sources = new Map<string, DependencySource>();
  const table = reader.table(['tool', 'uv', 'sources']) ?? {};
  for (const [name, raw] of Object.entries(table)) {
    const entries: unknown[] = Array.isArray(raw) ? raw : [raw];
    // Where no source's marker holds, uv installs from the index: that requirement is still
    // judged as an index dependency, so the sources do not replace it.
    if (!markersCoverAll(entries)) continue;
    // A list of sources with markers: the first one stands for where it comes from.
    const entry: unknown = entries[0];
    if (!isTable(entry)) continue;
    const source = sourceOfTable(entry);
    if (source !== null) sources.set(normalizeName(name), source);
    else if (entry.workspace === true)
      sources.set(normalizeName(name), { kind: 'path', path: '(workspace member)' });
    else if (typeof entry.index === 'string')
      sources.set(normalizeName(name), { kind: 'registry', index: entry.index });
  }
  return sources;
}

/**
 * Whether some source applies in every environment: one without a marker, or two whose
 * markers are a comparison and its opposite (`sys_platform == 'linux'` / `!= 'linux'`).
 * Anything subtler counts as not covering, so the index requirement is judged too.
 */
function markersCoverAll(entries: readonly unknown[]): boolean {
  const items: MarkerItem[] = [];
  for (const entry of entries) {
    if (!isTable(entry) || entry.marker === undefined) return true;
    if (typeof entry.marker !== 'string') continue;
    const parsed = parseMarker(entry.marker);
    const only = parsed.ok && parsed.value.length === 1 ? parsed.value[0] : undefined;
    if (only !== undefined && !Array.isArray(only) && typeof only === 'object') items.push(only);
  }
  return items.some((a) => items.some((b) => opposite(a, b)));
}

const OPPOSITE: Readonly<Record<string, string>> = {
  '==': '!=',
  '!=': '==',
  in: 'not in',
  'not in': 'in',
  '<': '>=',
  '>=': '<',
  '>': '<=',
  '<=': '>',
};

function opposite(a: MarkerItem, b: MarkerItem): boolean {
  const same = (x: MarkerItem['left'], y: MarkerItem['left']) =>
    x.kind === y.kind &&
    (x.kind === 'variable' ? x.name : x.value) === (y.kind === 'variable' ? y.name : y.value);
  return OPPOSITE[a.op] === b.op && same(a.left, b.left) && same(a.right, b.right);
}

/** `git`/`path`/`url` keys of a Poetry or uv table. */
function sourceOfTable(entry: Table): DependencySource | null {
  if (typeof entry.git === 'string') {
    const ref =
      [entry.rev, entry.tag, entry.branch].find((r): r is string => typeof r === 'string') ?? null;
    return { kind: 'git', url: safeUrl(entry.git), ref };
  }
  if (typeof entry.path === 'string') return { kind: 'path', path: entry.path };
  if (typeof entry.url === 'string') return { kind: 'url', url: safeUrl(entry.url) };
  return null;
}

function readPdm(ctx: Context): void {
  const groups = ctx.reader.table(['tool', 'pdm', 'dev-dependencies']) ?? {};
  for (const group of Object.keys(groups)) {
    for (const { value, path } of ctx.reader.strings(['tool', 'pdm', 'dev-dependencies', group])) {
      addRequirement(ctx, value, path, 'dev');
    }
  }
}

/** A marker in packaging's normal form, through the requirement parser. */
function normalMarker(text: string): string | null {
  const parsed = normalizeMarker(text);
  return parsed.ok ? parsed.value : null;
}

function andMarkers(markers: readonly (string | null)[]): string | null {
  const present = markers.filter((m): m is string => m !== null && m.trim() !== '');
  if (present.length === 0) return null;
  if (present.length === 1) return normalMarker(present[0] ?? '');
  return normalMarker(present.map((m) => `(${m})`).join(' and '));
}

/** One Poetry dependency entry (a constraint string, a table, or a list of tables). */
function addPoetry(
  ctx: Context,
  name: string,
  value: unknown,
  path: TomlPath,
  group: string,
  extrasOf: Map<string, string>,
): void {
  const { reader } = ctx;
  if (Array.isArray(value)) {
    // Multiple-constraint form: one entry per Python range or platform.
    (value as unknown[]).forEach((v, i) => {
      addPoetry(ctx, name, v, [...path, i], group, extrasOf);
    });
    return;
  }
  const entry: Table | null =
    typeof value === 'string' ? { version: value } : isTable(value) ? value : null;
  if (entry === null) {
    reader.error(path, `${describePath(path)} must be a version constraint or a table`);
    return;
  }
  const line = reader.line(path) ?? 1;
  const version = typeof entry.version === 'string' ? entry.version : '*';
  const alternatives = poetryToPep440(version);
  if (alternatives === null) {
    reader.error(path, `${name}: ${quote(version)} is not a Poetry version constraint`);
    return;
  }
  const markers: (string | null)[] = [];
  if (typeof entry.markers === 'string') markers.push(entry.markers);
  if (typeof entry.python === 'string') {
    const python = poetryToPep440(entry.python);
    const marker = python === null ? null : pythonConstraintMarker(python);
    if (python === null)
      reader.error(path, `${name}: python = ${quote(entry.python)} is not a Poetry constraint`);
    markers.push(marker);
  }
  if (typeof entry.platform === 'string') markers.push(`sys_platform == "${entry.platform}"`);
  const source =
    normalizeName(name) === ctx.self ? { kind: 'path' as const, path: '.' } : sourceOfTable(entry);
  const extras = Array.isArray(entry.extras)
    ? (entry.extras as unknown[]).filter((e): e is string => typeof e === 'string')
    : [];
  const extra = entry.optional === true ? extrasOf.get(normalizeName(name)) : undefined;
  ctx.dependencies.push(
    dependencyFrom(
      {
        name,
        extras,
        // PEP 440 cannot say "A or B"; alternatives are kept joined by `||`.
        specifier: alternatives.join(' || '),
        url: null,
        marker: andMarkers(markers),
      },
      {
        file: ctx.file,
        line,
        group: extra === undefined ? group : `optional:${extra}`,
        editable: entry.develop === true,
        ...(source !== null ? { source } : {}),
        ...(typeof entry.source === 'string' && source === null
          ? { source: { kind: 'registry', index: entry.source } }
          : {}),
      },
    ),
  );
}

/** Poetry 1 (`[tool.poetry.dependencies]` holds everything) and Poetry 2 (`[project]` first). */
function readPoetry(ctx: Context, hasProjectDependencies: boolean): string | null {
  const { reader } = ctx;
  const poetry = reader.table(['tool', 'poetry']);
  if (poetry === null) return null;
  const extrasOf = new Map<string, string>();
  for (const [extra, names] of Object.entries(reader.table(['tool', 'poetry', 'extras']) ?? {})) {
    if (!Array.isArray(names)) continue;
    for (const n of names as unknown[]) {
      if (typeof n === 'string' && !extrasOf.has(normalizeName(n)))
        extrasOf.set(normalizeName(n), extra);
    }
  }
  let python: string | null = null;
  const readTable = (path: TomlPath, group: string) => {
    for (const [name, value] of Object.entries(reader.table(path) ?? {})) {
      if (name.toLowerCase() === 'python') {
        if (typeof value === 'string' && group === 'main') {
          const alternatives = poetryToPep440(value);
          if (alternatives === null)
            reader.error([...path, name], `python = ${quote(value)} is not a Poetry constraint`);
          else python = alternatives.join(' || ');
        }
        continue;
      }
      if (group === 'main' && hasProjectDependencies) {
        // Poetry 2: [project] declares the dependency; this table only says where it comes from.
        const source = isTable(value) ? sourceOfTable(value) : null;
        const existing = ctx.dependencies.find(
          (d) => d.group === 'main' && d.normalizedName === normalizeName(name),
        );
        if (existing !== undefined && source !== null) existing.source = source;
        continue;
      }
      addPoetry(ctx, name, value, [...path, name], group, extrasOf);
    }
  };
  readTable(['tool', 'poetry', 'dependencies'], 'main');
  readTable(['tool', 'poetry', 'dev-dependencies'], 'dev');
  for (const group of Object.keys(reader.table(['tool', 'poetry', 'group']) ?? {})) {
    readTable(['tool', 'poetry', 'group', group, 'dependencies'], `group:${group}`);
  }
  return python;
}

export function parsePyproject(path: string, input: Uint8Array | string): Manifest {
  const { manifest, reader } = readTomlManifest(path, input, 'pyproject');
  if (reader === null) return manifest;
  const name = reader.get(['project', 'name']) ?? reader.get(['tool', 'poetry', 'name']);
  const ctx: Context = {
    reader,
    file: path,
    dependencies: manifest.dependencies,
    self: typeof name === 'string' ? normalizeName(name) : null,
    uvSources: uvSources(reader),
  };
  const project = readProject(ctx);
  readDependencyGroups(ctx);
  readBuildSystem(ctx);
  readUv(ctx);
  readPdm(ctx);
  const poetryPython = readPoetry(ctx, Array.isArray(reader.get(['project', 'dependencies'])));
  manifest.project = project.info;
  const indexes = [
    ...declaredIndexes(reader, [
      ['tool', 'uv', 'index'],
      ['tool', 'poetry', 'source'],
      ['tool', 'pdm', 'source'],
    ]),
    ...indexUrlKeys(reader, [
      ['tool', 'uv', 'index-url'],
      ['tool', 'uv', 'extra-index-url'],
      ['tool', 'uv', 'pip', 'index-url'],
      ['tool', 'uv', 'pip', 'extra-index-url'],
    ]),
  ];
  if (indexes.length > 0) manifest.indexes = indexes;
  manifest.requiresPython = project.requiresPython ?? poetryPython;
  manifest.requiresPythonLine =
    project.requiresPython !== null
      ? reader.line(['project', 'requires-python'])
      : poetryPython !== null
        ? reader.line(['tool', 'poetry', 'dependencies', 'python'])
        : null;
  return manifest;
}
