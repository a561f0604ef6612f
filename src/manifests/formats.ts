/**
 * The manifest formats pygovern reads, one row each: which paths are that format, its parser,
 * whether it is a lock (it pins what is installed) and whether it declares the Pythons the
 * project supports. Discovery, the parser dispatch, `--kind`, lock pinning and the Python
 * check all read this table. A parser is pure: it reads the manifest (and, for requirements
 * files, its includes) through a `SourceTree` and returns the `Manifest` with its errors.
 * Each parser's module (and what it imports: the TOML reader, `yaml`) is loaded at its first
 * use, so a run loads the parsers of the formats it reads and no other.
 */
import { emptyManifest } from './empty.js';
// Requirements files, the most common manifest, are read without a further import; the
// other formats' parsers are imported at first use.
import { parseRequirementsFile } from './requirements/parse.js';
import { isRequirementsPath } from './requirements/path.js';
import { unreadable, type SourceTree } from './source-tree.js';
import { decodeText } from './text.js';
import type { Manifest, ManifestKind } from './types.js';

type Parser = (path: string, tree: SourceTree) => Manifest;

/** A parser whose module is imported when it first parses. */
function loaded(
  load: () => Promise<Parser>,
): (path: string, tree: SourceTree) => Promise<Manifest> {
  let parser: Promise<Parser> | null = null;
  return async (path, tree) => (await (parser ??= load()))(path, tree);
}

export interface ManifestFormat {
  kind: ManifestKind;
  /** File names that are this format whatever their directory. */
  names: readonly string[];
  /**
   * Other paths of this format, by base name and whole path; `explicit` is true when the
   * user named the file.
   */
  matches?: (base: string, path: string, explicit: boolean) => boolean;
  parse: (path: string, tree: SourceTree) => Promise<Manifest>;
  /** A lock pins the version installed; other manifests declare ranges. */
  lock: boolean;
  /** Says which Pythons the project supports (requires-python and its equivalents). */
  declaresPython: boolean;
}

/** A parser for formats that are one text file with no includes. */
function fromText(kind: ManifestKind, parse: (path: string, text: string) => Manifest): Parser {
  return (path, tree) => {
    const bytes = tree.read(path);
    if (bytes === null) return emptyManifest(path, kind, unreadable(tree, path));
    const text = decodeText(bytes, path);
    if (!text.ok) return { ...emptyManifest(path, kind, text.error.message), errors: [text.error] };
    return parse(path, text.value);
  };
}

/** TOML formats decode their bytes themselves (UTF-8 only, as TOML requires). */
function fromBytes(
  kind: ManifestKind,
  parse: (path: string, bytes: Uint8Array) => Manifest,
): Parser {
  return (path, tree) => {
    const bytes = tree.read(path);
    return bytes === null ? emptyManifest(path, kind, unreadable(tree, path)) : parse(path, bytes);
  };
}

/** PEP 751: `pylock.toml` or `pylock.<name>.toml`, where the name has no dots. */
const PYLOCK = /^pylock\.[^.]+\.toml$/;

/** In the order `--kind` lists them. */
export const MANIFEST_FORMATS: readonly ManifestFormat[] = [
  {
    kind: 'requirements',
    names: [],
    matches: (_base, path, explicit) => isRequirementsPath(path, explicit),
    parse: (path, tree) => Promise.resolve(parseRequirementsFile(path, tree)),
    lock: false,
    declaresPython: false,
  },
  {
    kind: 'setup.cfg',
    names: ['setup.cfg'],
    parse: loaded(async () =>
      fromText('setup.cfg', (await import('./setup-cfg.js')).parseSetupCfg),
    ),
    lock: false,
    declaresPython: true,
  },
  {
    kind: 'pyproject',
    names: ['pyproject.toml'],
    parse: loaded(async () =>
      fromBytes('pyproject', (await import('./pyproject/parse.js')).parsePyproject),
    ),
    lock: false,
    declaresPython: true,
  },
  {
    kind: 'pipfile',
    names: ['Pipfile'],
    parse: loaded(async () => fromBytes('pipfile', (await import('./pipfile.js')).parsePipfile)),
    lock: false,
    declaresPython: true,
  },
  {
    kind: 'uv.lock',
    names: ['uv.lock'],
    parse: loaded(async () => fromBytes('uv.lock', (await import('./locks/uv.js')).parseUvLock)),
    lock: true,
    declaresPython: false,
  },
  {
    kind: 'poetry.lock',
    names: ['poetry.lock'],
    parse: loaded(async () =>
      fromBytes('poetry.lock', (await import('./locks/poetry.js')).parsePoetryLock),
    ),
    lock: true,
    declaresPython: false,
  },
  {
    kind: 'pylock',
    names: ['pylock.toml'],
    matches: (base) => PYLOCK.test(base),
    parse: loaded(async () => fromBytes('pylock', (await import('./locks/pylock.js')).parsePylock)),
    lock: true,
    declaresPython: false,
  },
  {
    kind: 'pdm.lock',
    names: ['pdm.lock'],
    parse: loaded(async () => fromBytes('pdm.lock', (await import('./locks/pdm.js')).parsePdmLock)),
    lock: true,
    declaresPython: false,
  },
  {
    kind: 'pipfile.lock',
    names: ['Pipfile.lock'],
    parse: loaded(async () =>
      fromText('pipfile.lock', (await import('./locks/pipfile-lock.js')).parsePipfileLock),
    ),
    lock: true,
    declaresPython: false,
  },
  {
    kind: 'conda',
    names: ['environment.yml', 'environment.yaml'],
    // `yaml` is loaded with it: only a run that reads an environment file loads it.
    parse: loaded(async () => {
      const { parseCondaEnvironment } = await import('./conda.js');
      return (path, tree) =>
        fromText('conda', (p, text) => parseCondaEnvironment(p, text, tree))(path, tree);
    }),
    lock: false,
    declaresPython: false,
  },
];

const BY_KIND = new Map(MANIFEST_FORMATS.map((f) => [f.kind, f]));
const BY_NAME = new Map(MANIFEST_FORMATS.flatMap((f) => f.names.map((n) => [n, f] as const)));

function formatOf(kind: ManifestKind): ManifestFormat {
  const format = BY_KIND.get(kind);
  if (format === undefined) throw new Error(`no manifest format ${kind}`);
  return format;
}

/** Every kind pygovern reads, for `--kind` (in the order of the table). */
export const MANIFEST_KINDS: readonly ManifestKind[] = MANIFEST_FORMATS.map((f) => f.kind);

/** The file names that are a manifest whatever their directory (the pre-commit hook matches them). */
export const MANIFEST_FILE_NAMES: readonly string[] = [...BY_NAME.keys()];

/**
 * The manifest kind of a repository path, by name alone (`/` separators).
 * `explicit` is true when the user named the file: any `.txt`/`.in` is then a requirements file.
 */
export function manifestKindOf(path: string, explicit = false): ManifestKind | null {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const byName = BY_NAME.get(base);
  if (byName !== undefined) return byName.kind;
  return MANIFEST_FORMATS.find((f) => f.matches?.(base, path, explicit) === true)?.kind ?? null;
}

export const isLockKind = (kind: ManifestKind): boolean => formatOf(kind).lock;
export const declaresPython = (kind: ManifestKind): boolean => formatOf(kind).declaresPython;

/** Parses a manifest, loading its format's parser first if no manifest of it was parsed yet. */
export function parseManifest(
  path: string,
  kind: ManifestKind,
  tree: SourceTree,
): Promise<Manifest> {
  return formatOf(kind).parse(path, tree);
}
