/**
 * Where the reports link to: a package's index page, an advisory's page, a manifest line at the
 * head commit, a rule's section of the README, the workflow run. Every target is built only from
 * parts checked against a strict pattern (names normalised per PEP 503, advisory ids, commit
 * SHAs, run ids) and URL-encoded; text that fails its pattern gets no link, never a guessed one.
 */
import type { CheckResult } from './model.js';
import { isValidName, normalizeName } from '../pep440/names.js';

/** The README the rule and policy links point at. */
export const README_URL = 'https://github.com/pygovern/pygovern';

const PYPI_PAGES = 'https://pypi.org/project';

/** What a renderer needs to link; every part may be absent (then that kind of link is left out). */
export interface Links {
  /** `name` → its index page at `version` (null version: the project page), or null. */
  packagePage: (name: string, version: string | null) => string | null;
  /** `path`, `line` → the file at the head commit, or null. */
  fileAt: (path: string, line: number | null) => string | null;
  /** The workflow run, or null. */
  run: string | null;
}

export const NO_LINKS: Links = { packagePage: () => null, fileAt: () => null, run: null };

const NAME_MAX = 200;
/** PEP 440 versions (and the local labels of lock files): these characters only. */
const VERSION = /^[A-Za-z0-9][A-Za-z0-9.+!_-]{0,99}$/;
/** GitHub advisory ids: `GHSA-xxxx-xxxx-xxxx`, lower-case letters and digits. */
const GHSA = /^GHSA(?:-[0-9a-z]{4}){3}$/;
/** OSV ids: a database prefix and one to four parts (`PYSEC-2024-12`, `CVE-2025-1`, `MAL-2024-1`). */
const OSV_ID = /^[A-Z]{2,12}(?:-[A-Za-z0-9]{1,24}){1,4}$/;
const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const REPOSITORY = /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/;
const RUN_ID = /^\d{1,20}$/;

/** The PEP 503 name of a valid project name, else null. */
function projectName(name: string): string | null {
  return name.length <= NAME_MAX && isValidName(name) ? normalizeName(name) : null;
}

/**
 * Page of a package on the index: PyPI's `/project/NAME/VERSION/` by default; a Warehouse-like
 * JSON API root (`https://host/pypi`) gives `https://host/project/…`; a Simple API root gives
 * `ROOT/NAME/`. Credentials in the configured URL never reach the link.
 */
export function packagePages(
  index: { indexUrl?: string | null; simpleUrl?: string | null } = {},
): Links['packagePage'] {
  const simple = index.simpleUrl ? baseOf(index.simpleUrl) : null;
  const json = index.indexUrl ? baseOf(index.indexUrl) : null;
  const pages =
    json === null || json === 'https://pypi.org/pypi'
      ? PYPI_PAGES
      : json.endsWith('/pypi')
        ? `${json.slice(0, -'/pypi'.length)}/project`
        : null;
  return (name, version) => {
    const project = projectName(name);
    if (project === null) return null;
    if (index.simpleUrl) return simple === null ? null : `${simple}/${project}/`;
    if (pages === null) return null;
    const at = version !== null && VERSION.test(version) ? `${encodeURIComponent(version)}/` : '';
    return `${pages}/${project}/${at}`;
  };
}

/** An http(s) URL without userinfo, query, fragment or trailing slash; null when not one. */
function baseOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  return `${parsed.origin}${inert(parsed.pathname.replace(/\/+$/, ''))}`;
}

/**
 * Percent-encodes what the URL parser leaves but a Markdown link destination or a table cell
 * would read as syntax (`(`, `)`, `|`, `[`, `&`, `*`, …): only unreserved characters, `/`, `:`,
 * `@`, `+`, `,`, `=` and existing `%XX` stay.
 */
function inert(text: string): string {
  return text.replace(
    /%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~/:@+,=%]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

/** One path segment, encoded so nothing in it is URL or Markdown syntax. */
function segment(text: string): string {
  return inert(encodeURIComponent(text));
}

/** An advisory's page: GitHub's for GHSA ids, OSV's for other ids; null for anything else. */
export function advisoryUrl(id: string): string | null {
  if (id.startsWith('GHSA')) return GHSA.test(id) ? `https://github.com/advisories/${id}` : null;
  if (OSV_ID.test(id)) return `https://osv.dev/vulnerability/${id}`;
  return null;
}

/** A rule's section of the README (GitHub's heading anchor of `` #### `license/copyleft` ``). */
export function ruleUrl(rule: string): string {
  return `${README_URL}#${rule.toLowerCase().replace(/[^a-z0-9 _-]/g, '')}`;
}

/** The README's section on the policy (fail-on, scope, exceptions). */
export const POLICY_URL = `${README_URL}#policy`;

/**
 * `{server}/{owner}/{repo}/blob/{sha}/{path}#L{line}`, each path segment encoded; null when a
 * part is not what GitHub would give (a path with `..` or an empty segment never links).
 */
export function githubFiles(
  server: string | undefined,
  repository: string | undefined,
  sha: string | null | undefined,
): Links['fileAt'] {
  const root = server === undefined ? null : baseOf(server);
  if (root === null || !REPOSITORY.test(repository ?? '') || !SHA.test(sha ?? ''))
    return () => null;
  const blob = `${root}/${repository ?? ''}/blob/${sha ?? ''}`;
  return (path, line) => {
    const segments = path.split('/');
    if (segments.some((s) => s === '' || s === '.' || s === '..')) return null;
    const anchor = line === null ? '' : `#L${String(line)}`;
    return `${blob}/${segments.map(segment).join('/')}${anchor}`;
  };
}

/** `{server}/{owner}/{repo}/actions/runs/{id}` from the runner's variables, or null. */
export function githubRun(env: Readonly<Record<string, string | undefined>>): string | null {
  const root = env.GITHUB_SERVER_URL === undefined ? null : baseOf(env.GITHUB_SERVER_URL);
  const repository = env.GITHUB_REPOSITORY ?? '';
  const id = env.GITHUB_RUN_ID ?? '';
  if (root === null || !REPOSITORY.test(repository) || !RUN_ID.test(id)) return null;
  return `${root}/${repository}/actions/runs/${id}`;
}

/** A Markdown link around already-escaped `text`; the text alone when there is no target. */
export function link(text: string, url: string | null): string {
  return url === null ? text : `[${text}](${url})`;
}

/**
 * Links only the packages installed from the configured index: one a manifest takes from
 * another index, a VCS, a path, a URL or Conda (not a PyPI project of the same name) has none.
 */
export function indexPagesOnly(result: CheckResult, links: Links): Links {
  const others = new Set<string>();
  for (const r of [...result.dependencies, ...(result.base?.dependencies ?? [])]) {
    const { source, normalizedName } = r.dependency;
    if (source.kind !== 'registry' || source.index !== null) others.add(normalizedName);
  }
  return {
    ...links,
    packagePage: (name, version) =>
      others.has(normalizeName(name)) ? null : links.packagePage(name, version),
  };
}
