import { safeUrl } from '../dependency.js';
import { isTable } from '../toml-values.js';
import type { DependencySource, Manifest } from '../types.js';
import { readTomlLock, text } from './toml-lock.js';

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
