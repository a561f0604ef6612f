/**
 * The pipeline after discovery: resolve → facts → checks → the result every report renders.
 * The caller gives the parsed manifests (of the head and, to compare, of the base), the policy,
 * an HTTP client and "today"; nothing here reads the clock, the environment or the disk.
 */
import { judge } from './checks/judge.js';
import { indexKey } from './config/indexes.js';
import type { CheckContext } from './checks/types.js';
import { untrustedFacts, untrustedIndexes } from './checks/trust.js';
import type { CollectedFacts, FactsOptions, ProjectStage } from './facts/collect.js';
import type { HttpClient } from './facts/http/client.js';
import type { Fact, PackageFacts } from './facts/types.js';
import type { Dependency, Manifest } from './manifests/types.js';
import { isLockKind } from './manifests/formats.js';
import { pathsFromLocks } from './resolve/lock-paths.js';
import { pinFromLocks } from './resolve/locks.js';
import { resolveDependencies, type ResolvedDependency } from './resolve/stage.js';
import { MAX_TREE_NODES, walkTree, type TreeFetcher } from './resolve/tree.js';
import { targetsOf } from './checks/python.js';
import { posix } from 'node:path';
import type { Policy } from './config/policy.js';
import type { IsoDate } from './iso-date.js';
import type { CheckInput, CheckResult, Unknown } from './report/model.js';

/** Constraint lines pin, they do not add a dependency. */
const dependenciesOf = (manifests: readonly Manifest[]) =>
  manifests.flatMap((m) => m.dependencies).filter((d) => !d.constraint);

function unknownsOf(facts: readonly PackageFacts[]): Unknown[] {
  const unknowns: Unknown[] = [];
  for (const f of facts) {
    const add = (fact: Unknown['fact'], value: Fact<unknown> | null) => {
      if (value?.status === 'missing')
        unknowns.push({ package: f.name, version: f.version, fact, reason: value.reason });
    };
    add('project', f.project);
    if (f.project.status === 'known') add('release', f.release);
    add('advisories', f.advisories);
    add('repository', f.repository);
  }
  return unknowns;
}

/** The transitive dependencies of each side, from the resolve stage's tree. */
export interface Trees {
  head: readonly Dependency[];
  base: readonly Dependency[] | null;
}

/** Pure: the verdict from manifests and facts already collected. */
export function evaluate(
  input: CheckInput,
  facts: CollectedFacts,
  today: IsoDate,
  trees: Trees | null = null,
): CheckResult {
  // The facts of a package from an index the policy does not trust never clear a finding.
  const reports = (manifests: readonly Manifest[], tree: readonly Dependency[]) => {
    const indexOf = untrustedIndexes(manifests, input.policy.trustedIndexes);
    return [...dependenciesOf(manifests), ...tree].map((dependency) => {
      const untrusted = indexOf(dependency);
      return {
        dependency,
        facts: untrusted === null ? facts.of(dependency) : untrustedFacts(dependency, untrusted),
      };
    });
  };
  const dependencies = reports(input.head, trees?.head ?? []);
  const head: CheckContext = {
    today,
    policy: input.policy,
    manifests: input.head,
    dependencies,
    configErrors: input.policyErrors ?? [],
    policyChanges: input.policyChanges ?? [],
  };
  const base =
    input.base === null
      ? null
      : { manifests: [...input.base], dependencies: reports(input.base, trees?.base ?? []) };
  const baseContext: CheckContext | null =
    base === null ? null : { today, policy: input.policy, ...base, configErrors: [] };
  const used = new Set(dependencies.flatMap((d) => (d.facts === null ? [] : [d.facts])));
  return {
    today,
    policy: input.policy,
    manifests: [...input.head],
    dependencies,
    unknowns: unknownsOf([...used]),
    base,
    verdict: judge(head, baseContext),
    policyErrors: [...(input.policyErrors ?? [])],
  };
}

/** The policy's Conda channels, and each Conda dependency's environment `channels`. */
function withConda(options: FactsOptions, input: CheckInput): FactsOptions {
  const channels = input.policy.condaChannels;
  if (Object.keys(channels).length === 0) return options;
  // A channel written as a URL (`https://conda.anaconda.org/conda-forge/`) is the configured
  // channel of that URL, compared as index URLs are.
  const byUrl = new Map(Object.entries(channels).map(([name, url]) => [indexKey(url), name]));
  const nameOf = (entry: string) =>
    /^https?:\/\//i.test(entry) ? (byUrl.get(indexKey(entry)) ?? entry) : entry;
  const listed = new Map<Dependency, string[]>();
  for (const m of [...input.head, ...(input.base ?? [])])
    for (const d of m.dependencies)
      if (d.source.kind === 'conda')
        listed.set(
          d,
          (m.condaChannels ?? []).map((c) => nameOf(c.name)),
        );
  return { ...options, conda: { channels, environmentChannels: (d) => listed.get(d) ?? [] } };
}

