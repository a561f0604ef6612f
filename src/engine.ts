/**
 * The pipeline after discovery: resolve → facts → checks → the result every report renders.
 * The caller gives the parsed manifests (of the head and, to compare, of the base), the policy,
 * an HTTP client and "today"; nothing here reads the clock, the environment or the disk.
 */
import { judge } from './checks/judge.js';
import type { CheckContext } from './checks/types.js';
import { untrustedFacts, untrustedIndexes } from './checks/trust.js';
import { collectFacts, type CollectedFacts, type FactsOptions } from './facts/collect.js';
import type { HttpClient } from './facts/http/client.js';
import type { Fact, PackageFacts } from './facts/types.js';
import type { Manifest } from './manifests/types.js';
import { pinFromLocks } from './resolve/locks.js';
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

/** Pure: the verdict from manifests and facts already collected. */
export function evaluate(input: CheckInput, facts: CollectedFacts, today: string): CheckResult {
  // The facts of a package from an index the policy does not trust never clear a finding.
  const reports = (manifests: readonly Manifest[]) => {
    const indexOf = untrustedIndexes(manifests, input.policy.trustedIndexes);
    return dependenciesOf(manifests).map((dependency) => {
      const untrusted = indexOf(dependency);
      return {
        dependency,
        facts: untrusted === null ? facts.of(dependency) : untrustedFacts(dependency, untrusted),
      };
    });
  };
  const dependencies = reports(input.head);
  const head: CheckContext = {
    today,
    policy: input.policy,
    manifests: input.head,
    dependencies,
    configErrors: input.policyErrors ?? [],
    policyChanges: input.policyChanges ?? [],
  };
  const base =
    input.base === null ? null : { manifests: [...input.base], dependencies: reports(input.base) };
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

export async function runCheck(
  request: CheckInput,
  http: HttpClient,
  options: FactsOptions,
): Promise<CheckResult> {
  // What a lock pins is what gets installed, for the manifests beside it too.
  const input: CheckInput = {
    ...request,
    head: pinFromLocks(request.head),
    base: request.base === null ? null : pinFromLocks(request.base),
  };
  // Head and base are looked up together, so a package on both sides costs one request; an
  // index the policy does not trust is not asked at all.
  const trusted = (manifests: readonly Manifest[]) => {
    const indexOf = untrustedIndexes(manifests, input.policy.trustedIndexes);
    return dependenciesOf(manifests).filter((d) => indexOf(d) === null);
  };
  const all = [...trusted(input.head), ...trusted(input.base ?? [])];
  const facts = await collectFacts(http, all, options);
  return evaluate(input, facts, options.today.toISOString().slice(0, 10));
}
