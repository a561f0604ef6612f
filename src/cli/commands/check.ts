/** `pygovern check`: manifests → facts → checks → a report in the format asked for. */
import { writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { CheckCommand, SbomCommand } from '../args.js';
import type { Io } from '../io.js';
import { wantsProgress } from '../progress-wanted.js';
import { buildPolicy, policyFromTree, type PolicyFileRead } from '../../config/load-policy.js';
import { comparePolicies, type PolicyChange } from '../../config/policy-diff.js';
import { readPolicyFile } from '../../config/policy-file.js';
import type { PolicyOverrides } from '../../config/read-policy.js';
import { formatDiagnostic, UsageError } from '../../diagnostics.js';
import { gitTree, resolveRevision } from '../../discover/git-tree.js';
import { collectManifests, repositoryRoot } from '../../discover/paths.js';
import { toPosix, type FoundManifest } from '../../discover/walk.js';
import { runCheck } from '../../engine.js';
import type { CheckResult } from '../../report/model.js';
import { createHttpClient } from '../../facts/http/client.js';
import {
  configuredIndexes,
  DEFAULT_FACTS_TIMEOUT_S,
  DEFAULT_SERVICES,
  factsOptions,
  serviceCredentials,
  type ServiceSettings,
} from '../../facts/services.js';
import { loadManifests, relocate } from '../../discover/load.js';
import { parseManifest } from '../../manifests/formats.js';
import type { SourceTree } from '../../manifests/source-tree.js';
import type { Manifest } from '../../manifests/types.js';
import { checkJson } from '../../report/json.js';
import { NO_LINKS, packagePages } from '../../report/links.js';
import { renderMarkdown } from '../../report/markdown.js';
import { renderSarif } from '../../report/sarif.js';
import { renderText } from '../../report/text.js';
import { isoDate } from '../../iso-date.js';
import { PYGOVERN_VERSION } from '../../version.js';

function cacheDir(command: CheckCommand | SbomCommand, env: Io['env']): string | null {
  if (command.noCache) return null;
  if (command.cacheDir !== null) return command.cacheDir;
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'pygovern');
}

/** The same manifests at a git revision (`--base`); new manifests have no base side. */
async function baseManifests(
  found: readonly FoundManifest[],
  cwd: string,
  ref: string,
  maxFileBytes: number,
): Promise<Manifest[]> {
  const commits = new Map<string, { commit: string; tree: SourceTree }>();
  const out: Manifest[] = [];
  for (const f of found) {
    const root = repositoryRoot(dirname(f.absolutePath), cwd);
    let at = commits.get(root);
    if (at === undefined) {
      const commit = resolveRevision(root, ref);
      if (commit === null) throw new UsageError(`--base ${ref}: not a commit in ${root}`);
      at = { commit, tree: gitTree(root, commit, maxFileBytes) };
      commits.set(root, at);
    }
    const path = toPosix(relative(root, f.absolutePath));
    if (at.tree.read(path) === null) continue;
    const manifest = await parseManifest(path, f.kind, at.tree);
    out.push(relocate(manifest, (p) => toPosix(relative(cwd, join(root, p)))));
  }
  return out;
}

/**
 * With `--base`, the policy file at that revision judges (as the action judges a pull request
 * by its base), and what the working tree changes in it is reported. A `--config` outside the
 * repository is not part of the change and judges alone.
 */
async function basePolicy(
  command: CheckCommand | SbomCommand,
  cwd: string,
  head: PolicyFileRead,
  cli: PolicyOverrides,
): Promise<{ read: PolicyFileRead; changes: PolicyChange[] } | null> {
  if (command.base === null) return null;
  const root = repositoryRoot(cwd);
  const commit = resolveRevision(root, command.base);
  if (commit === null) throw new UsageError(`--base ${command.base}: not a commit in ${root}`);
  let config: string | null = null;
  if (command.config !== null) {
    const rel = relative(root, resolve(cwd, command.config));
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
    config = toPosix(rel);
  }
  const tree = gitTree(root, commit);
  const found = await policyFromTree(config, (path) => tree.read(path));
  // Paths as the working tree's side shows them: relative to the current directory.
  const read = {
    ...found,
    file: found.file === null ? null : toPosix(relative(cwd, join(root, found.file))),
  };
  const side = (r: PolicyFileRead) => ({
    file: r.file,
    policy: buildPolicy(r.overrides, cli),
    lineOf: r.lineOf,
  });
  return { read, changes: comparePolicies(side(read), side(head)) };
}