/**
 * Per manifest without a lock beside it, what installing it would bring (the tree), with
 * each manifest's notices (conflicts, the node bound) added to it.
 */
async function treesOf(
  manifests: readonly Manifest[],
  resolved: ReadonlyMap<Dependency, ResolvedDependency>,
  policy: Policy,
  today: IsoDate,
  fetcher: TreeFetcher,
): Promise<{ manifests: Manifest[]; dependencies: Dependency[] }> {
  if (!policy.transitive) return { manifests: [...manifests], dependencies: [] };
  const locked = new Set(
    manifests.filter((m) => isLockKind(m.kind)).map((m) => posix.dirname(m.path)),
  );
  const targets = targetsOf({ today, policy, manifests, dependencies: [] });
  const walked = await Promise.all(
    manifests.map(async (m) => {
      if (isLockKind(m.kind) || m.kind === 'conda' || locked.has(posix.dirname(m.path)))
        return null;
      const roots = m.dependencies.flatMap((d) => {
        const r = resolved.get(d);
        return r === undefined || d.constraint ? [] : [r];
      });
      if (roots.length === 0) return null;
      const pythons = targets(m.path)?.pythons.map((p) => p.version) ?? null;
      return walkTree(roots, pythons, fetcher, {
        maxDepth: policy.maxDepth,
        maxNodes: MAX_TREE_NODES,
      });
    }),
  );
  return {
    manifests: manifests.map((m, i) => {
      const notices = walked[i]?.notices ?? [];
      return notices.length === 0 ? m : { ...m, notices: [...(m.notices ?? []), ...notices] };
    }),
    dependencies: walked.flatMap((t) => t?.dependencies ?? []),
  };
}

/** A stage's project pages, and those of a later one, as one. */
function joinStages(
  first: ProjectStage,
  later: ProjectStage,
  tree: ReadonlySet<Dependency>,
): ProjectStage {
  return {
    projectOf: (d) => (tree.has(d) ? later : first).projectOf(d),
    pinnedAdvisories: first.pinnedAdvisories,
    pinnedKeys: first.pinnedKeys,
    conda: first.conda,
  };
}

/**
 * The stages in order: project pages of what the manifests name → the version each uses
 * (resolve) → the tree below them → version facts, advisories and repositories of all.
 */
export async function runCheck(
  request: CheckInput,
  http: HttpClient,
  options: FactsOptions,
): Promise<CheckResult> {
  // The facts stage (and the HTTP client it imports) is loaded by a check that runs, not by
  // every importer of evaluate.
  const { fetchProjects, fetchVersionFacts, openFactsSession, releasesFrom, treeFetcher } =
    await import('./facts/collect.js');
  const { today } = options;
  // What a lock pins is what gets installed, for the manifests beside it too.
  const pinned: CheckInput = {
    ...request,
    head: pathsFromLocks(pinFromLocks(request.head)),
    base: request.base === null ? null : pathsFromLocks(pinFromLocks(request.base)),
  };
  // Head and base are looked up together, so a package on both sides costs one request; an
  // index the policy does not trust is not asked at all.
  const trusted = (manifests: readonly Manifest[]) => {
    const indexOf = untrustedIndexes(manifests, pinned.policy.trustedIndexes);
    return dependenciesOf(manifests).filter((d) => indexOf(d) === null);
  };
  const direct = [...trusted(pinned.head), ...trusted(pinned.base ?? [])];
  const factsOptions = withConda(options, pinned);
  const session = openFactsSession(http, factsOptions);
  const projects = await fetchProjects(session.http, session, direct, factsOptions);
  const resolved = resolveDependencies(direct, releasesFrom(projects));
  const byDependency = new Map(resolved.map((r) => [r.dependency, r]));
  const fetcher = treeFetcher(session);
  // Both sides' trees at once: a level of one shares its requests with the other's.
  const [head, base] = await Promise.all([
    treesOf(pinned.head, byDependency, pinned.policy, today, fetcher),
    pinned.base === null ? null : treesOf(pinned.base, byDependency, pinned.policy, today, fetcher),
  ]);
  const tree = [...head.dependencies, ...(base?.dependencies ?? [])];
  const treeProjects = await fetchProjects(session.http, session, tree, options);
  const stage = joinStages(projects, treeProjects, new Set(tree));
  const all = [...resolved, ...resolveDependencies(tree, releasesFrom(stage))];
  const collected = await fetchVersionFacts(session.http, session, all, stage, factsOptions);
  const input: CheckInput = {
    ...pinned,
    head: head.manifests,
    base: base === null ? null : base.manifests,
  };
  return evaluate(input, collected, today, {
    head: head.dependencies,
    base: base === null ? null : base.dependencies,
  });
}
