/**
 * Facts for every registry dependency, fetched as one concurrent wave per kind: project
 * pages for all names and version pages and OSV for every pinned version start at once; what
 * depends on a project page (unpinned versions, GitHub repositories) follows as soon as the
 * pages are in. The HTTP layer bounds concurrency and deduplicates, so two manifests naming
 * one package cost one request.
 */
import type { IsoDate } from '../iso-date.js';
import type { Dependency } from '../manifests/types.js';
import { writtenUrlOf } from '../manifests/index-credential.js';
import { normalizeName } from '../pep440/names.js';
import { versionsEqual } from '../pep440/version.js';
import { resolveDependencies, type ResolvedDependency } from '../resolve/stage.js';
import type { TreeFetcher } from '../resolve/tree.js';
import type { ReleaseInfo } from '../resolve/types.js';
import { simpleRootOf } from './simple-root.js';
import { collectCondaFacts, type CondaOptions } from './conda.js';
import { fetchRepositories } from './github.js';
import type { HttpClient } from './http/client.js';
import { fetchAdvisories, keyOf } from './osv.js';
import { trackProgress, type ProgressObserver } from './progress.js';
import { fetchProject, fetchVersion } from './pypi-json.js';
import {
  fetchSimplePage,
  fetchSimpleReleases,
  fetchSimpleVersion,
  projectFromSimple,
  type SimplePage,
} from './pypi-simple.js';
import {
  known,
  missing,
  type Advisory,
  type Fact,
  type PackageFacts,
  type ProjectFacts,
  type VersionFacts,
} from './types.js';

export interface FactsOptions {
  indexUrl: string;
  /** A PEP 691 Simple API root: used instead of the JSON API when set. */
  simpleUrl?: string | null;
  osvUrl: string;
  githubApiUrl: string;
  /** Whether the HTTP client carries a GitHub token (else repositories are not looked at). */
  githubToken: boolean;
  /** The day judged as of (set once at the edge). */
  today: IsoDate;
  /** Told how far the facts are (packages, requests) as they come in; for a progress display. */
  progress?: ProgressObserver;
  /** Conda channels whose repodata judges their packages; absent: Conda packages are not judged. */
  conda?: CondaOptions;
}

/** Where project and version facts come from: the JSON API, or a Simple API index. */
interface IndexSource {
  project(name: string): Promise<Fact<ProjectFacts>>;
  /**
   * The project facts when the version in use is known already, asked the cheapest way the
   * index allows; absent: the same as `project`.
   */
  projectAt?(name: string, version: string): Promise<Fact<ProjectFacts>>;
  version(name: string, version: string): Promise<Fact<VersionFacts>>;
}

export { simpleRootOf } from './simple-root.js';

/** Each key's promise made once (answers shared by every stage that asks). */
function once<T>(make: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const made = new Map<string, Promise<T>>();
  return (key) => {
    let p = made.get(key);
    if (p === undefined) {
      p = make(key);
      made.set(key, p);
    }
    return p;
  };
}

/**
 * The PyPI JSON API, with the Simple API beside it. The project answer lists every file of
 * every release (megabytes for a project with thousands of releases); when the version in use
 * is known, the PEP 691 JSON Simple page (releases, upload times, yanks, Requires-Python,
 * PEP 792 status: two thirds to four fifths of the bytes per file, and no README) and that version's
 * answer (its metadata, and the project's ownership and URLs) give the same facts. Where the
 * version is not known yet the project answer is asked: its `info` is the latest release's
 * metadata, which saves a round trip. The Simple API is also asked when a project is not found,
 * as only it says a project is quarantined.
 */
function jsonSource(http: HttpClient, indexUrl: string): IndexSource {
  const simpleBeside = simpleRootOf(indexUrl);
  const page =
    simpleBeside === null ? null : once((name) => fetchSimpleReleases(http, simpleBeside, name));
  const answers = once((key) => {
    const at = key.indexOf('@');
    return fetchVersion(http, indexUrl, key.slice(0, at), key.slice(at + 1));
  });
  const versionAnswer = (name: string, version: string) => answers(`${name}@${version}`);
  const project = async (name: string): Promise<Fact<ProjectFacts>> => {
    const fact = await fetchProject(http, indexUrl, name);
    // The JSON API answers 404 for a quarantined project; only the Simple API says so.
    if (fact.status === 'known' || fact.notFound !== true || page === null) return fact;
    const simple = await page(name);
    if (simple.status !== 'known' || simple.value.project.status === null) return fact;
    return known(simple.value.project, simple.source);
  };
  return {
    project,
    ...(page === null
      ? {}
      : {
          projectAt: async (name: string, version: string) => {
            const [simple, answer] = await Promise.all([page(name), versionAnswer(name, version)]);
            if (simple.status === 'known') {
              const listed = simple.value.project;
              if (listed.status?.status === 'quarantined') return known(listed, simple.source);
              if (
                answer.status === 'known' &&
                answer.project !== undefined &&
                simple.value.datesFiles
              )
                return known(
                  { ...listed, ...answer.project, name: answer.project.name ?? listed.name },
                  simple.source,
                );
            }
            // A page that failed or dates no file, or a version PyPI does not answer for (so
            // no ownership nor project URLs): the project answer has it all, at its price.
            return project(name);
          },
        }),
    version: async (name, version) => {
      const answer = await versionAnswer(name, version);
      return answer.status === 'known' ? known(answer.value, answer.source) : answer;
    },
  };
}

