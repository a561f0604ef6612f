/**
 * Facts of Conda packages from the repodata of the channels the policy configures
 * (`conda-channels`): `{url}/{subdir}/repodata.json` for `noarch` and `linux-64`, one request
 * per channel and subdir whatever the number of packages. A package's licence is the
 * `license` field of its newest build, its release dates the builds' `timestamp`s. Conda
 * packages have no advisory database (OSV has no Conda ecosystem) and no repository in
 * repodata: those facts say so.
 */
import { excerpt } from '../manifests/text.js';
import type { Dependency } from '../manifests/types.js';
import { compareVersionText } from '../pep440/version.js';
import { resolveVersion } from '../resolve/resolve.js';
import type { Compact, HttpClient } from './http/client.js';
import { describeHttpError } from './pypi-json.js';
import {
  known,
  missing,
  type Fact,
  type PackageFacts,
  type ProjectFacts,
  type ReleaseInfo,
  type VersionFacts,
} from './types.js';

/** The subdirs read: packages for any platform, and the one CI runners run. */
export const CONDA_SUBDIRS = ['noarch', 'linux-64'] as const;

export interface CondaOptions {
  /** Channel name → repodata base URL (the policy's `conda-channels`). */
  channels: Readonly<Record<string, string>>;
  /**
   * The `channels` of the environment file a dependency is written in, in order; a channel
   * written as the URL of a configured one is given by that one's name.
   */
  environmentChannels(dep: Dependency): readonly string[];
}

/** One build of a package, as repodata lists it. */
interface Build {
  version: string;
  license: string | null;
  /** Milliseconds since the epoch (older repodata gives seconds), or null. */
  timestamp: number | null;
}

/** What one channel says about the packages asked for: builds by name, or why it cannot say. */
type ChannelIndex = Fact<Map<string, Build[]>>;

const NO_ADVISORIES =
  'OSV has no Conda ecosystem: vulnerabilities of Conda packages are not looked up';

/** Conda package names are lower case; they are compared as such. */
const condaName = (name: string) => name.toLowerCase();

/** Builds of the wanted packages in one repodata.json body. */
function readRepodata(body: unknown, wanted: ReadonlySet<string>): Map<string, Build[]> | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const record = body as Record<string, unknown>;
  const out = new Map<string, Build[]>();
  let maps = 0;
  for (const key of ['packages', 'packages.conda']) {
    const files = record[key];
    if (files === undefined) continue;
    if (typeof files !== 'object' || files === null || Array.isArray(files)) return null;
    maps++;
    for (const entry of Object.values(files as Record<string, unknown>)) {
      if (typeof entry !== 'object' || entry === null) continue;
      const e = entry as Record<string, unknown>;
      if (typeof e.name !== 'string' || typeof e.version !== 'string') continue;
      const name = condaName(e.name);
      if (!wanted.has(name)) continue;
      const list = out.get(name) ?? [];
      list.push({
        version: e.version,
        license: typeof e.license === 'string' && e.license.trim() !== '' ? e.license : null,
        timestamp:
          typeof e.timestamp === 'number' && Number.isFinite(e.timestamp) && e.timestamp > 0
            ? e.timestamp
            : null,
      });
      out.set(name, list);
    }
  }
  return maps === 0 ? null : out;
}

