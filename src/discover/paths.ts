import { byCodeUnits } from '../text/order.js';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { ManifestKind } from '../manifests/types.js';
import { isInsideGitDir } from '../manifests/source-tree.js';
import { manifestKindOf } from '../manifests/formats.js';
import { findManifests, isDirectory, toPosix, type FoundManifest } from './walk.js';

/**
 * The git top level above `dir`; outside git, `fallback` (the working directory) when `dir`
 * is inside it, else `dir` itself. Includes may not leave this root.
 */
export function repositoryRoot(dir: string, fallback: string = dir): string {
  let current = resolve(dir);
  for (;;) {
    if (existsSync(join(current, '.git'))) return current;
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  const base = resolve(fallback);
  const inside = resolve(dir) === base || resolve(dir).startsWith(`${base}${sep}`);
  return inside ? base : resolve(dir);
}

export interface Collected {
  manifests: FoundManifest[];
  errors: Diagnostic[];
}

/**
 * The manifests the user named: files as given (any `.txt`/`.in` counts as requirements when
 * named), directories searched. Paths are relative to `base`; a path that is not there or
 * not a manifest is an error, not a silent skip. With `kind` (`--kind`), every path must be a
 * file and is read as that kind whatever its name.
 */
export async function collectManifests(
  paths: readonly string[],
  base: string,
  kind: ManifestKind | null = null,
): Promise<Collected> {
  const manifests = new Map<string, FoundManifest>();
  const errors: Diagnostic[] = [];
  for (const given of paths.length === 0 ? ['.'] : paths) {
    const absolutePath = isAbsolute(given) ? given : resolve(base, given);
    const path = toPosix(relative(base, absolutePath)) || '.';
    if (isInsideGitDir(path)) {
      errors.push({ file: path, line: null, message: 'refusing to read a file under .git/' });
    } else if (kind !== null && (await isDirectory(absolutePath))) {
      errors.push({
        file: path,
        line: null,
        message: `--kind ${kind} reads files, not directories`,
      });
    } else if (await isDirectory(absolutePath)) {
      for (const found of await findManifests(absolutePath, base)) manifests.set(found.path, found);
    } else if (!existsSync(absolutePath)) {
      errors.push({ file: path, line: null, message: 'no such file or directory' });
    } else {
      const named = kind ?? manifestKindOf(path, true);
      if (named === null) {
        errors.push({
          file: path,
          line: null,
          message:
            'not a Python manifest pygovern reads (requirements .txt/.in, pyproject.toml, setup.cfg, Pipfile, Pipfile.lock, uv.lock, poetry.lock, pdm.lock, pylock.toml); name its format with --kind',
        });
      } else {
        manifests.set(path, { absolutePath, path, kind: named });
      }
    }
  }
  return {
    manifests: [...manifests.values()].sort((a, b) => byCodeUnits(a.path, b.path)),
    errors,
  };
}
