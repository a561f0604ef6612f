/**
 * One parser per manifest kind. A parser is pure: it reads the manifest (and, for requirements
 * files, its includes) through a `SourceTree` and returns the `Manifest` with its errors.
 */
import { decodeText } from './text.js';
import { parseRequirementsFile } from './requirements.js';
import {
  parsePdmLock,
  parsePipfileLock,
  parsePoetryLock,
  parsePylock,
  parseUvLock,
} from './locks.js';
import { parsePipfile } from './pipfile.js';
import { parsePyproject } from './pyproject.js';
import { parseSetupCfg } from './setup-cfg.js';
import { parseCondaEnvironment } from './conda.js';
import { unreadable, type SourceTree } from './source-tree.js';
import { isLockWithEdges, lockEdges } from './lock-edges.js';
import type { Manifest, ManifestKind } from './types.js';

type Parser = (path: string, tree: SourceTree) => Manifest;

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

export function emptyManifest(path: string, kind: ManifestKind, message: string): Manifest {
  return {
    path,
    kind,
    requiresPython: null,
    dependencies: [],
    errors: [{ file: path, line: null, message }],
    options: [],
    project: null,
  };
}

const PARSERS: Record<ManifestKind, Parser> = {
  requirements: (path, tree) => parseRequirementsFile(path, tree),
  'setup.cfg': fromText('setup.cfg', parseSetupCfg),
  pyproject: fromBytes('pyproject', parsePyproject),
  pipfile: fromBytes('pipfile', parsePipfile),
  'uv.lock': fromBytes('uv.lock', parseUvLock),
  'poetry.lock': fromBytes('poetry.lock', parsePoetryLock),
  pylock: fromBytes('pylock', parsePylock),
  'pdm.lock': fromBytes('pdm.lock', parsePdmLock),
  'pipfile.lock': fromText('pipfile.lock', parsePipfileLock),
  conda: (path, tree) =>
    fromText('conda', (p, text) => parseCondaEnvironment(p, text, tree))(path, tree),
};

/** Every kind pygovern reads, for `--kind` (in the order of the parser table). */
export const MANIFEST_KINDS = Object.keys(PARSERS) as ManifestKind[];

export function parseManifest(path: string, kind: ManifestKind, tree: SourceTree): Manifest {
  if (!isLockWithEdges(kind)) return PARSERS[kind](path, tree);
  // A lock's tree (which package needs which, for the paths of its findings) is read from the
  // same bytes: the file is read once.
  const held: { bytes: Uint8Array | null } = { bytes: null };
  const once: SourceTree = Object.assign(Object.create(tree) as SourceTree, {
    read: (p: string) => (p === path ? (held.bytes ??= tree.read(p)) : tree.read(p)),
  });
  const manifest = PARSERS[kind](path, once);
  const edges = held.bytes === null ? null : lockEdges(kind, path, held.bytes);
  return edges === null ? manifest : { ...manifest, edges };
}
