/**
 * The manifest formats pygovern reads, one row each: which paths are that format, its parser,
 * whether it is a lock (it pins what is installed) and whether it declares the Pythons the
 * project supports. Discovery, the parser dispatch, `--kind`, lock pinning and the Python
 * check all read this table. A parser is pure: it reads the manifest (and, for requirements
 * files, its includes) through a `SourceTree` and returns the `Manifest` with its errors.
 */
import { parseCondaEnvironment } from './conda.js';
import { emptyManifest } from './empty.js';
import { parsePdmLock } from './locks/pdm.js';
import { parsePipfileLock } from './locks/pipfile-lock.js';
import { parsePoetryLock } from './locks/poetry.js';
import { parsePylock } from './locks/pylock.js';
import { parseUvLock } from './locks/uv.js';
import { parsePipfile } from './pipfile.js';
import { parsePyproject } from './pyproject/parse.js';
import { parseRequirementsFile } from './requirements/parse.js';
import { isRequirementsPath } from './requirements/path.js';
import { parseSetupCfg } from './setup-cfg.js';
import { unreadable, type SourceTree } from './source-tree.js';
import { decodeText } from './text.js';
import type { Manifest, ManifestKind } from './types.js';

type Parser = (path: string, tree: SourceTree) => Manifest;

export interface ManifestFormat {
  kind: ManifestKind;
  /** File names that are this format whatever their directory. */
  names: readonly string[];
  /**
   * Other paths of this format, by base name and whole path; `explicit` is true when the
   * user named the file.
   */
  matches?: (base: string, path: string, explicit: boolean) => boolean;
  parse: Parser;
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
    parse: (path, tree) => parseRequirementsFile(path, tree),
    lock: false,
    declaresPython: false,
  },
  {
    kind: 'setup.cfg',
    names: ['setup.cfg'],
    parse: fromText('setup.cfg', parseSetupCfg),
    lock: false,
    declaresPython: true,
  },
  {
    kind: 'pyproject',
    names: ['pyproject.toml'],
    parse: fromBytes('pyproject', parsePyproject),
    lock: false,
    declaresPython: true,
  },
  {
    kind: 'pipfile',
    names: ['Pipfile'],
    parse: fromBytes('pipfile', parsePipfile),
    lock: false,
    declaresPython: true,
  },
  {
    kind: 'uv.lock',
    names: ['uv.lock'],
    parse: fromBytes('uv.lock', parseUvLock),
    lock: true,
    declaresPython: false,
  },
  {
    kind: 'poetry.lock',
    names: ['poetry.lock'],
    parse: fromBytes('poetry.lock', parsePoetryLock),
    lock: true,
    declaresPython: false,
  },
  {
    kind: 'pylock',
    names: ['pylock.toml'],
    matches: (base) => PYLOCK.test(base),
    parse: fromBytes('pylock', parsePylock),
    lock: true,
    declaresPython: false,
  },
  {
    kind: 'pdm.lock',
    names: ['pdm.lock'],
    parse: fromBytes('pdm.lock', parsePdmLock),
    lock: true,
    declaresPython: false,
  },
  {
    kind: 'pipfile.lock',
    names: ['Pipfile.lock'],
    parse: fromText('pipfile.lock', parsePipfileLock),
    lock: true,
    declaresPython: false,
  },
  {
    kind: 'conda',
    names: ['environment.yml', 'environment.yaml'],
    parse: (path, tree) =>
      fromText('conda', (p, text) => parseCondaEnvironment(p, text, tree))(path, tree),
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

export function parseManifest(path: string, kind: ManifestKind, tree: SourceTree): Manifest {
  return formatOf(kind).parse(path, tree);
}
