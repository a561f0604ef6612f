import type { ManifestKind } from './types.js';

const BY_NAME: ReadonlyMap<string, ManifestKind> = new Map([
  ['pyproject.toml', 'pyproject'],
  ['setup.cfg', 'setup.cfg'],
  ['Pipfile', 'pipfile'],
  ['Pipfile.lock', 'pipfile.lock'],
  ['uv.lock', 'uv.lock'],
  ['poetry.lock', 'poetry.lock'],
  ['pdm.lock', 'pdm.lock'],
  ['pylock.toml', 'pylock'],
  ['environment.yml', 'conda'],
  ['environment.yaml', 'conda'],
]);

/** The file names that are a manifest whatever their directory (the pre-commit hook matches them). */
export const MANIFEST_FILE_NAMES: readonly string[] = [...BY_NAME.keys()];

/** PEP 751: `pylock.toml` or `pylock.<name>.toml`, where the name has no dots. */
const PYLOCK = /^pylock\.[^.]+\.toml$/;

/** A requirements file is a `.txt`/`.in` whose path mentions requirements or constraints. */
const REQUIREMENTS_EXT = /\.(txt|in)$/;
const REQUIREMENTS_WORD = /requirement|constraint/i;

/**
 * The manifest kind of a repository path, by name alone (`/` separators).
 * `explicit` is true when the user named the file: any `.txt`/`.in` is then a requirements file.
 */
export function manifestKindOf(path: string, explicit = false): ManifestKind | null {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const byName = BY_NAME.get(base);
  if (byName !== undefined) return byName;
  if (PYLOCK.test(base)) return 'pylock';
  if (REQUIREMENTS_EXT.test(base) && (explicit || REQUIREMENTS_WORD.test(path))) {
    return 'requirements';
  }
  return null;
}
