/** Small builders for check tests: a dependency, its facts, and a context around them. */
import { buildPolicy } from '../../src/config/load-policy.js';
import type { PolicyOverrides } from '../../src/config/read-policy.js';
import type { CheckContext } from '../../src/checks/types.js';
import { judge } from '../../src/checks/judge.js';
import type { DependencyReport } from '../../src/checks/types.js';
import type { CheckResult } from '../../src/report/model.js';
import {
  known,
  missing,
  type Advisory,
  type Fact,
  type PackageFacts,
  type ProjectFacts,
  type RepositoryFacts,
  type VersionFacts,
} from '../../src/facts/types.js';
import type { Dependency, Manifest } from '../../src/manifests/types.js';
import { normalizeName } from '../../src/pep440/names.js';
import { parseIsoDate, type IsoDate } from '../../src/iso-date.js';

export function dep(name: string, overrides: Partial<Dependency> = {}): Dependency {
  return {
    name,
    normalizedName: normalizeName(name),
    specifier: '',
    extras: [],
    marker: null,
    url: null,
    version: null,
    group: 'main',
    editable: false,
    constraint: false,
    file: 'pyproject.toml',
    line: 5,
    source: { kind: 'registry', index: null },
    hashes: [],
    ...overrides,
  };
}

export interface FactsSpec {
  version?: string;
  licenseExpression?: string | null;
  license?: string | null;
  classifiers?: string[];
  requiresPython?: string | null;
  yanked?: boolean;
  yankedReason?: string | null;
  /** Upload dates (`YYYY-MM-DD`) by version; the used version is added when absent. */
  releases?: Record<string, string>;
  yankedReleases?: string[];
  status?: ProjectFacts['status'];
  ownershipRoles?: number | null;
  repository?: Partial<RepositoryFacts> | 'missing' | null;
  advisories?: Advisory[] | 'missing';
  project?: 'missing';
  release?: 'missing';
}

export function facts(name: string, spec: FactsSpec = {}): PackageFacts {
  const version = spec.version ?? '1.0.0';
  const releases = { [version]: '2026-01-01', ...(spec.releases ?? {}) };
  const release: VersionFacts = {
    version,
    licenseExpression: spec.licenseExpression === undefined ? 'MIT' : spec.licenseExpression,
    license: spec.license ?? null,
    classifiers: spec.classifiers ?? [],
    requiresPython: spec.requiresPython ?? null,
    yanked: spec.yanked ?? false,
    yankedReason: spec.yankedReason ?? null,
  };
  const repoUrl = `https://github.com/acme/${name}`;
  const project: ProjectFacts = {
    name,
    releases: Object.entries(releases).map(([v, date]) => ({
      version: v,
      uploaded: `${date}T12:00:00Z`,
      yanked: (spec.yankedReleases ?? []).includes(v) || (v === version && release.yanked),
      yankedReason: null,
      requiresPython: null,
    })),
    latestVersion: version,
    status: spec.status ?? null,
    repository: spec.repository === null ? null : repoUrl,
    ownershipRoles: spec.ownershipRoles ?? null,
    latest: release,
  };
  let repository: Fact<RepositoryFacts> | null;
  if (spec.repository === null) repository = null;
  else if (spec.repository === 'missing') repository = missing('GitHub: no token');
  else
    repository = known(
      {
        url: repoUrl,
        archived: false,
        pushedAt: '2026-10-01T00:00:00Z',
        activeMaintainers: 5,
        ...spec.repository,
      },
      'github',
    );
  return {
    name: normalizeName(name),
    version,
    resolution: 'pinned',
    project: spec.project === 'missing' ? missing('PyPI: unavailable') : known(project, 'pypi'),
    release:
      spec.release === 'missing' ? missing('PyPI: metadata unavailable') : known(release, 'pypi'),
    advisories:
      spec.advisories === 'missing'
        ? missing('OSV: unavailable')
        : known(spec.advisories ?? [], 'osv'),
    repository,
  };
}

export function manifest(path: string, overrides: Partial<Manifest> = {}): Manifest {
  return {
    path,
    kind: 'pyproject',
    requiresPython: null,
    dependencies: [],
    errors: [],
    options: [],
    project: null,
    ...overrides,
  };
}

/** A test's day, as the IsoDate the edges pass (a typo fails the test instead of judging it). */
export function day(text: string): IsoDate {
  const parsed = parseIsoDate(text);
  if (parsed === null) throw new Error(`not a day: ${text}`);
  return parsed;
}

export function context(
  reports: DependencyReport[],
  options: { today?: string; policy?: PolicyOverrides; manifests?: Manifest[] } = {},
): CheckContext {
  return {
    today: day(options.today ?? '2026-11-24'),
    policy: buildPolicy(options.policy ?? {}),
    manifests: options.manifests ?? [manifest('pyproject.toml')],
    dependencies: reports,
  };
}

/** One dependency with its facts, as a report. */
export function report(name: string, spec: FactsSpec = {}, at: Partial<Dependency> = {}) {
  const f = facts(name, spec);
  return { dependency: dep(name, { version: f.version, ...at }), facts: f };
}

export function advisory(id: string, overrides: Partial<Advisory> = {}): Advisory {
  return {
    id,
    aliases: [],
    summary: `${id} summary`,
    severity: { level: 'high', score: 7.5, vector: null, database: 'HIGH' },
    fixedIn: [],
    link: `https://osv.dev/vulnerability/${id}`,
    ...overrides,
  };
}

/** A whole check result around a context, judged without a base. */
export function resultOf(ctx: CheckContext): CheckResult {
  return {
    today: ctx.today,
    policy: ctx.policy,
    manifests: [...ctx.manifests],
    dependencies: [...ctx.dependencies],
    unknowns: [],
    base: null,
    verdict: judge(ctx, null),
    policyErrors: [],
  };
}
