import { normalizeName } from '../../pep440/names.js';
import { cutAt, safeUrl } from '../dependency.js';
import { isTable, type Table } from '../toml-values.js';
import type { DependencySource, Manifest } from '../types.js';
import { readTomlLock, text } from './toml-lock.js';

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
