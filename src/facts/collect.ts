/**
 * Facts for every registry dependency, fetched as one concurrent wave per kind: project
 * pages for all names and version pages and OSV for every pinned version start at once; what
 * depends on a project page (unpinned versions, GitHub repositories) follows as soon as the
 * pages are in. The HTTP layer bounds concurrency and deduplicates, so two manifests naming
 * one package cost one request.
 */
import type { Dependency } from '../manifests/types.js';
import { writtenUrlOf } from '../manifests/index-credential.js';
import { normalizeName } from '../pep440/names.js';
import { versionsEqual } from '../pep440/version.js';
import { resolveVersion } from '../resolve/resolve.js';
import { fetchRepositories } from './github.js';
import type { HttpClient } from './http/client.js';
import { fetchAdvisories, keyOf, type PackageVersion } from './osv.js';
import { fetchProject, fetchVersion } from './pypi-json.js';
import {
  fetchSimplePage,
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
  today: Date;
}

/** Where project and version facts come from: the JSON API, or a Simple API index. */
interface IndexSource {
  project(name: string): Promise<Fact<ProjectFacts>>;
  version(name: string, version: string): Promise<Fact<VersionFacts>>;
}

/** PyPI's Simple API root beside its JSON API root (`…/pypi` → `…/simple`), if it follows that layout. */
export function simpleRootOf(indexUrl: string): string | null {
  const root = indexUrl.replace(/\/+$/, '');
  return root.endsWith('/pypi') ? `${root.slice(0, -'/pypi'.length)}/simple` : null;
}

