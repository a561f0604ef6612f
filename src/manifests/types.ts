import type { Diagnostic } from '../diagnostics.js';

/** The manifest formats pygovern reads; the `kind` field of the `deps` JSON contract. */
export type ManifestKind =
  | 'requirements'
  | 'pyproject'
  | 'setup.cfg'
  | 'pipfile'
  | 'uv.lock'
  | 'poetry.lock'
  | 'pipfile.lock'
  | 'pylock'
  | 'pdm.lock'
  | 'conda';

/** Where a dependency is installed from. Only `registry` dependencies are looked up on an index. */
export type DependencySource =
  /** A package index; `index` is the URL or name the manifest points at, null for the default. */
  | { kind: 'registry'; index: string | null }
  /** A VCS checkout (`git+https://…@ref`, Poetry `git =`, uv `git =`). */
  | { kind: 'git'; url: string; ref: string | null }
  /** A local directory or file (`-e ./pkg`, `{path = "../rich"}`). */
  | { kind: 'path'; path: string }
  /** A direct URL to an archive or wheel (`name @ https://…whl`). */
  | { kind: 'url'; url: string }
  /** A Conda package (`environment.yml`); `channel` as written (`conda-forge::numpy`), else null. */
  | { kind: 'conda'; channel: string | null };

/**
 * One dependency as written in a manifest. The fields up to `line` are the `deps` JSON contract
 * (DESIGN.md); `source` and `hashes` are extra facts later stages use.
 */
export interface Dependency {
  /** The name as written. */
  name: string;
  /** PEP 503 normalised name. */
  normalizedName: string;
  /** Specifiers comma-joined without spaces (`>=2.0,<3`); `''` when there is none. */
  specifier: string;
  extras: string[];
  /** PEP 508 marker in packaging's normal form (double-quoted values), or null. */
  marker: string | null;
  /** Direct URL (`name @ url`, VCS or archive URL, editable path URL), or null. */
  url: string | null;
  /** Set when the version is exact: a lock entry, or `==X` / `===X` without wildcard. */
  version: string | null;
  /** `main`, `optional:<extra>`, `group:<name>` or `dev`. */
  group: string;
  editable: boolean;
  /** True for lines of a `-c` constraints file: they pin, they do not add a dependency. */
  constraint: boolean;
  /** Where the requirement is written (after `-r` includes), relative path with `/`. */
  file: string;
  /** 1-based line (the first line of a continued requirement). */
  line: number;
  source: DependencySource;
  /** Hashes pinned for this requirement (`--hash`, lock file hashes), `algo:hex`. */
  hashes: string[];
  /** Set by the resolve stage when `version` comes from the lock beside the manifest. */
  locked?: boolean;
  /**
   * A dependency installed because another needs it: the chain from the direct dependency at
   * its top down to it, both included (`file`/`line` are the top's). Absent: a direct one.
   */
  path?: { name: string; version: string | null }[];
}

/** A global option of a requirements file (`--index-url URL`, `--pre`, …), kept as written. */
export interface RequirementsOption {
  name: string;
  value: string | null;
  file: string;
  line: number;
}

/**
 * A package index a manifest declares (`[[tool.uv.index]]`, `[[tool.poetry.source]]`,
 * `[[tool.pdm.source]]`, Pipfile `[[source]]`); credentials are redacted from `url`.
 */
export interface DeclaredIndex {
  name: string | null;
  url: string;
  file: string;
  line: number | null;
}

/** Project metadata a pyproject.toml declares about itself (used by licence checks later). */
export interface ProjectInfo {
  name: string | null;
  /** PEP 639 string, `{text = …}` or `{file = …}` as written. */
  license: string | { text: string } | { file: string } | null;
  classifiers: string[];
}

/**
 * A line that is read but cannot be judged: a URL naming no project pip could know without
 * building it. Reported as a notice; nothing is looked up for it.
 */
export interface ManifestNotice extends Diagnostic {
  rule: 'input/unnamed-url' | 'input/conda-not-judged' | 'resolve/conflict' | 'resolve/tree-limit';
}

export interface Manifest {
  /** Relative path with `/` separators. */
  path: string;
  kind: ManifestKind;
  /** The Pythons the project supports, as a PEP 440 specifier (Poetry and Pipfile forms converted). */
  requiresPython: string | null;
  /** Where `requiresPython` is written, so a finding about it can point at that line. */
  requiresPythonLine?: number | null;
  dependencies: Dependency[];
  errors: Diagnostic[];
  /** Lines read but not judged (`input/unnamed-url`); absent means none. */
  notices?: ManifestNotice[];
  /** Global options of requirements files (index URLs, `--pre`, …); empty for other kinds. */
  options: RequirementsOption[];
  /** Package indexes the manifest declares (pyproject.toml and Pipfile); absent: none. */
  indexes?: DeclaredIndex[];
  /** pyproject.toml only: what the project says about itself. */
  project: ProjectInfo | null;
  /** environment.yml only: its `channels`, in order (the first that has a package wins). */
  condaChannels?: CondaChannel[];
  /** A lock's tree: each locked package's (PEP 503) dependencies; absent for other kinds. */
  edges?: ReadonlyMap<string, readonly string[]>;
}

/** A channel an environment file lists (`conda-forge`, or a URL as written). */
export interface CondaChannel {
  name: string;
  line: number | null;
}