/** Repodata timestamps are in ms; some older channels wrote seconds. */
function isoOf(timestamp: number | null): string | null {
  if (timestamp === null) return null;
  const ms = timestamp < 1e11 ? timestamp * 1000 : timestamp;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function versionFacts(version: string, builds: readonly Build[]): VersionFacts {
  // The newest build's licence: a rebuild is where a corrected licence shows up.
  const newest = builds.reduce((a, b) => ((b.timestamp ?? 0) > (a.timestamp ?? 0) ? b : a));
  return {
    version,
    licenseExpression: null,
    license: newest.license,
    classifiers: [],
    requiresPython: null,
    yanked: false,
    yankedReason: null,
  };
}

function projectOf(name: string, builds: readonly Build[]): ProjectFacts {
  const byVersion = new Map<string, Build[]>();
  for (const b of builds) byVersion.set(b.version, [...(byVersion.get(b.version) ?? []), b]);
  const releases: ReleaseInfo[] = [...byVersion].map(([version, list]) => {
    // The first build of a version is when it was released.
    const times = list.flatMap((b) => (b.timestamp === null ? [] : [b.timestamp]));
    return {
      version,
      uploaded: times.length === 0 ? null : isoOf(Math.min(...times)),
      yanked: false,
      yankedReason: null,
      requiresPython: null,
    };
  });
  const latestVersion =
    [...byVersion.keys()].reduce<string | null>(
      (a, b) => (a === null || compareVersionText(b, a) > 0 ? b : a),
      null,
    ) ?? null;
  return {
    name,
    releases,
    latestVersion,
    status: null,
    repository: null,
    ownershipRoles: null,
    latest:
      latestVersion === null
        ? null
        : versionFacts(latestVersion, byVersion.get(latestVersion) ?? []),
  };
}

/** The configured channel an entry names (the caller has turned URLs into names). */
const configuredName = (entry: string, channels: Readonly<Record<string, string>>) =>
  Object.hasOwn(channels, entry) ? entry : null;

/**
 * Facts for each Conda dependency one of whose channels is configured; the others are left
 * out (they keep their `input/conda-not-judged` notice). An explicit `channel::name` is looked
 * up in that channel only; else the environment's `channels` in order (`defaults` when it
 * lists none), the first that lists the package winning — unless an earlier one could not be
 * read or is not configured, since then which channel wins cannot be told.
 */
export async function collectCondaFacts(
  http: HttpClient,
  dependencies: readonly Dependency[],
  options: CondaOptions,
): Promise<Map<Dependency, PackageFacts>> {
  // Per dependency, its channels in order: a configured name, or the name as written.
  const candidates = new Map<Dependency, { name: string; configured: boolean }[]>();
  const wanted = new Map<string, Set<string>>();
  for (const dep of dependencies) {
    if (dep.source.kind !== 'conda') continue;
    const listed = options.environmentChannels(dep);
    const written =
      dep.source.channel !== null
        ? [dep.source.channel]
        : listed.length > 0
          ? listed
          : ['defaults'];
    const order = written
      .filter((c) => c !== 'nodefaults') // a marker, not a channel
      .map((c) => {
        const name = configuredName(c, options.channels);
        return { name: name ?? c, configured: name !== null };
      });
    if (!order.some((c) => c.configured)) continue;
    candidates.set(dep, order);
    for (const { name: n, configured } of order) {
      if (!configured) continue;
      const set = wanted.get(n) ?? new Set<string>();
      set.add(condaName(dep.name));
      wanted.set(n, set);
    }
  }
  // One request per channel and subdir, all at once.
  const indexes = new Map<string, Promise<ChannelIndex>>();
  for (const [name, names] of wanted)
    indexes.set(name, channelIndex(http, name, options.channels[name] ?? '', names));

  const out = new Map<Dependency, PackageFacts>();
  for (const [dep, order] of candidates) {
    out.set(dep, await factsOf(dep, order, indexes));
  }
  return out;
}

/**
 * What the cache keeps of a channel's repodata (every build of every package it has): the
 * builds of the packages asked for, which are part of the id.
 */
const repodataOf = (wanted: ReadonlySet<string>): Compact<unknown, [string, Build[]][] | null> => ({
  id: `conda-repodata/1 ${[...wanted].sort().join(' ')}`,
  reduce: (body) => {
    const builds = readRepodata(body, wanted);
    return builds === null ? null : [...builds];
  },
});

async function channelIndex(
  http: HttpClient,
  name: string,
  url: string,
  wanted: ReadonlySet<string>,
): Promise<ChannelIndex> {
  const answers = await Promise.all(
    CONDA_SUBDIRS.map(async (subdir) => {
      const at = `${url}/${subdir}/repodata.json`;
      const answer = await http.getJson(at, {
        kind: 'conda-repodata',
        fallbackMaxAgeS: 3600,
        compact: repodataOf(wanted),
      });
      if (!answer.ok)
        return missing<Map<string, Build[]>>(
          describeHttpError(`the repodata of Conda channel ${name}`, answer.error, 'the channel'),
        );
      const builds = answer.value.body === null ? null : new Map(answer.value.body);
      return builds === null
        ? missing<Map<string, Build[]>>(
            `the repodata of Conda channel ${name}: the answer is not repodata (${answer.value.url})`,
          )
        : known(builds, answer.value.url);
    }),
  );
  const failed = answers.find((a) => a.status === 'missing');
  if (failed !== undefined) return failed;
  const merged = new Map<string, Build[]>();
  for (const a of answers)
    if (a.status === 'known')
      for (const [n, builds] of a.value) merged.set(n, [...(merged.get(n) ?? []), ...builds]);
  return known(merged, `${url}/{${CONDA_SUBDIRS.join(',')}}/repodata.json`);
}

async function factsOf(
  dep: Dependency,
  order: readonly { name: string; configured: boolean }[],
  indexes: ReadonlyMap<string, Promise<ChannelIndex>>,
): Promise<PackageFacts> {
  const name = condaName(dep.name);
  const none = (reason: string): PackageFacts => ({
    name,
    version: dep.version,
    resolution: 'unresolved',
    project: missing(reason),
    release: missing(reason),
    advisories: missing(NO_ADVISORIES),
    repository: null,
  });
  for (const { name: channel, configured } of order) {
    // Conda takes a package from the first channel that has it: one not configured may.
    if (!configured)
      return none(
        `Conda channel ${excerpt(channel)} comes first in the channels of ${dep.file} and is not in conda-channels of the policy: which channel ${dep.name} is installed from cannot be told`,
      );
    const index = await (indexes.get(channel) ?? Promise.resolve(missing('not asked')));
    if (index.status === 'missing') return none(index.reason);
    const builds = index.value.get(name);
    if (builds === undefined || builds.length === 0) continue;
    const project = projectOf(name, builds);
    const r = resolveVersion(dep, project.releases);
    const version = r.version;
    const own = version === null ? [] : builds.filter((b) => b.version === version);
    const release: Fact<VersionFacts> =
      version === null
        ? missing(
            `no release of ${dep.name} in Conda channel ${channel} satisfies ${dep.specifier || 'any version'}`,
          )
        : own.length === 0
          ? missing(`${dep.name} ${version} is not in the repodata of Conda channel ${channel}`)
          : known(versionFacts(version, own), index.source);
    return {
      name,
      version,
      resolution: r.resolution,
      project: known(project, index.source),
      release,
      advisories: missing(NO_ADVISORIES),
      repository: null,
    };
  }
  const where = order.map((c) => `Conda channel ${c.name}`).join(', ');
  return none(
    `${dep.name} is not in the repodata of ${where} (subdirs ${CONDA_SUBDIRS.join(', ')})`,
  );
}
