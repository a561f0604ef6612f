/**
 * The standard Simple repository API, for private indexes without PyPI's JSON API: the
 * project page (PEP 691 JSON, or HTML — content negotiated, checked by Content-Type) gives
 * files, upload times (PEP 700), yanks, Requires-Python and the project status (PEP 792);
 * a wheel's core metadata file (PEP 658/714 `.metadata`) gives the licence fields.
 */
import { normalizeName } from '../pep440/names.js';
import {
  compareVersions,
  isPrerelease,
  keyOfVersionText,
  parseVersion,
  versionKey,
  versionsEqual,
} from '../pep440/version.js';
import type { BodyBytes } from './http/body.js';
import { SIMPLE_ACCEPT, type Compact, type HttpClient } from './http/client.js';
import { textOf } from './http/decoders.js';
import { readJsonPage, type JsonPage, type JsonPageFile } from './simple-json.js';
import { describeHttpError, packProject, unpackProject, type PackedProject } from './pypi-json.js';
import { repositoryFromUrls } from './repository-url.js';
import {
  known,
  missing,
  type Fact,
  type ProjectFacts,
  type ProjectStatus,
  type ReleaseInfo,
  type VersionFacts,
} from './types.js';

/** One distribution file as a Simple page lists it. */
export interface SimpleFile {
  filename: string;
  /** Absolute URL (relative ones resolved against the page). */
  url: string;
  version: string | null;
  requiresPython: string | null;
  /** false, true, or the reason. */
  yanked: boolean | string;
  uploadTime: string | null;
  /** Whether a `.metadata` file is served next to it. */
  coreMetadata: boolean;
}

export interface SimplePage {
  name: string;
  files: SimpleFile[];
  status: { status: ProjectStatus; reason: string | null } | null;
  /** PEP 700 `versions` (JSON pages from API 1.1): every release, with files or not. */
  versions?: string[];
}

const STATUSES: readonly ProjectStatus[] = ['active', 'archived', 'deprecated', 'quarantined'];

/** Archive endings of sdists and of legacy binary formats (bdist_dumb, eggs, wininst). */
const ARCHIVE = /\.(tar\.gz|tar\.bz2|tar\.xz|tgz|tbz|zip|tar|egg|exe|msi|rpm)$/i;

/** Whether a text is a PEP 440 version. */
type IsVersion = (text: string) => boolean;

const isPep440: IsVersion = (text) => parseVersion(text) !== null;

/**
 * Longest file name a version is cut from: no file system keeps longer names than 255 bytes,
 * and the search below grows with the name's parts, so a hostile index's name is not read.
 */
const MAX_FILENAME_CHARS = 255;
/** Candidate versions parsed per file name at most; a name that needs more has none. */
const MAX_VERSION_TRIES = 64;

/**
 * The longest prefix of `rest` that is a PEP 440 version and ends before a `-` or `.`.
 * `isVersion` (which may remember) answers for `rest` itself; its shorter prefixes are parsed
 * and not remembered, so a long name costs no memory per prefix. `tries` counts the parses
 * of one file name against MAX_VERSION_TRIES.
 */
function leadingVersion(
  rest: string,
  isVersion: IsVersion,
  tries: { left: number },
): string | null {
  if (--tries.left < 0) return null;
  if (isVersion(rest)) return rest;
  for (let i = rest.length - 1; i > 0; i--) {
    if (rest[i] !== '-' && rest[i] !== '.') continue;
    if (--tries.left < 0) return null;
    if (isPep440(rest.slice(0, i))) return rest.slice(0, i);
  }
  return null;
}

/**
 * The version in a distribution file name: wheels (`name-1.0-py3-none-any.whl`), sdists
 * (`name-1.0.tar.gz`) and the legacy formats old releases still list (`name-1.0-py2.7.egg`,
 * `name-1.0.linux-x86_64.tar.gz`, `name-1.0.win32-py2.6.exe`). Knowing the project's name
 * lets names with dashes be cut off exactly, as pip does.
 */
export function versionOfFilename(filename: string, project: string | null = null): string | null {
  return versionIn(filename, project === null ? null : normalizeName(project), isPep440);
}

const isSeparator = (c: string | undefined): boolean => c === '-' || c === '_' || c === '.';