/** A Simple API index: one project page per name, then `.metadata` files per version. */
function simpleSource(http: HttpClient, simpleUrl: string): IndexSource {
  const pages = new Map<string, Promise<Fact<SimplePage>>>();
  const page = (name: string) => {
    let p = pages.get(name);
    if (p === undefined) {
      p = fetchSimplePage(http, simpleUrl, name);
      pages.set(name, p);
    }
    return p;
  };
  return {
    project: async (name) => {
      const fact = await page(name);
      return fact.status === 'known' ? known(projectFromSimple(fact.value), fact.source) : fact;
    },
    version: async (name, version) => {
      const fact = await page(name);
      return fact.status === 'known' ? fetchSimpleVersion(http, fact.value, version) : fact;
    },
  };
}

/**
 * The index a dependency is installed from: a manifest that names another index than PyPI
 * (`--index-url` in a requirements file, a uv.lock registry) is asked through its Simple API,
 * so a private package is never judged by a public project of the same name. `''` is the
 * default index (`--index-url`, or `--simple-url` when given).
 */
export function indexOf(dep: Dependency): string {
  if (dep.source.kind !== 'registry' || dep.source.index === null) return '';
  const url = dep.source.index;
  if (!/^https?:\/\//i.test(url)) return '';
  if (/^https?:\/\/(pypi\.org|pypi\.python\.org|files\.pythonhosted\.org)(\/|$)/i.test(url))
    return '';
  return url.replace(/\/+$/, '');
}

/**
 * The URL to request for an index: as written, so `user:pass@` reaches that index as Basic
 * authentication (the HTTP layer takes it out of the URL, keeps it to that origin and masks it
 * in every message); never the redacted `***@` of the display form.
 */
function requestUrlOf(dep: Dependency, index: string): string {
  const written = dep.source.kind === 'registry' ? writtenUrlOf(dep.source) : null;
  if (written !== null) return written.replace(/\/+$/, '');
  return index.replace('//***@', '//');
}

export interface CollectedFacts {
  /** The facts of the version a dependency uses (registry dependencies only). */
  of(dep: Dependency): PackageFacts | null;
  all(): PackageFacts[];
}

/**
 * The index answers of one run, each asked once: project pages per index and name, version
 * pages per index, name and version. Every stage (projects, the tree, version facts) asks
 * through it, so what one stage fetched the next one does not ask again.
 */
export interface FactsSession {
  project(dep: Dependency): Promise<Fact<ProjectFacts>>;
  version(dep: Dependency, version: string): Promise<Fact<VersionFacts>>;
  /** The metadata of a version: the project page's when it is the latest, else its own page. */
  metadata(dep: Dependency, version: string): Promise<Fact<VersionFacts>>;
  /** Every project and version page asked so far, by key (`index\0name[@version]`). */
  readonly projects: ReadonlyMap<string, Promise<Fact<ProjectFacts>>>;
  readonly versions: ReadonlyMap<string, Promise<Fact<VersionFacts>>>;
  /** The client every stage fetches through (counted for the progress display when asked). */
  readonly http: HttpClient;
}

export function openFactsSession(client: HttpClient, options: FactsOptions): FactsSession {
  const tracker = options.progress === undefined ? null : trackProgress(client, options.progress);
  const http = tracker?.http ?? client;
  const sources = new Map<string, IndexSource>([
    [
      '',
      options.simpleUrl
        ? simpleSource(http, options.simpleUrl)
        : jsonSource(http, options.indexUrl),
    ],
  ]);
  const sourceOf = (dep: Dependency): IndexSource => {
    const index = indexOf(dep);
    let source = sources.get(index);
    if (source === undefined) {
      source = simpleSource(http, requestUrlOf(dep, index));
      sources.set(index, source);
    }
    return source;
  };
  const projects = new Map<string, Promise<Fact<ProjectFacts>>>();
  const versions = new Map<string, Promise<Fact<VersionFacts>>>();
  const project = (dep: Dependency) => {
    // A project is the same project only on the same index.
    const key = `${indexOf(dep)}\u0000${dep.normalizedName}`;
    let p = projects.get(key);
    if (p === undefined) {
      const source = sourceOf(dep);
      const at = writtenVersion(dep);
      p =
        at !== null && source.projectAt !== undefined
          ? source.projectAt(dep.normalizedName, at)
          : source.project(dep.normalizedName);
      // Each project page in is a package fetched.
      if (tracker !== null) {
        tracker.addPackages(1);
        p = p.then(tracker.packageDone);
      }
      projects.set(key, p);
    }
    return p;
  };
  const version = (dep: Dependency, v: string) => {
    const key = `${indexOf(dep)}\u0000${keyOf({ name: dep.normalizedName, version: v })}`;
    let p = versions.get(key);
    if (p === undefined) {
      p = sourceOf(dep).version(dep.normalizedName, v);
      versions.set(key, p);
    }
    return p;
  };
  const metadata = async (dep: Dependency, v: string) => {
    const page = await project(dep);
    const latest = page.status === 'known' ? page.value.latest : null;
    return latest !== null && versionsEqual(latest.version, v) && page.status === 'known'
      ? known(latest, page.source)
      : version(dep, v);
  };
  return { project, version, metadata, projects, versions, http };
}

/**
 * The version a dependency uses when it is known before any project page: pinned as written,
 * or locked. A version the tree chose may be the latest, which the project page carries.
 */
function writtenVersion(dep: Dependency): string | null {
  return dep.source.kind === 'registry' &&
    dep.version !== null &&
    (dep.path === undefined || dep.locked === true)
    ? dep.version
    : null;
}

/** What the projects stage hands on: each dependency's project page, and early advisories. */
export interface ProjectStage {
  projectOf: (dep: Dependency) => Fact<ProjectFacts>;
  /** OSV answers for the versions pinned as written, asked while the project pages load. */
  pinnedAdvisories: Promise<Map<string, Fact<Advisory[]>>>;
  pinnedKeys: ReadonlySet<string>;
  /** Conda packages judged from configured channels' repodata, fetched alongside. */
  conda: Promise<Map<Dependency, PackageFacts>> | null;
}

/**
 * Stage 1: the project page of every registry dependency. Pinned versions need no project
 * page to be looked up, so their version pages and advisories start now too.
 */
export async function fetchProjects(
  http: HttpClient,
  session: FactsSession,
  dependencies: readonly Dependency[],
  options: FactsOptions,
): Promise<ProjectStage> {
  const registry = dependencies.filter((d) => d.source.kind === 'registry');
  const conda =
    options.conda === undefined ? null : collectCondaFacts(http, dependencies, options.conda);
  const written = registry.filter((d) => writtenVersion(d) !== null);
  const pinned = written.map((d) => ({ name: d.normalizedName, version: d.version ?? '' }));
  for (const dep of written) if (dep.version !== null) void session.version(dep, dep.version);
  const pinnedAdvisories = fetchAdvisories(http, options.osvUrl, pinned);
  // A name some dependency leaves open is asked first, so it gets the project answer whose
  // latest metadata that dependency may need; one every dependency pins gets the smaller ones.
  const open = registry.filter((d) => writtenVersion(d) === null);
  const pages = new Map(
    await Promise.all(
      [...open, ...written].map(async (d) => [d, await session.project(d)] as const),
    ),
  );
  return {
    projectOf: (dep) => pages.get(dep) ?? missing<ProjectFacts>('not asked'),
    pinnedAdvisories,
    pinnedKeys: new Set(pinned.map(keyOf)),
    conda,
  };
}

/**
 * Stage 3: for each resolved dependency, the metadata of the version it uses, its advisories
 * and its repository, all started at once.
 */
export async function fetchVersionFacts(
  http: HttpClient,
  session: FactsSession,
  resolved: readonly ResolvedDependency[],
  stage: ProjectStage,
  options: FactsOptions,
): Promise<CollectedFacts> {
  const registry = resolved.filter((r) => r.dependency.source.kind === 'registry');
  const unpinned = registry
    .filter((r) => r.version !== null)
    .map((r) => ({ name: r.dependency.normalizedName, version: r.version ?? '' }))
    .filter((p) => !stage.pinnedKeys.has(keyOf(p)));
  // Version pages of versions other than the latest, all at once.
  const releases = new Map(
    registry.map((r) => [
      r,
      r.version === null
        ? null
        : // A pin is looked up on its own page; a chosen version may be the latest.
          r.reason === 'newest-matching'
          ? session.metadata(r.dependency, r.version)
          : session.version(r.dependency, r.version),
    ]),
  );
  // A project page that names no repository (a Simple index) may name it in a version's
  // metadata: only those version pages are waited for before GitHub is asked.
  const repositoryUrls = async (): Promise<string[]> => {
    const named = await Promise.all(
      [...session.projects].map(async ([key, page]) => [key, await page] as const),
    );
    const unnamed = new Set(
      named.filter(([, f]) => f.status !== 'known' || f.value.repository === null).map(([k]) => k),
    );
    const versions = await Promise.all(
      [...session.versions]
        .filter(([key]) => unnamed.has(key.slice(0, key.lastIndexOf('@'))))
        .map(([, page]) => page),
    );
    return [...named.map(([, f]) => f), ...versions].flatMap((f) =>
      f.status === 'known' && typeof f.value.repository === 'string' ? [f.value.repository] : [],
    );
  };
  const [laterAdvisories, repositoryFacts, earlyAdvisories] = await Promise.all([
    fetchAdvisories(http, options.osvUrl, unpinned),
    repositoryUrls().then((urls) =>
      fetchRepositories(http, options.githubApiUrl, options.githubToken, urls, options.today),
    ),
    stage.pinnedAdvisories,
  ]);
  const pages = new Map(
    await Promise.all([...releases].map(async ([r, page]) => [r, await page] as const)),
  );

  const byKey = new Map<string, PackageFacts>();
  const perDependency = new Map<Dependency, PackageFacts>();
  for (const r of registry) {
    const dep = r.dependency;
    const key = `${indexOf(dep)}\u0000${dep.normalizedName}@${r.version ?? ''}`;
    let facts = byKey.get(key);
    if (facts === undefined) {
      const project = stage.projectOf(dep);
      let release: Fact<VersionFacts>;
      let advisories: Fact<Advisory[]>;
      if (r.version === null) {
        const why =
          project.status === 'missing'
            ? project.reason
            : `no release of ${dep.name} satisfies ${dep.specifier || 'any version'}`;
        release = missing(why);
        advisories = missing(`no version to look up: ${why}`);
      } else {
        const pv = { name: dep.normalizedName, version: r.version };
        release =
          pages.get(r) ?? missing(`${dep.name} ${r.version}: its metadata was not asked for`);
        advisories =
          earlyAdvisories.get(keyOf(pv)) ??
          laterAdvisories.get(keyOf(pv)) ??
          missing('OSV was not asked');
      }
      const repoUrl =
        (project.status === 'known' ? project.value.repository : null) ??
        (release.status === 'known' ? (release.value.repository ?? null) : null);
      facts = {
        name: normalizeName(dep.name),
        version: r.version,
        resolution: resolutionOf(r),
        project,
        release,
        advisories,
        repository:
          repoUrl === null
            ? null
            : (repositoryFacts.get(repoUrl) ?? missing('GitHub was not asked')),
      };
      byKey.set(key, facts);
    }
    perDependency.set(dep, facts);
  }
  const condaFacts = (await stage.conda) ?? new Map<Dependency, PackageFacts>();
  return {
    of: (dep) => perDependency.get(dep) ?? condaFacts.get(dep) ?? null,
    all: () => [...byKey.values(), ...new Set(condaFacts.values())],
  };
}

/** The facts' coarser word for why a version is used (a lock's pin is a pin). */
function resolutionOf(r: ResolvedDependency): PackageFacts['resolution'] {
  return r.reason === 'locked' ? 'pinned' : r.reason;
}

/** The releases each dependency's project page lists, for the resolve stage. */
export const releasesFrom =
  (stage: ProjectStage) =>
  (dep: Dependency): ReleaseInfo[] | null => {
    const page = stage.projectOf(dep);
    return page.status === 'known' ? page.value.releases : null;
  };

/** What the tree walk asks, answered through the session (each page asked once). */
export function treeFetcher(session: FactsSession): TreeFetcher {
  return {
    releases: async (dep) => {
      const page = await session.project(dep);
      return page.status === 'known' ? page.value.releases : null;
    },
    requiresDist: async (dep, version) => {
      const meta = await session.metadata(dep, version);
      return meta.status === 'known' ? (meta.value.requiresDist ?? null) : null;
    },
  };
}

/** The three stages for dependencies as written (no tree). */
export async function collectFacts(
  http: HttpClient,
  dependencies: readonly Dependency[],
  options: FactsOptions,
): Promise<CollectedFacts> {
  const session = openFactsSession(http, options);
  const stage = await fetchProjects(session.http, session, dependencies, options);
  const resolved = resolveDependencies(dependencies, releasesFrom(stage));
  return fetchVersionFacts(session.http, session, resolved, stage, options);
}
