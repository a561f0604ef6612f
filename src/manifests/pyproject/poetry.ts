/** Poetry 1 and 2: `[tool.poetry]` dependencies, groups and extras, in Poetry's constraint syntax. */
import { normalizeName } from '../../pep440/names.js';
import { normalizeMarker } from '../../pep508/requirement.js';
import { dependencyFrom } from '../dependency.js';
import { poetryToPep440, pythonConstraintMarker } from '../poetry-constraint.js';
import { describePath, isTable, type Table, type TomlPath } from '../toml-values.js';
import { quote } from '../text.js';
import { sourceOfTable, type Context } from './context.js';

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
export function readPoetry(ctx: Context, hasProjectDependencies: boolean): string | null {
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
