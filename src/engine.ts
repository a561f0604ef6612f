/**
 * The pipeline after discovery: resolve → facts → (checks) → report model. The caller gives
 * the parsed manifests, an HTTP client and "today"; nothing here reads the clock, the
 * environment or the disk.
 */
import { collectFacts, type FactsOptions } from './facts/collect.js';
import type { HttpClient } from './facts/http.js';
import type { Fact, PackageFacts } from './facts/types.js';
import type { Dependency, Manifest } from './manifests/types.js';

export interface DependencyReport {
  dependency: Dependency;
  /** Null for dependencies not installed from an index (git, path, URL). */
  facts: PackageFacts | null;
}

/** A fact pygovern could not get, for the "could not tell" part of every report. */
export interface Unknown {
  package: string;
  version: string | null;
  fact: 'project' | 'release' | 'advisories' | 'repository';
  reason: string;
}

export interface CheckResult {
  today: string;
  manifests: Manifest[];
  dependencies: DependencyReport[];
  unknowns: Unknown[];
}

export async function runCheck(
  manifests: readonly Manifest[],
  http: HttpClient,
  options: FactsOptions,
): Promise<CheckResult> {
  // Constraint lines pin, they do not add a dependency; non-registry ones are not looked up.
  const dependencies = manifests.flatMap((m) => m.dependencies).filter((d) => !d.constraint);
  const facts = await collectFacts(http, dependencies, options);
  const unknowns: Unknown[] = [];
  for (const f of facts.all()) {
    const add = (fact: Unknown['fact'], value: Fact<unknown> | null) => {
      if (value?.status === 'missing')
        unknowns.push({ package: f.name, version: f.version, fact, reason: value.reason });
    };
    add('project', f.project);
    if (f.project.status === 'known') add('release', f.release);
    add('advisories', f.advisories);
    add('repository', f.repository);
  }
  return {
    today: options.today.toISOString().slice(0, 10),
    manifests: [...manifests],
    dependencies: dependencies.map((dependency) => ({ dependency, facts: facts.of(dependency) })),
    unknowns,
  };
}