async function render(
  command: CheckCommand | SbomCommand,
  result: CheckResult,
  io: Io,
): Promise<string> {
  // Without a pyproject name, the project is named after its directory. The SBOM writers
  // (CycloneDX's library, a quarter of the check's code) load only for an SBOM.
  if (command.command === 'sbom') {
    const { renderSbom } = await import('../../report/sbom-render.js');
    return renderSbom(command.format, result, basename(resolve(io.cwd)));
  }
  switch (command.format) {
    case 'json':
      return `${JSON.stringify(checkJson(result), null, 2)}\n`;
    case 'sarif':
      return `${JSON.stringify(renderSarif(result, PYGOVERN_VERSION), null, 2)}\n`;
    case 'markdown':
      return `${renderMarkdown(result, {
        maxLength: Number.POSITIVE_INFINITY,
        // No commit to point at: packages and advisories link, files do not.
        links: { ...NO_LINKS, packagePage: packagePages(command) },
        charts: command.charts ? {} : null,
      })}\n`;
    case 'text':
      return renderText(result, { colour: command.output === null && io.colour === true });
  }
}

/**
 * `pygovern check`: 0 pass, 1 policy failure, 2 usage or input error. `pygovern sbom` runs the
 * same check and writes its bill of materials: 0, or 2 on a usage or input error.
 */
export async function runCheckCommand(
  command: CheckCommand | SbomCommand,
  io: Io,
): Promise<number> {
  const services: ServiceSettings = {
    indexUrl: command.indexUrl ?? DEFAULT_SERVICES.indexUrl,
    simpleUrl: command.simpleUrl,
    osvUrl: command.osvUrl ?? DEFAULT_SERVICES.osvUrl,
    githubApiUrl: command.githubApiUrl ?? io.env.GITHUB_API_URL ?? DEFAULT_SERVICES.githubApiUrl,
    githubToken: io.env.GITHUB_TOKEN || io.env.GH_TOKEN || null,
    indexToken: io.env.PYGOVERN_INDEX_TOKEN ?? null,
  };

  const policyFile = readPolicyFile(command.config, io.cwd);
  const cli: PolicyOverrides = {};
  if (command.failOn !== null) cli.failOn = command.failOn;
  if (command.pythonVersions !== null) cli.pythonVersions = command.pythonVersions;
  if (command.noTransitive) cli.transitive = false;
  if (command.maxDepth !== null) cli.maxDepth = command.maxDepth;
  const atBase = await basePolicy(command, io.cwd, policyFile, cli);
  const judging = buildPolicy((atBase?.read ?? policyFile).overrides, cli);
  // The indexes the command line configures are trusted like PyPI.
  const policy = {
    ...judging,
    trustedIndexes: [...judging.trustedIndexes, ...configuredIndexes(services)],
  };

  const { manifests: found, errors } = await collectManifests(command.paths, io.cwd, command.kind);
  const manifests = await loadManifests(found, io.cwd, { maxFileBytes: policy.maxFileSize });
  const base =
    command.base === null
      ? null
      : await baseManifests(found, io.cwd, command.base, policy.maxFileSize);

  // Progress goes to a terminal's stderr only, erased before anything else is written there.
  const progress = wantsProgress(io.stderrTerminal, io.env)
    ? (await import('../progress.js')).createProgressDisplay(io.stderrTerminal)
    : null;
  const http = createHttpClient({
    cacheDir: cacheDir(command, io.env),
    offline: command.offline,
    credentials: serviceCredentials(services),
    deadlineMs: (command.timeoutS ?? DEFAULT_FACTS_TIMEOUT_S) * 1000,
    warn: (line) => {
      const write = () => {
        io.stderr(`pygovern: ${line}\n`);
      };
      if (progress === null) write();
      else progress.interrupt(write);
    },
  });
  try {
    const today = command.today ?? isoDate(new Date());
    const options = factsOptions(services, today);
    if (progress !== null)
      options.progress = (p) => {
        progress.update(p);
      };
    const result = await runCheck(
      {
        head: manifests,
        base,
        policy,
        policyErrors: policyFile.errors,
        policyChanges: atBase?.changes ?? [],
      },
      http,
      options,
    ).finally(() => progress?.done());
    const text = await render(command, result, io);
    if (command.output === null) io.stdout(text);
    else writeFileSync(command.output, text);
    const problems = [...errors, ...policyFile.errors, ...manifests.flatMap((m) => m.errors)];
    for (const p of problems) io.stderr(`${formatDiagnostic(p)}\n`);
    if (problems.length > 0) return 2;
    if (command.command === 'sbom') return 0;
    return result.verdict.outcome === 'fail' ? 1 : 0;
  } finally {
    await http.close();
  }
}