/**
 * Where a normalized project name ends in a file name's stem, at the `-` before the version
 * (as normalizing each prefix and comparing would find, in one pass); -1 when it is not there.
 */
function nameEnd(stem: string, name: string): number {
  let s = 0;
  for (const c of name) {
    if (c === '-') {
      if (!isSeparator(stem[s])) return -1;
      while (isSeparator(stem[s])) s++;
    } else if (stem[s++]?.toLowerCase() !== c) return -1;
  }
  return stem[s] === '-' ? s : -1;
}

/** `versionOfFilename` with the project's name normalized, and a way to tell versions. */
function versionIn(filename: string, name: string | null, isVersion: IsVersion): string | null {
  if (filename.endsWith('.whl')) {
    // name-version[-build]-python-abi-platform: the second of five or six parts (no split:
    // a big page has tens of thousands of wheels).
    const first = filename.indexOf('-');
    const second = first < 0 ? -1 : filename.indexOf('-', first + 1);
    const third = second < 0 ? -1 : filename.indexOf('-', second + 1);
    const fourth = third < 0 ? -1 : filename.indexOf('-', third + 1);
    return fourth < 0 ? null : filename.slice(first + 1, second);
  }
  if (filename.length > MAX_FILENAME_CHARS) return null;
  const stem = filename.replace(ARCHIVE, '');
  if (stem === filename) return null;
  const tries = { left: MAX_VERSION_TRIES };
  if (name !== null) {
    const end = nameEnd(stem, name);
    if (end > 0) return leadingVersion(stem.slice(end + 1), isVersion, tries);
  }
  for (let i = stem.indexOf('-'); i >= 0 && tries.left > 0; i = stem.indexOf('-', i + 1)) {
    const version = leadingVersion(stem.slice(i + 1), isVersion, tries);
    if (version !== null) return version;
  }
  return null;
}

