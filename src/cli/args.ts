import { redactUrl } from '../text/redact.js';
import { parseArgs } from 'node:util';
import { MANIFEST_KINDS } from '../manifests/formats.js';
import { FAIL_ON, type FailOn } from '../config/fail-on.js';
import type { ManifestKind } from '../manifests/types.js';
import { SBOM_FORMATS, type SbomFormat } from '../report/sbom-formats.js';
import { UsageError } from '../diagnostics.js';
import { parseIsoDate, type IsoDate } from '../iso-date.js';

/** A mistake in how pygovern was called: printed without a stack trace, exit status 2. */
export const FORMATS = ['text', 'markdown', 'json', 'sarif'] as const;
export type OutputFormat = (typeof FORMATS)[number];
export const DEPS_FORMATS = ['json', 'table'] as const;
export type DepsFormat = (typeof DEPS_FORMATS)[number];

export interface DepsCommand {
  command: 'deps';
  paths: string[];
  format: DepsFormat;
  /** `--kind`: every file named is read as this kind, whatever its name. */
  kind: ManifestKind | null;
}

export interface CheckCommand {
  command: 'check';
  paths: string[];
  format: OutputFormat;
  kind: ManifestKind | null;
  output: string | null;
  failOn: FailOn | null;
  config: string | null;
  indexUrl: string | null;
  simpleUrl: string | null;
  osvUrl: string | null;
  githubApiUrl: string | null;
  pythonVersions: string[] | null;
  /** `--no-transitive`: judge only what manifests name (policy `transitive = false`). */
  noTransitive: boolean;
  /** `--max-depth N`: levels of the dependency tree below the direct dependencies. */
  maxDepth: number | null;
  today: IsoDate | null;
  cacheDir: string | null;
  noCache: boolean;
  offline: boolean;
  base: string | null;
  /** Deadline of all facts together, in seconds; null: the default. */
  timeoutS: number | null;
  /** `--charts`: Mermaid charts after the Markdown report. */
  charts: boolean;
}

/** `pygovern sbom`: the same pipeline as `check`, rendered as a bill of materials. */
export interface SbomCommand extends Omit<CheckCommand, 'command' | 'format'> {
  command: 'sbom';
  format: SbomFormat;
}

export type CliCommand =
  | DepsCommand
  | CheckCommand
  | SbomCommand
  | { command: 'help'; topic: string | null }
  | { command: 'version' };

