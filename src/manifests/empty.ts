import type { Manifest, ManifestKind } from './types.js';

/** A manifest with nothing read yet; with `message`, the one error that says why. */
export function emptyManifest(path: string, kind: ManifestKind, message?: string): Manifest {
  return {
    path,
    kind,
    requiresPython: null,
    dependencies: [],
    errors: message === undefined ? [] : [{ file: path, line: null, message }],
    options: [],
    project: null,
  };
}
