/** uv: `[tool.uv]` dev-dependencies and `[tool.uv.sources]` (where a dependency comes from). */
import { normalizeName } from '../../pep440/names.js';
import { parseMarker, type MarkerItem } from '../../pep508/marker.js';
import { isTable, type TomlReader } from '../toml-values.js';
import type { DependencySource } from '../types.js';
import { addRequirement, sourceOfTable, type Context } from './context.js';

export function readUv(ctx: Context): void {
  const { reader } = ctx;
  for (const { value, path } of reader.strings(['tool', 'uv', 'dev-dependencies'])) {
    addRequirement(ctx, value, path, 'dev');
  }
}

export function uvSources(reader: TomlReader): Map<string, DependencySource> {
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
