import { safeUrl } from '../dependency.js';
import { isTable } from '../toml-values.js';
import type { DependencySource, Manifest } from '../types.js';
import { readTomlLock, text } from './toml-lock.js';

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
