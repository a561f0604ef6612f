/**
 * The PyPI JSON API (`{index}/{name}/json`, `{index}/{name}/{version}/json`): releases with
 * upload times and yanks, the metadata of a version, project URLs and ownership (which a
 * version's answer carries too). Answers are
 * checked field by field; one that does not have the shape is a missing fact naming the
 * package, never a crash. Only the facts drawn from an answer are kept and cached (a project
 * document lists every file of every release; the facts are a fraction of it).
 */
import {
  isJsonObject as isObject,
  nonEmptyString as str,
  type JsonObject as Json,
} from '../json-guards.js';
import { normalizeName } from '../pep440/names.js';
import type { Compact, HttpClient, HttpError } from './http/client.js';
import { repositoryFromUrls } from './repository-url.js';
import {
  known,
  missing,
  type Fact,
  type ProjectFacts,
  type ReleaseInfo,
  type VersionFacts,
} from './types.js';

export function describeHttpError(what: string, error: HttpError, service = 'the index'): string {
  switch (error.kind) {
    case 'not-found':
      return `${what}: not found on ${service} (${error.url})`;
    case 'timeout':
      return `${what}: ${service} did not answer in time after ${String(error.attempts)} attempts (${error.url})`;
    case 'unavailable':
      return `${what}: ${service} is unavailable: ${error.message}`;
    case 'invalid-response':
      return `${what}: ${service} gave an unusable answer: ${error.message}`;
  }
}

function versionFacts(info: Json, version: string): VersionFacts {
  const classifiers = Array.isArray(info.classifiers)
    ? info.classifiers.filter((c): c is string => typeof c === 'string')
    : [];
  return {
    version,
    licenseExpression: str(info.license_expression),
    license: str(info.license),
    classifiers,
    requiresPython: str(info.requires_python),
    yanked: info.yanked === true,
    yankedReason: str(info.yanked_reason),
    requiresDist: Array.isArray(info.requires_dist)
      ? info.requires_dist.filter((r): r is string => typeof r === 'string')
      : null,
  };
}

/** A release from its files: earliest upload, yanked when every file is. */
function releaseOf(version: string, files: unknown): ReleaseInfo {
  const list = Array.isArray(files) ? files.filter(isObject) : [];
  const times = list
    .map((f) => str(f.upload_time_iso_8601) ?? str(f.upload_time))
    .filter((t): t is string => t !== null)
    .sort();
  const yanked = list.length > 0 && list.every((f) => f.yanked === true);
  return {
    version,
    uploaded: times[0] ?? null,
    yanked,
    yankedReason: yanked
      ? (list.map((f) => str(f.yanked_reason)).find((r) => r !== null) ?? null)
      : null,
    requiresPython: list.map((f) => str(f.requires_python)).find((r) => r !== null) ?? null,
  };
}

/** What a project or version answer says of the project: who owns it, where its code is. */
export type ProjectSide = Pick<ProjectFacts, 'repository' | 'ownershipRoles'> & {
  /** The display name (`info.name`). */
  name: string | null;
};

/** PyPI's `ownership.roles` (project-wide, in every answer) and the GitHub repository `info` names. */
function projectSideOf(body: Json, info: Json): ProjectSide {
  return {
    name: typeof info.name === 'string' ? info.name : null,
    repository: repositoryFromUrls(
      isObject(info.project_urls) ? info.project_urls : null,
      str(info.home_page),
    ),
    ownershipRoles:
      isObject(body.ownership) && Array.isArray(body.ownership.roles)
        ? body.ownership.roles.length
        : null,
  };
}

export function projectFromJson(body: unknown): ProjectFacts | null {
  if (!isObject(body) || !isObject(body.info) || typeof body.info.name !== 'string') return null;
  const info = body.info;
  const releases = isObject(body.releases)
    ? Object.entries(body.releases).map(([version, files]) => releaseOf(version, files))
    : [];
  const latestVersion = str(info.version);
  return {
    ...projectSideOf(body, info),
    name: String(info.name),
    releases,
    latestVersion,
    status: null,
    latest: latestVersion === null ? null : versionFacts(info, latestVersion),
  };
}

