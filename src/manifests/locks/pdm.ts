import { safeUrl } from '../dependency.js';
import type { DependencySource, Manifest } from '../types.js';
import { readTomlLock, text } from './toml-lock.js';

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