export const USAGE = `Usage:
  pygovern deps  [PATH...] [--json] [--kind KIND]
                                      the dependencies every manifest declares (a table;
                                      --json for the JSON of the deps contract)
  pygovern check [PATH...] [options]  the full governance check
  pygovern sbom  [PATH...] [options]  a bill of materials of what check judges, with its
                                      verdicts (--format cyclonedx|spdx, default cyclonedx;
                                      the check options except --base and --fail-on)

PATH is a manifest or a directory searched for manifests (default: .). A file whose name
pygovern does not know as a manifest is an error (exit 2) unless --kind names its format.

  --kind KIND                         read every FILE named as KIND, whatever its name:
                                      ${MANIFEST_KINDS.join('|')}

check options:
  --format text|markdown|json|sarif   output format (default: text)
  --output FILE                       write the report to FILE instead of stdout
  --charts                            with --format markdown: Mermaid charts of licences,
                                      release age and the dependency tree
  --fail-on error|warning|never       lowest severity that fails (exit 1)
  --config FILE                       policy file (pygovern.toml or pyproject.toml)
  --base GIT-REF                      mark findings the change since GIT-REF introduces
  --index-url URL                     PyPI JSON API root (default https://pypi.org/pypi)
  --simple-url URL                    PEP 691 Simple API root, for indexes without the JSON API
  --osv-url URL                       OSV API root (default https://api.osv.dev)
  --github-api-url URL                GitHub API root (default $GITHUB_API_URL or https://api.github.com)
  --python-version X.Y[,X.Y]          the Pythons the project targets
  --no-transitive   --max-depth N     judge only what manifests name / levels of the
                                      dependency tree below them (default 10)
  --today YYYY-MM-DD                  judge as of this day (default: the current date)
  --cache-dir DIR   --no-cache   --offline
  --timeout SECONDS                   deadline for all facts together (default 300); what is
                                      left when it passes is reported as could not tell

Exit status: 0 pass, 1 policy failure, 2 usage or input error.
Tokens come from the environment: GITHUB_TOKEN, PYGOVERN_INDEX_TOKEN.`;

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]) {
  if (value === undefined) return null;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got "${value}")`);
}

function kindOf(value: string | boolean | undefined): ManifestKind | null {
  return oneOf('kind', typeof value === 'string' ? value : undefined, MANIFEST_KINDS);
}

const PYTHON_VERSION = /^\d+\.\d+$/;

/** Parses argv (without `node` and the script) into a command; throws UsageError. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    return { command: 'help', topic: argv[1] ?? null };
  }
  if (command === '--version' || command === 'version') return { command: 'version' };
  if (command === 'deps') {
    const { values, positionals } = parse(rest, {
      format: { type: 'string' },
      json: { type: 'boolean' },
      kind: { type: 'string' },
    });
    const format = typeof values.format === 'string' ? values.format : undefined;
    const chosen = oneOf('format', format, DEPS_FORMATS);
    if (values.json === true && chosen === 'table') {
      throw new UsageError('--json and --format table contradict each other');
    }
    return {
      command: 'deps',
      paths: positionals,
      format: values.json === true ? 'json' : (chosen ?? 'table'),
      kind: kindOf(values.kind),
    };
  }
  if (command === 'check') return parseCheck(rest);
  if (command === 'sbom') {
    const { format, ...check } = parseCheck(rest, 'sbom');
    return {
      ...check,
      command: 'sbom',
      format: oneOf('format', format, SBOM_FORMATS) ?? 'cyclonedx',
    };
  }
  throw new UsageError(`unknown command "${command}"; expected deps, check or sbom`);
}

function parseCheck(args: readonly string[]): CheckCommand;
function parseCheck(
  args: readonly string[],
  as: 'sbom',
): Omit<CheckCommand, 'command' | 'format'> & { command: 'check'; format: string | undefined };
/** The options of `check`; `sbom` shares them but for the format, --base and --fail-on. */
function parseCheck(args: readonly string[], as: 'check' | 'sbom' = 'check') {
  const { values, positionals } = parse(args, {
    format: { type: 'string' },
    kind: { type: 'string' },
    output: { type: 'string' },
    ...(as === 'check'
      ? { 'fail-on': { type: 'string' }, base: { type: 'string' }, charts: { type: 'boolean' } }
      : {}),
    config: { type: 'string' },
    'index-url': { type: 'string' },
    'simple-url': { type: 'string' },
    'osv-url': { type: 'string' },
    'github-api-url': { type: 'string' },
    'python-version': { type: 'string' },
    'no-transitive': { type: 'boolean' },
    'max-depth': { type: 'string' },
    today: { type: 'string' },
    'cache-dir': { type: 'string' },
    'no-cache': { type: 'boolean' },
    offline: { type: 'boolean' },
    timeout: { type: 'string' },
  });
  const str = (name: string): string | null => {
    const v = values[name];
    return typeof v === 'string' ? v : null;
  };
  const pythonVersions = str('python-version')
    ?.split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  for (const v of pythonVersions ?? []) {
    if (!PYTHON_VERSION.test(v)) throw new UsageError(`--python-version takes X.Y (got "${v}")`);
  }
  const todayText = str('today');
  const today = todayText === null ? null : parseIsoDate(todayText);
  if (todayText !== null && today === null) {
    throw new UsageError(`--today takes a date YYYY-MM-DD (got "${todayText}")`);
  }
  const maxDepth = str('max-depth');
  if (maxDepth !== null && (!/^\d{1,4}$/.test(maxDepth) || Number(maxDepth) < 1)) {
    throw new UsageError(`--max-depth takes a whole number, at least 1 (got "${maxDepth}")`);
  }
  const timeout = str('timeout');
  if (timeout !== null && (!/^\d{1,6}$/.test(timeout) || Number(timeout) < 1)) {
    throw new UsageError(
      `--timeout takes a whole number of seconds, at least 1 (got "${timeout}")`,
    );
  }
  const charts = values.charts === true;
  if (charts && str('format') !== 'markdown') {
    throw new UsageError(
      '--charts draws Mermaid charts in Markdown: use it with --format markdown',
    );
  }
  for (const name of ['index-url', 'simple-url', 'osv-url', 'github-api-url']) {
    const url = str(name);
    if (url !== null && !URL.canParse(url)) {
      throw new UsageError(`--${name} must be an absolute URL (got "${redactUrl(url)}")`);
    }
  }
  return {
    command: 'check',
    paths: positionals,
    format:
      as === 'sbom'
        ? (str('format') ?? undefined)
        : (oneOf('format', str('format') ?? undefined, FORMATS) ?? 'text'),
    kind: kindOf(values.kind),
    output: str('output'),
    failOn: oneOf('fail-on', str('fail-on') ?? undefined, FAIL_ON),
    config: str('config'),
    indexUrl: str('index-url'),
    simpleUrl: str('simple-url'),
    osvUrl: str('osv-url'),
    githubApiUrl: str('github-api-url'),
    pythonVersions: pythonVersions ?? null,
    noTransitive: values['no-transitive'] === true,
    maxDepth: maxDepth === null ? null : Number(maxDepth),
    today,
    cacheDir: str('cache-dir'),
    noCache: values['no-cache'] === true,
    offline: values.offline === true,
    base: str('base'),
    timeoutS: timeout === null ? null : Number(timeout),
    charts,
  };
}

type Spec = Record<string, { type: 'string' | 'boolean' }>;

function parse(args: readonly string[], options: Spec) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    // node:util reports unknown flags and missing values with a sentence we can show as is.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