function htmlUnescape(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos|#39);/gi, (whole, entity: string) => {
    const e = entity.toLowerCase();
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)));
    return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[e] ?? whole;
  });
}

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(
    /([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g,
  )) {
    const name = m[1]?.toLowerCase();
    if (name !== undefined) out.set(name, htmlUnescape(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return out;
}

function statusOf(status: string | null, reason: string | null): SimplePage['status'] {
  const s = STATUSES.find((x) => x === status?.toLowerCase());
  return s === undefined ? null : { status: s, reason };
}

export function parseSimpleHtml(html: string, pageUrl: string, name: string): SimplePage {
  const files: SimpleFile[] = [];
  for (const m of html.matchAll(/<a\s([^>]*)>([^<]*)<\/a>/gi)) {
    const attrs = attributes(m[1] ?? '');
    const href = attrs.get('href');
    if (href === undefined) continue;
    const url = new URL(href, pageUrl);
    url.hash = '';
    const filename =
      htmlUnescape((m[2] ?? '').trim()) || decodeURIComponent(url.pathname.split('/').pop() ?? '');
    const yanked = attrs.get('data-yanked');
    const metadata = attrs.get('data-core-metadata') ?? attrs.get('data-dist-info-metadata');
    files.push({
      filename,
      url: url.href,
      version: versionOfFilename(filename, name),
      requiresPython: attrs.get('data-requires-python') ?? null,
      yanked: yanked === undefined ? false : yanked === '' ? true : yanked,
      uploadTime: null,
      coreMetadata: metadata !== undefined && metadata !== 'false',
    });
  }
  const meta = (key: string) =>
    new RegExp(`<meta\\s+name="${key}"\\s+content="([^"]*)"`, 'i').exec(html)?.[1] ?? null;
  const reason = meta('pypi:project-status-reason');
  return {
    name,
    files,
    status: statusOf(meta('pypi:project-status'), reason === null ? null : htmlUnescape(reason)),
  };
}

const ABSOLUTE = /^https?:\/\//i;

/** Resolving costs more than the rest of the file: only a relative URL needs it. */
const resolved = (url: string, pageUrl: string) =>
  ABSOLUTE.test(url) ? url : new URL(url, pageUrl).href;

/**
 * A JSON page (PEP 691) from its bytes, or null when it is JSON but no project page.
 * Throws `Error` with the reason when it is not JSON.
 */
export function parseSimpleJson(
  bytes: Iterable<Buffer> | string,
  pageUrl: string,
  name: string,
): SimplePage | null {
  const chunks = typeof bytes === 'string' ? [Buffer.from(bytes)] : bytes;
  const files = listedFiles();
  const read = readJsonPage(chunks, true, files);
  if (read !== null && 'invalid' in read) throw new Error(read.invalid);
  return read === null ? null : simplePageOf(read, files.listed, pageUrl, name);
}

/** A `FileSink` keeping every file. */
function listedFiles() {
  const sink = {
    listed: [] as JsonPageFile[],
    start: () => {
      sink.listed = [];
    },
    file: (f: JsonPageFile) => sink.listed.push(f),
  };
  return sink;
}

function simplePageOf(
  page: JsonPage,
  listed: readonly JsonPageFile[],
  pageUrl: string,
  asked: string,
): SimplePage {
  const name = page.name ?? asked;
  const normalized = normalizeName(name);
  return {
    name,
    files: listed.map((f) => ({
      filename: f.filename,
      url: resolved(f.url ?? '', pageUrl),
      version: versionIn(f.filename, normalized, isPep440),
      requiresPython: f.requiresPython,
      yanked: f.yanked,
      uploadTime: f.uploadTime,
      coreMetadata: f.coreMetadata,
    })),
    status: page.status === null ? null : statusOf(page.status.status, page.status.reason),
    ...(page.versions === null ? {} : { versions: page.versions }),
  };
}

/** What dating a release takes of a file. */
type DatedFile = Pick<SimpleFile, 'requiresPython' | 'yanked' | 'uploadTime'>;

/** A page but its files. */
type DatedPage = Pick<SimplePage, 'name' | 'status' | 'versions'>;

/** A release as its files are grouped: the first yank reason is kept until all are seen. */
type Grouped = ReleaseInfo & { reason: string | null };

/** Files grouped by version into releases: earliest upload, yanked when every file is. */
class ReleaseGrouping {
  // Files of one release may spell its version differently (`3.13`, `3.13.0`): one release.
  private byVersion = new Map<string, Grouped>();
  // A release's files spell its version alike: each spelling is parsed once, here, whether
  // a wheel's or an sdist's name gave it.
  private spellings = new Map<string, { key: string; valid: boolean }>();
  // A page lists a release's files one after another.
  private lastSpelling: string | null = null;
  private lastRelease: Grouped | null = null;

  /** Whether `text` is a PEP 440 version, from the spellings seen. */
  readonly isVersion: IsVersion = (text) => this.spelling(text).valid;

  private spelling(text: string): { key: string; valid: boolean } {
    let s = this.spellings.get(text);
    if (s === undefined) {
      const key = keyOfVersionText(text);
      s = key === null ? { key: text, valid: false } : { key, valid: true };
      this.spellings.set(text, s);
    }
    return s;
  }

  add(version: string | null, f: DatedFile): void {
    if (version === null) return;
    let r = this.lastSpelling === version ? this.lastRelease : null;
    if (r === null) {
      const { key } = this.spelling(version);
      r = this.byVersion.get(key) ?? null;
      if (r === null) {
        r = {
          version,
          uploaded: null,
          yanked: true,
          yankedReason: null,
          requiresPython: null,
          reason: null,
        };
        this.byVersion.set(key, r);
      }
      this.lastSpelling = version;
      this.lastRelease = r;
    }
    if (f.yanked === false) r.yanked = false;
    else if (typeof f.yanked === 'string') r.reason ??= f.yanked;
    if (f.uploadTime !== null && (r.uploaded === null || f.uploadTime < r.uploaded))
      r.uploaded = f.uploadTime;
    r.requiresPython ??= f.requiresPython;
  }

  clear(): void {
    this.byVersion = new Map();
    this.lastSpelling = null;
    this.lastRelease = null;
  }

  releases(): ReleaseInfo[] {
    return [...this.byVersion.values()].map(({ reason, ...r }) => ({
      ...r,
      yankedReason: r.yanked ? reason : null,
    }));
  }
}

/** Releases from files, grouped by version. */
export function releasesOf(files: readonly SimpleFile[]): ReleaseInfo[] {
  const grouping = new ReleaseGrouping();
  for (const f of files) grouping.add(f.version, f);
  return grouping.releases();
}

/** The newest release that is not yanked, preferring finals (what PyPI calls the latest). */
function latestOf(releases: readonly ReleaseInfo[]): string | null {
  const usable = releases
    .filter((r) => !r.yanked)
    .map((r) => ({ r, v: parseVersion(r.version) }))
    .filter((x) => x.v !== null);
  const finals = usable.filter((x) => x.v !== null && !isPrerelease(x.v));
  const pool = finals.length > 0 ? finals : usable;
  pool.sort((a, b) => (a.v !== null && b.v !== null ? compareVersions(a.v, b.v) : 0));
  return pool.at(-1)?.r.version ?? null;
}

/**
 * A file as the cache keeps it: `[filename, url, version, requiresPython, yanked, uploadTime,
 * coreMetadata]`, the URL without the file name when it ends with it (as PyPI's do). A big
 * project lists tens of thousands of files; tuples keep the cached page small.
 */
type PackedFile = [
  string,
  string,
  string | null,
  string | null,
  boolean | string,
  string | null,
  boolean,
  /** The URL ends with the file name, left out of `url`. */
  boolean,
];
type PackedPage = Pick<SimplePage, 'name' | 'status' | 'versions'> & { files: PackedFile[] };

function packFile(f: SimpleFile): PackedFile {
  const suffixed = f.url.length > f.filename.length && f.url.endsWith(`/${f.filename}`);
  return [
    f.filename,
    suffixed ? f.url.slice(0, -f.filename.length) : f.url,
    f.version,
    f.requiresPython,
    f.yanked,
    f.uploadTime,
    f.coreMetadata,
    suffixed,
  ];
}

const unpackFile = ([
  filename,
  url,
  version,
  requiresPython,
  yanked,
  uploadTime,
  coreMetadata,
  suffixed,
]: PackedFile): SimpleFile => ({
  filename,
  url: suffixed ? `${url}${filename}` : url,
  version,
  requiresPython,
  yanked,
  uploadTime,
  coreMetadata,
});

/** A project page, or why it is not one (the message without the package's name). */
type PageOrWhy = { page: PackedPage } | { why: string };

const packed = (page: SimplePage): PageOrWhy => ({
  page: {
    name: page.name,
    files: page.files.map(packFile),
    status: page.status,
    ...(page.versions === undefined ? {} : { versions: page.versions }),
  },
});

const isJsonType = (type: string) =>
  type.includes('application/vnd.pypi.simple.v1+json') || type.includes('application/json');

/** A Simple page from its bytes, by content type, or why it is not one. */
function pageOf(
  body: BodyBytes,
  url: string,
  headers: Readonly<Record<string, string>>,
  name: string,
): SimplePage | { why: string } {
  const type = headers['content-type'] ?? '';
  if (isJsonType(type)) {
    const files = listedFiles();
    const page = readJsonPage(body.chunks, true, files);
    if (page === null) return { why: 'not a Simple API page' };
    if ('invalid' in page) return notJson(page.invalid, url);
    return simplePageOf(page, files.listed, url, name);
  }
  if (type.includes('html')) return parseSimpleHtml(textOf(body, headers), url, name);
  return { why: `unexpected content type ${JSON.stringify(type)} (${url})` };
}

const notJson = (reason: string, url: string) => ({
  why: `the JSON page is not valid JSON (${reason}; ${url})`,
});

/**
 * Only what dating releases takes of a page: files are grouped into releases as they are read,
 * none kept, no URL resolved (a big project's page lists tens of thousands). The name asked
 * cuts versions out of file names: PyPI's page names the project by it, normalized, and
 * comes after the files. HTML pages go the whole way.
 */
function releasesPageOf(
  body: BodyBytes,
  url: string,
  headers: Readonly<Record<string, string>>,
  asked: string,
): { page: DatedPage; releases: ReleaseInfo[] } | { why: string } {
  if (!isJsonType(headers['content-type'] ?? '')) {
    const page = pageOf(body, url, headers, asked);
    return 'why' in page ? page : { page, releases: releasesOf(page.files) };
  }
  const releases = new ReleaseGrouping();
  const name = normalizeName(asked);
  const page = readJsonPage(body.chunks, false, {
    start: () => {
      releases.clear();
    },
    file: (f) => {
      releases.add(versionIn(f.filename, name, releases.isVersion), f);
    },
  });
  if (page === null) return { why: 'not a Simple API page' };
  if ('invalid' in page) return notJson(page.invalid, url);
  return {
    page: {
      name: page.name ?? asked,
      status: page.status === null ? null : statusOf(page.status.status, page.status.reason),
      ...(page.versions === null ? {} : { versions: page.versions }),
    },
    releases: releases.releases(),
  };
}

/** What the cache keeps of a Simple page: its files and status, parsed once. */
const simplePage = (name: string): Compact<BodyBytes, PageOrWhy> => ({
  // The name asked is part of the value (`SimplePage.name` falls back to it).
  id: `simple-page/3 ${name}`,
  reduce: (body, { url, headers }) => {
    const page = pageOf(body, url, headers, name);
    return 'why' in page ? page : packed(page);
  },
});

/**
 * A JSON page of API 1.1 or later (PEP 700: `versions`, upload times) can stand in for the
 * JSON project answer; an HTML page, or one that dates no file, cannot.
 */
const datesFiles = (page: DatedPage, releases: readonly ReleaseInfo[]) =>
  page.versions !== undefined &&
  (releases.length === 0 || releases.some((r) => r.uploaded !== null));

/** The project facts of a Simple page of PyPI, and whether they can stand in for its JSON answer. */
export interface SimpleReleases {
  project: ProjectFacts;
  datesFiles: boolean;
}

/**
 * What the cache keeps of a PyPI Simple page asked for its releases: the project facts, a
 * tuple per release, not the page's files (eight wheels per release make those ten times
 * larger, and the version's metadata comes from the JSON API, not from a file).
 */
const simpleReleases = (
  name: string,
): Compact<BodyBytes, { project: PackedProject; datesFiles: boolean } | { why: string }> => ({
  id: `simple-releases/2 ${name}`,
  reduce: (body, { url, headers }) => {
    const read = releasesPageOf(body, url, headers, name);
    if ('why' in read) return read;
    const { page, releases } = read;
    // A quarantined page lists no file: its releases are none, whatever `versions` says.
    const quarantined = page.status?.status === 'quarantined';
    return {
      project: packProject(projectOf(page, releases, !quarantined)),
      datesFiles: datesFiles(page, releases),
    };
  },
});

/** A project's Simple page, drawn into what `compact` keeps, or why it could not be had. */
async function askPage<T>(
  http: HttpClient,
  simpleUrl: string,
  name: string,
  compact: Compact<BodyBytes, T | { why: string }>,
): Promise<{ value: T; url: string } | { missing: string }> {
  const url = `${simpleUrl.replace(/\/+$/, '')}/${normalizeName(name)}/`;
  const answer = await http.getBytes(url, {
    kind: 'simple',
    accept: SIMPLE_ACCEPT,
    fallbackMaxAgeS: 600,
    compact,
  });
  if (!answer.ok) return { missing: describeHttpError(`index project ${name}`, answer.error) };
  const result = answer.value.body;
  if (typeof result === 'object' && result !== null && 'why' in result)
    return { missing: `index project ${name}: ${result.why}` };
  return { value: result, url: answer.value.url };
}

/** A PyPI Simple page's project facts (releases, status), for the JSON API route. */
export async function fetchSimpleReleases(
  http: HttpClient,
  simpleUrl: string,
  name: string,
): Promise<Fact<SimpleReleases>> {
  const answer = await askPage(http, simpleUrl, name, simpleReleases(name));
  if ('missing' in answer) return missing(answer.missing);
  const { project, datesFiles } = answer.value;
  return known({ project: unpackProject(project), datesFiles }, answer.url);
}

export async function fetchSimplePage(
  http: HttpClient,
  simpleUrl: string,
  name: string,
): Promise<Fact<SimplePage>> {
  const answer = await askPage(http, simpleUrl, name, simplePage(name));
  if ('missing' in answer) return missing(answer.missing);
  const { page } = answer.value;
  return known({ ...page, files: page.files.map(unpackFile) }, answer.url);
}

/**
 * The project facts a Simple page gives. `listEmpty`: releases PEP 700 `versions` lists with
 * no file count too, with no upload time, as PyPI's JSON API lists them (only for PyPI, whose
 * JSON answers these facts stand in for).
 */
export function projectFromSimple(page: SimplePage, listEmpty = false): ProjectFacts {
  return projectOf(page, releasesOf(page.files), listEmpty);
}

function projectOf(page: DatedPage, releases: ReleaseInfo[], listEmpty: boolean): ProjectFacts {
  if (listEmpty) {
    // Mostly spelled as the files spell them: only another spelling is parsed.
    const spelled = new Set(releases.map((r) => r.version));
    let listed: Set<string> | null = null;
    for (const version of page.versions ?? []) {
      if (spelled.has(version)) continue;
      listed ??= new Set(releases.map((r) => versionKey(r.version)));
      if (listed.has(versionKey(version))) continue;
      listed.add(versionKey(version));
      releases.push({
        version,
        uploaded: null,
        yanked: false,
        yankedReason: null,
        requiresPython: null,
      });
    }
  }
  return {
    name: page.name,
    releases,
    latestVersion: latestOf(releases),
    status: page.status,
    repository: null,
    ownershipRoles: null,
    latest: null,
  };
}

/** Core metadata headers (RFC 822 style, continuation lines indented) up to the body. */
export function parseCoreMetadata(text: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  let last: { key: string; index: number } | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break;
    if (/^[ \t]/.test(line) && last !== null) {
      const values = fields.get(last.key) ?? [];
      values[last.index] = `${values[last.index] ?? ''}\n${line.replace(/^\s{1,8}\|?/, '')}`;
      continue;
    }
    const m = /^([A-Za-z0-9-]+):\s?(.*)$/.exec(line);
    if (m?.[1] === undefined) continue;
    const key = m[1].toLowerCase();
    const values = fields.get(key) ?? [];
    values.push(m[2] ?? '');
    fields.set(key, values);
    last = { key, index: values.length - 1 };
  }
  return fields;
}

/** The GitHub repository core metadata names: `Project-URL: Label, URL` lines, then `Home-page`. */
export function repositoryOfMetadata(fields: ReadonlyMap<string, string[]>): string | null {
  const urls: Record<string, string> = {};
  for (const entry of fields.get('project-url') ?? []) {
    const comma = entry.indexOf(',');
    if (comma < 0) continue;
    const label = entry.slice(0, comma).trim();
    // A repeated label keeps its first URL, as PyPI's project_urls does.
    if (!(label in urls)) urls[label] = entry.slice(comma + 1).trim();
  }
  return repositoryFromUrls(urls, fields.get('home-page')?.[0]?.trim() || null);
}

export async function fetchSimpleVersion(
  http: HttpClient,
  page: SimplePage,
  version: string,
): Promise<Fact<VersionFacts>> {
  const files = page.files.filter((f) => f.version !== null && versionsEqual(f.version, version));
  if (files.length === 0)
    return missing(`index project ${page.name}: no files for version ${version}`);
  const file =
    files.find((f) => f.coreMetadata && f.filename.endsWith('.whl')) ??
    files.find((f) => f.coreMetadata);
  const yanked = files.every((f) => f.yanked !== false);
  const reason = files.map((f) => f.yanked).find((y): y is string => typeof y === 'string') ?? null;
  if (file === undefined) {
    return missing(
      `${page.name} ${version}: the index serves no core metadata file (PEP 658) for it`,
    );
  }
  const answer = await http.getText(`${file.url}.metadata`, {
    kind: 'metadata',
    fallbackMaxAgeS: 86_400,
  });
  if (!answer.ok)
    return missing(describeHttpError(`${page.name} ${version} metadata`, answer.error));
  const fields = parseCoreMetadata(answer.value.body);
  const one = (key: string) => fields.get(key)?.[0]?.trim() || null;
  return known(
    {
      version,
      licenseExpression: one('license-expression'),
      license: fields.get('license')?.[0] ?? null,
      classifiers: fields.get('classifier') ?? [],
      requiresPython: one('requires-python') ?? file.requiresPython,
      yanked,
      yankedReason: yanked ? reason : null,
      repository: repositoryOfMetadata(fields),
      requiresDist: fields.get('requires-dist') ?? [],
    },
    answer.value.url,
  );
}