/** The PyPI JSON API, with the Simple API beside it asked when a project is not found. */
function jsonSource(http: HttpClient, indexUrl: string): IndexSource {
  const simpleBeside = simpleRootOf(indexUrl);
  return {
    project: async (name) => {
      const fact = await fetchProject(http, indexUrl, name);
      // The JSON API answers 404 for a quarantined project; only the Simple API says so.
      if (fact.status === 'known' || fact.notFound !== true || simpleBeside === null) return fact;
      const page = await fetchSimplePage(http, simpleBeside, name);
      if (page.status !== 'known' || page.value.status === null) return fact;
      return known(projectFromSimple(page.value), page.source);
    },
    version: (name, version) => fetchVersion(http, indexUrl, name, version),
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

export async function collectFacts(
  http: HttpClient,
  dependencies: readonly Dependency[],
  options: FactsOptions,
): Promise<CollectedFacts> {
  const registry = dependencies.filter((d) => d.source.kind === 'registry');
  const sources = new Map<string, IndexSource>([
    [
      '',
      options.simpleUrl
        ? simpleSource(http, options.simpleUrl)
        : jsonSource(http, options.indexUrl),
    ],
  ]);
  const requestUrls = new Map<string, string>();
  for (const dep of registry) {
    const index = indexOf(dep);
    if (index !== '' && !requestUrls.has(index)) requestUrls.set(index, requestUrlOf(dep, index));
  }
  const sourceOf = (index: string): IndexSource => {
    let source = sources.get(index);
    if (source === undefined) {
      source = simpleSource(http, requestUrls.get(index) ?? index);
      sources.set(index, source);
    }
    return source;
  };
  // A project is the same project only on the same index.
  const projectKey = (dep: Dependency) => `${indexOf(dep)}\u0000${dep.normalizedName}`;
  const projects = new Map<string, Promise<Fact<ProjectFacts>>>();
  for (const dep of registry) {
    const key = projectKey(dep);
    if (!projects.has(key)) projects.set(key, sourceOf(indexOf(dep)).project(dep.normalizedName));
  }

  // Pinned versions need no project page to be looked up: start them now.
  const versionPages = new Map<string, Promise<Fact<VersionFacts>>>();
  const pageKey = (index: string, pv: PackageVersion) => `${index}\u0000${keyOf(pv)}`;
  const pageOf = (index: string, pv: PackageVersion) => {
    const key = pageKey(index, pv);
    let page = versionPages.get(key);
    if (page === undefined) {
      page = sourceOf(index).version(pv.name, pv.version);
      versionPages.set(key, page);
    }
    return page;
  };
  const pinned = registry
    .filter((d) => d.version !== null)
    .map((d) => ({ name: d.normalizedName, version: d.version ?? '' }));
  for (const dep of registry)
    if (dep.version !== null)
      void pageOf(indexOf(dep), { name: dep.normalizedName, version: dep.version });
  const pinnedKeys = new Set(pinned.map(keyOf));
  const pinnedAdvisories = fetchAdvisories(http, options.osvUrl, pinned);

  // Unpinned versions: resolved against the releases, then looked up like the pinned ones.
  const resolved = new Map<
    Dependency,
    { version: string | null; resolution: PackageFacts['resolution']; project: Fact<ProjectFacts> }
  >();
  await Promise.all(
    registry.map(async (dep) => {
      const project = (await projects.get(projectKey(dep))) ?? missing<ProjectFacts>('not asked');
      const r = resolveVersion(dep, project.status === 'known' ? project.value.releases : null);
      resolved.set(dep, { version: r.version, resolution: r.resolution, project });
    }),
  );
  const unpinned = [...resolved.entries()]
    .filter(([dep, r]) => dep.version === null && r.version !== null)
    .map(([dep, r]) => ({ name: dep.normalizedName, version: r.version ?? '' }));
  // Version pages of unpinned versions other than the latest, all at once.
  for (const [dep, r] of resolved) {
    const latest = r.project.status === 'known' ? r.project.value.latest : null;
    if (
      dep.version === null &&
      r.version !== null &&
      (latest === null || !versionsEqual(r.version, latest.version))
    ) {
      void pageOf(indexOf(dep), { name: dep.normalizedName, version: r.version });
    }
  }
  // A project page that names no repository (a Simple index) may name it in a version's
  // metadata: only those version pages are waited for before GitHub is asked.
  const repositoryUrls = async (): Promise<string[]> => {
    const named = await Promise.all(
      [...projects].map(async ([key, page]) => [key, await page] as const),
    );
    const unnamed = new Set(
      named.filter(([, f]) => f.status !== 'known' || f.value.repository === null).map(([k]) => k),
    );
    const versions = await Promise.all(
      [...versionPages]
        .filter(([key]) => unnamed.has(key.slice(0, key.lastIndexOf('@'))))
        .map(([, page]) => page),
    );
    return [...named.map(([, f]) => f), ...versions].flatMap((f) =>
      f.status === 'known' && typeof f.value.repository === 'string' ? [f.value.repository] : [],
    );
  };
  const rest = Promise.all([
    fetchAdvisories(
      http,
      options.osvUrl,
      unpinned.filter((p) => !pinnedKeys.has(keyOf(p))),
    ),
    repositoryUrls().then((urls) =>
      fetchRepositories(http, options.githubApiUrl, options.githubToken, urls, options.today),
    ),
    pinnedAdvisories,
  ]);
  const pages = new Map(
    await Promise.all([...versionPages].map(async ([key, page]) => [key, await page] as const)),
  );
  const [laterAdvisories, repositoryFacts, earlyAdvisories] = await rest;

  const byKey = new Map<string, PackageFacts>();
  const perDependency = new Map<Dependency, PackageFacts>();
  for (const [dep, r] of resolved) {
    const key = `${indexOf(dep)}\u0000${dep.normalizedName}@${r.version ?? ''}`;
    let facts = byKey.get(key);
    if (facts === undefined) {
      const project = r.project;
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
        // The project page already carries the latest version's metadata.
        const latest = project.status === 'known' ? project.value.latest : null;
        release =
          latest !== null && versionsEqual(r.version, latest.version) && dep.version === null
            ? known(latest, project.status === 'known' ? project.source : '')
            : (pages.get(pageKey(indexOf(dep), pv)) ??
              missing(`${dep.name} ${r.version}: its metadata was not asked for`));
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
        resolution: r.resolution,
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
  return {
    of: (dep) => perDependency.get(dep) ?? null,
    all: () => [...byKey.values()],
  };
}