/**
 * A release as the cache keeps it: `[version, uploaded, yanked, requiresPython]`, `yanked`
 * being false, true or the reason. A tuple is 2.5 times smaller than the object, and a warm
 * run reads the releases of every project.
 */
type PackedRelease = [string, string | null, boolean | string, string | null];
export type PackedProject = Omit<ProjectFacts, 'releases'> & { releases: PackedRelease[] };

const packRelease = (r: ReleaseInfo): PackedRelease => [
  r.version,
  r.uploaded,
  r.yanked ? (r.yankedReason ?? true) : false,
  r.requiresPython,
];

const unpackRelease = ([
  version,
  uploaded,
  yanked,
  requiresPython,
]: PackedRelease): ReleaseInfo => ({
  version,
  uploaded,
  yanked: yanked !== false,
  yankedReason: typeof yanked === 'string' ? yanked : null,
  requiresPython,
});

export const packProject = (p: ProjectFacts): PackedProject => ({
  ...p,
  releases: p.releases.map(packRelease),
});
export const unpackProject = (p: PackedProject): ProjectFacts => ({
  ...p,
  releases: p.releases.map(unpackRelease),
});

/** The project document's facts: what the cache keeps of it (null: not a project). */
const PROJECT: Compact<unknown, PackedProject | null> = {
  id: 'pypi-project/2',
  reduce: (body) => {
    const project = projectFromJson(body);
    return project === null ? null : packProject(project);
  },
};

/** A version document's facts and what it says of the project (null: not a release). */
const VERSION: Compact<unknown, { facts: VersionFacts; project: ProjectSide } | null> = {
  id: 'pypi-version/2',
  // '' when the document does not give its version: the caller knows which it asked for.
  reduce: (body) =>
    isObject(body) && isObject(body.info)
      ? {
          facts: versionFacts(body.info, str(body.info.version) ?? ''),
          project: projectSideOf(body, body.info),
        }
      : null,
};

/** A project fact, and whether the index said "no such project" (404) when there is none. */
export async function fetchProject(
  http: HttpClient,
  indexUrl: string,
  name: string,
): Promise<Fact<ProjectFacts> & { notFound?: boolean }> {
  const url = `${indexUrl.replace(/\/+$/, '')}/${normalizeName(name)}/json`;
  const answer = await http.getJson(url, {
    kind: 'pypi-json',
    fallbackMaxAgeS: 900,
    compact: PROJECT,
  });
  if (!answer.ok) {
    const reason = describeHttpError(`PyPI project ${name}`, answer.error);
    return { ...missing<ProjectFacts>(reason), notFound: answer.error.kind === 'not-found' };
  }
  const packed = answer.value.body;
  if (packed === null)
    return missing(`PyPI project ${name}: the answer is not a PyPI project (${answer.value.url})`);
  return known(unpackProject(packed), answer.value.url);
}

/**
 * A version's metadata; when known, also what the answer says of the project (`project`:
 * ownership and the repository that version's project URLs name).
 */
export async function fetchVersion(
  http: HttpClient,
  indexUrl: string,
  name: string,
  version: string,
): Promise<Fact<VersionFacts> & { project?: ProjectSide }> {
  const url = `${indexUrl.replace(/\/+$/, '')}/${normalizeName(name)}/${encodeURIComponent(version)}/json`;
  // A published version's metadata does not change: cache it for a day.
  const answer = await http.getJson(url, {
    kind: 'pypi-json',
    fallbackMaxAgeS: 86_400,
    compact: VERSION,
  });
  if (!answer.ok) return missing(describeHttpError(`PyPI ${name} ${version}`, answer.error));
  const packed = answer.value.body;
  if (packed === null) {
    return missing(
      `PyPI ${name} ${version}: the answer is not a PyPI release (${answer.value.url})`,
    );
  }
  const { facts, project } = packed;
  return {
    ...known(facts.version === '' ? { ...facts, version } : facts, answer.value.url),
    project,
  };
}
