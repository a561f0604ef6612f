/**
 * A fake package index: the PyPI JSON API (`/pypi/<name>/json`, `/pypi/<name>/<version>/json`)
 * and the Simple API (`/simple/<name>/`, PEP 691 JSON or HTML by Accept, with PEP 658
 * `.metadata` files), serving generated projects and the recorded answers in
 * corpus/pypi-json, gzip-compressed for a client that accepts it, as PyPI answers. Built on
 * the fault-injecting fake server. No jest here: the demo and the bench run it compiled.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  startFakeServer,
  type FakeReply,
  type FakeServer,
  type FakeServerOptions,
} from './server.js';

export interface FakeRelease {
  version: string;
  /** ISO 8601 upload time. */
  uploaded: string;
  /** true or the reason. */
  yanked?: boolean | string;
  requiresPython?: string | null;
  licenseExpression?: string | null;
  license?: string | null;
  classifiers?: string[];
  /** `Requires-Dist` of this release (else the project's). */
  requiresDist?: string[];
}

export interface FakeProject {
  name: string;
  releases: FakeRelease[];
  /** Defaults for every release's metadata. */
  licenseExpression?: string | null;
  license?: string | null;
  classifiers?: string[];
  requiresPython?: string | null;
  /** `Requires-Dist` of every release (JSON `info.requires_dist`; absent: null, as PyPI says). */
  requiresDist?: string[];
  projectUrls?: Record<string, string>;
  /** `Home-page` of the metadata file and the JSON API's `home_page`. */
  homePage?: string;
  ownershipRoles?: number;
  /** Files per release (default 1): real projects upload a wheel per platform. */
  filesPerRelease?: number;
  /** PEP 792 status on the Simple API; `quarantined` also makes the JSON API answer 404. */
  status?: { status: 'active' | 'archived' | 'deprecated' | 'quarantined'; reason?: string };
}

const normalize = (name: string) => name.replace(/[-_.]+/g, '-').toLowerCase();

function isPre(version: string): boolean {
  return /(a|b|rc|dev)\d*$/i.test(version.replace(/\+.*$/, ''));
}

function compareLoose(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  const pb = b.split(/[.+-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/** PyPI's choice of `info.version`: not yanked, then not a pre-release, then highest. */
function latestOf(project: FakeProject): FakeRelease | undefined {
  const rank = (r: FakeRelease) =>
    [r.yanked === undefined || r.yanked === false ? 1 : 0, isPre(r.version) ? 0 : 1] as const;
  return [...project.releases]
    .sort((a, b) => {
      const [ra, rb] = [rank(a), rank(b)];
      return ra[0] - rb[0] || ra[1] - rb[1] || compareLoose(a.version, b.version);
    })
    .at(-1);
}

function meta(project: FakeProject, release: FakeRelease) {
  // A release's own value, even null, wins over the project default.
  const pick = <K extends 'licenseExpression' | 'license' | 'requiresPython'>(key: K) =>
    release[key] !== undefined ? release[key] : (project[key] ?? null);
  return {
    licenseExpression: pick('licenseExpression'),
    license: pick('license'),
    classifiers: release.classifiers ?? project.classifiers ?? [],
    requiresPython: pick('requiresPython'),
    requiresDist: release.requiresDist ?? project.requiresDist ?? null,
  };
}

/** A stable fake digest of a file name (hex), so every run serves the same documents. */
const digest = (algorithm: string, text: string) =>
  createHash(algorithm).update(text).digest('hex');

/** A distribution file as PyPI's JSON API lists it, with every field PyPI gives. */
export interface FakeFile {
  comment_text: string;
  digests: { blake2b_256: string; md5: string; sha256: string };
  downloads: number;
  filename: string;
  has_sig: boolean;
  md5_digest: string;
  packagetype: string;
  python_version: string;
  requires_python: string | null;
  size: number;
  upload_time: string;
  upload_time_iso_8601: string;
  url: string;
  yanked: boolean;
  yanked_reason: string | null;
}

function fileOf(project: FakeProject, release: FakeRelease, base: string, tags: string): FakeFile {
  const stem = `${normalize(project.name).replace(/-/g, '_')}-${release.version}`;
  const filename = tags === 'sdist' ? `${stem}.tar.gz` : `${stem}-${tags}.whl`;
  const sha256 = digest('sha256', filename);
  const blake = digest('blake2b512', filename).slice(0, 64);
  return {
    comment_text: '',
    digests: { blake2b_256: blake, md5: digest('md5', filename), sha256 },
    downloads: -1,
    filename,
    has_sig: false,
    md5_digest: digest('md5', filename),
    packagetype: tags === 'sdist' ? 'sdist' : 'bdist_wheel',
    python_version: tags === 'sdist' ? 'source' : (tags.split('-')[0] ?? 'py3'),
    requires_python: meta(project, release).requiresPython,
    // Sizes of real distributions: tens of KB to a few MB.
    size: 20_000 + (parseInt(sha256.slice(0, 6), 16) % 5_000_000),
    // PyPI's two spellings: seconds without a zone, and ISO 8601 with microseconds.
    upload_time: release.uploaded.replace(/(\.\d+)?Z$/, ''),
    upload_time_iso_8601: release.uploaded,
    // PyPI's layout (`/packages/<blake2b split>/<filename>`), so URLs are as long as PyPI's.
    url: `${base}/packages/${blake.slice(0, 2)}/${blake.slice(2, 4)}/${blake.slice(4)}/${filename}`,
    yanked: release.yanked !== undefined && release.yanked !== false,
    yanked_reason: typeof release.yanked === 'string' ? release.yanked : null,
  };
}

/**
 * The release's pure wheel first; with `filesPerRelease` of 2 or more, platform wheels and
 * an sdist last, as real releases upload them.
 */
function filesOf(project: FakeProject, release: FakeRelease, base: string): FakeFile[] {
  const count = Math.max(1, project.filesPerRelease ?? 1);
  return Array.from({ length: count }, (_, i) => {
    const cp = `cp3${String(8 + i)}`;
    const tags =
      i === 0
        ? 'py3-none-any'
        : i === count - 1
          ? 'sdist'
          : `${cp}-${cp}-manylinux_2_17_x86_64.manylinux2014_x86_64`;
    return fileOf(project, release, base, tags);
  });
}

/** A README of a few KB, as most projects upload as their long description. */
function descriptionOf(project: FakeProject): string {
  const section = (title: string) =>
    `## ${title}\n\n${project.name} is a library used in the tests of pygovern. This paragraph stands for the prose a real README carries: what the library does, how to install it with \`pip install ${normalize(project.name)}\`, a short example, and where to ask for help.\n\n\`\`\`python\nimport ${normalize(project.name).replace(/-/g, '_')}\n\nresult = ${normalize(project.name).replace(/-/g, '_')}.run(strict=True)\nprint(result)\n\`\`\`\n`;
  return [
    `# ${project.name}\n`,
    ...['Installation', 'Usage', 'Configuration', 'Contributing', 'Changelog', 'Licence'].map(
      section,
    ),
  ].join('\n');
}

function infoOf(project: FakeProject, release: FakeRelease) {
  const m = meta(project, release);
  const name = normalize(project.name);
  return {
    author: 'Fake Author',
    author_email: `maintainers@${name}.example`,
    bugtrack_url: null,
    classifiers: m.classifiers,
    description: descriptionOf(project),
    description_content_type: 'text/markdown',
    docs_url: null,
    download_url: null,
    downloads: { last_day: -1, last_month: -1, last_week: -1 },
    dynamic: null,
    home_page: project.homePage ?? null,
    keywords: 'testing, fake, pygovern',
    license: m.license,
    license_expression: m.licenseExpression,
    license_files: null,
    maintainer: null,
    maintainer_email: null,
    name: project.name,
    package_url: `https://pypi.org/project/${name}/`,
    platform: null,
    project_url: `https://pypi.org/project/${name}/`,
    project_urls: project.projectUrls ?? null,
    provides_extra: null,
    release_url: `https://pypi.org/project/${name}/${release.version}/`,
    requires_dist: m.requiresDist,
    requires_python: m.requiresPython,
    summary: `${project.name}, a fake project for tests`,
    version: release.version,
    yanked: release.yanked !== undefined && release.yanked !== false,
    yanked_reason: typeof release.yanked === 'string' ? release.yanked : null,
  };
}

/** PyPI's `ownership` (owners and maintainers), in project and version answers alike. */
function ownershipOf(project: FakeProject) {
  return project.ownershipRoles === undefined
    ? {}
    : {
        ownership: {
          roles: Array.from({ length: project.ownershipRoles }, (_, i) => ({
            role: 'Maintainer',
            user: `user${String(i)}`,
          })),
          organization: null,
        },
      };
}

/** A stable `last_serial` for a project (PyPI's change counter). */
const serialOf = (project: FakeProject) =>
  parseInt(digest('md5', project.name).slice(0, 7), 16) + project.releases.length;

/** The core metadata file (METADATA) of a release. */
export function metadataFile(project: FakeProject, release: FakeRelease): string {
  const m = meta(project, release);
  const lines = ['Metadata-Version: 2.4', `Name: ${project.name}`, `Version: ${release.version}`];
  if (m.licenseExpression !== null) lines.push(`License-Expression: ${m.licenseExpression}`);
  if (m.license !== null) lines.push(`License: ${m.license.replace(/\n/g, '\n        ')}`);
  for (const c of m.classifiers) lines.push(`Classifier: ${c}`);
  if (m.requiresPython !== null) lines.push(`Requires-Python: ${m.requiresPython}`);
  for (const r of m.requiresDist ?? []) lines.push(`Requires-Dist: ${r}`);
  if (project.homePage !== undefined) lines.push(`Home-page: ${project.homePage}`);
  for (const [label, url] of Object.entries(project.projectUrls ?? {}))
    lines.push(`Project-URL: ${label}, ${url}`);
  return `${lines.join('\n')}\n\nDescription body.\n`;
}

interface FakeIndexRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

/** Whether an `Accept-Encoding` header takes gzip (named, or `*`, with a weight above 0). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const codings = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',');
  let star = false;
  for (const coding of codings) {
    const [name = '', ...params] = coding.split(';').map((part) => part.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    if (name === 'gzip' || name === 'x-gzip') return weight > 0;
    if (name === '*') star = weight > 0;
  }
  return star;
}

/** Recorded answers of corpus/pypi-json/json-api: `<pkg>.json` and `<pkg>@<version>.json`. */
export function recordedAnswers(corpusDir: string): Map<string, unknown> {
  const answers = new Map<string, unknown>();
  const root = join(corpusDir, 'pypi-json', 'json-api');
  for (const source of readdirSync(root)) {
    for (const file of readdirSync(join(root, source))) {
      const m = /^([^@~]+)(?:@(.+))?\.json$/.exec(file);
      if (m?.[1] === undefined) continue;
      const body: unknown = JSON.parse(readFileSync(join(root, source, file), 'utf8'));
      const path =
        m[2] === undefined
          ? `/pypi/${normalize(m[1])}/json`
          : `/pypi/${normalize(m[1])}/${m[2]}/json`;
      if (!answers.has(path)) answers.set(path, body);
    }
  }
  return answers;
}

export interface FakePypi extends FakeServer {
  /** JSON API root, e.g. `http://127.0.0.1:1234/pypi`. */
  jsonUrl: string;
  /** Simple API root, e.g. `http://127.0.0.1:1234/simple`. */
  simpleUrl: string;
  /**
   * Builds every project answer and JSON Simple page now (else on first request), so a
   * benchmark times the client and the network, not the fake writing megabytes of JSON —
   * PyPI's CDN has them ready too.
   */
  prepare(): void;
}

export async function startFakePypi(
  projects: readonly FakeProject[],
  options: FakeServerOptions & { recorded?: Map<string, unknown> } = {},
): Promise<FakePypi> {
  const byName = new Map(projects.map((p) => [normalize(p.name), p]));
  let base = '';
  // Generated once: real-size documents cost the fake real time to build and serialise.
  const fileCache = new Map<FakeProject, Map<FakeRelease, FakeFile[]>>();
  const files = (project: FakeProject, release: FakeRelease): FakeFile[] => {
    let perRelease = fileCache.get(project);
    if (perRelease === undefined)
      fileCache.set(project, (perRelease = new Map<FakeRelease, FakeFile[]>()));
    let list = perRelease.get(release);
    if (list === undefined) perRelease.set(release, (list = filesOf(project, release, base)));
    return list;
  };
  const bodies = new Map<string, Buffer>();
  const serialised = (key: string, make: () => unknown): Buffer => {
    let body = bodies.get(key);
    if (body === undefined) bodies.set(key, (body = Buffer.from(JSON.stringify(make()))));
    return body;
  };
  let byFilename: Map<string, { project: FakeProject; release: FakeRelease }> | null = null;
  const fileNamed = (filename: string) => {
    byFilename ??= new Map(
      projects.flatMap((project) =>
        project.releases.flatMap((release) =>
          files(project, release).map((f) => [f.filename, { project, release }] as const),
        ),
      ),
    );
    return byFilename.get(filename);
  };
  // PyPI compresses its answers with gzip for a client that accepts it (Warehouse's
  // compression tween, `Vary: Accept-Encoding`), unless the gzip would be larger. Each body
  // is compressed once, as the CDN keeps both forms.
  const gzipped = new WeakMap<Buffer, Buffer | null>();
  const handler = (request: FakeIndexRequest): FakeReply | undefined => {
    const reply = answer(request);
    if (reply === undefined || (reply.status ?? 200) !== 200) return reply;
    const vary = { ...reply.headers, vary: 'Accept-Encoding' };
    if (!acceptsGzip(request.headers['accept-encoding'])) return { ...reply, headers: vary };
    const json = reply.json === undefined ? undefined : Buffer.from(JSON.stringify(reply.json));
    const body = json ?? reply.body;
    if (body === undefined) return { ...reply, headers: vary };
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
    let gzip = json === undefined ? gzipped.get(bytes) : undefined;
    if (gzip === undefined) {
      const compressed = gzipSync(bytes);
      gzip = compressed.length < bytes.length ? compressed : null;
      if (json === undefined) gzipped.set(bytes, gzip);
    }
    if (gzip === null) return { ...reply, headers: vary };
    return {
      ...reply,
      json: undefined,
      body: gzip,
      contentType: reply.contentType ?? 'application/json',
      headers: { ...vary, 'content-encoding': 'gzip' },
    };
  };
  const answer = (request: FakeIndexRequest): FakeReply | undefined => {
    const path = request.path.split('?')[0] ?? '';
    const recorded = options.recorded?.get(path);
    if (recorded !== undefined) return { json: recorded, etag: `"${String(path.length)}"` };
    let m = /^\/pypi\/([^/]+)\/json$/.exec(path);
    if (m?.[1] !== undefined) {
      const name = decodeURIComponent(m[1]);
      if (normalize(name) !== name)
        return { status: 301, headers: { location: `/pypi/${normalize(name)}/json` } };
      const project = byName.get(name);
      const latest = project === undefined ? undefined : latestOf(project);
      if (project === undefined || latest === undefined || project.status?.status === 'quarantined')
        return undefined;
      return {
        body: serialised(path, () => ({
          info: infoOf(project, latest),
          last_serial: serialOf(project),
          releases: Object.fromEntries(project.releases.map((r) => [r.version, files(project, r)])),
          urls: files(project, latest),
          vulnerabilities: [],
          ...ownershipOf(project),
        })),
        contentType: 'application/json',
        headers: { 'cache-control': 'max-age=900, public' },
        etag: `"${project.name}-${String(project.releases.length)}"`,
      };
    }
    m = /^\/pypi\/([^/]+)\/([^/]+)\/json$/.exec(path);
    if (m?.[1] !== undefined && m[2] !== undefined) {
      const project = byName.get(normalize(decodeURIComponent(m[1])));
      const release = project?.releases.find((r) => r.version === decodeURIComponent(m?.[2] ?? ''));
      if (
        project === undefined ||
        release === undefined ||
        project.status?.status === 'quarantined'
      )
        return undefined;
      return {
        body: serialised(path, () => ({
          info: infoOf(project, release),
          last_serial: serialOf(project),
          urls: files(project, release),
          vulnerabilities: [],
          ...ownershipOf(project),
        })),
        contentType: 'application/json',
      };
    }
    m = /^\/simple\/([^/]+)\/$/.exec(path);
    if (m?.[1] !== undefined) {
      const project = byName.get(m[1]);
      if (project === undefined) return undefined;
      const quarantined = project.status?.status === 'quarantined';
      const listed = quarantined ? [] : project.releases.flatMap((r) => files(project, r));
      // PyPI says every project's status; most are active.
      const status = project.status ?? { status: 'active' as const };
      const accept = String(request.headers.accept ?? '');
      if (accept.includes('application/vnd.pypi.simple.v1+json')) {
        return {
          contentType: 'application/vnd.pypi.simple.v1+json',
          body: serialised(`${path} json`, () => ({
            'alternate-locations': [],
            files: listed.map((f) => {
              // PyPI serves a wheel's METADATA (PEP 658), not an sdist's.
              const metadata =
                f.packagetype === 'sdist'
                  ? false
                  : { sha256: digest('sha256', `${f.filename}.metadata`) };
              return {
                'core-metadata': metadata,
                'data-dist-info-metadata': metadata,
                filename: f.filename,
                hashes: { sha256: f.digests.sha256 },
                provenance: null,
                'requires-python': f.requires_python,
                size: f.size,
                'upload-time': f.upload_time_iso_8601,
                url: f.url,
                yanked: f.yanked_reason ?? f.yanked,
              };
            }),
            meta: { '_last-serial': serialOf(project), 'api-version': '1.4' },
            name: normalize(project.name),
            'project-status': status,
            versions: project.releases.map((r) => r.version),
          })),
        };
      }
      const anchors = listed
        .map((f) => {
          const rp =
            f.requires_python === null
              ? ''
              : ` data-requires-python="${f.requires_python.replace(/</g, '&lt;').replace(/>/g, '&gt;')}"`;
          const yanked = f.yanked ? ` data-yanked="${f.yanked_reason ?? ''}"` : '';
          const sha = digest('sha256', `${f.filename}.metadata`);
          const metadata =
            f.packagetype === 'sdist'
              ? ''
              : ` data-dist-info-metadata="sha256=${sha}" data-core-metadata="sha256=${sha}"`;
          return `<a href="${f.url}#sha256=${f.digests.sha256}"${rp}${yanked}${metadata}>${f.filename}</a><br />`;
        })
        .join('\n');
      const statusMeta = `<meta name="pypi:project-status" content="${status.status}">${status.reason === undefined ? '' : `<meta name="pypi:project-status-reason" content="${status.reason}">`}`;
      return {
        contentType: 'text/html',
        body: `<!DOCTYPE html><html><head><meta name="pypi:repository-version" content="1.4">${statusMeta}<title>Links for ${normalize(project.name)}</title></head><body><h1>Links for ${normalize(project.name)}</h1>\n${anchors}\n</body></html>\n<!--SERIAL ${String(serialOf(project))}-->`,
      };
    }
    m = /^\/packages\/[^/]+\/[^/]+\/[^/]+\/([^/]+)\.metadata$/.exec(path);
    if (m?.[1] !== undefined) {
      const found = fileNamed(decodeURIComponent(m[1]));
      if (found === undefined) return undefined;
      return {
        body: metadataFile(found.project, found.release),
        contentType: 'application/octet-stream',
      };
    }
    return undefined;
  };
  const server = await startFakeServer(handler, options);
  base = server.url;
  return Object.assign(server, {
    jsonUrl: `${server.url}/pypi`,
    simpleUrl: `${server.url}/simple`,
    prepare: () => {
      const gzip = { 'accept-encoding': 'gzip' };
      for (const name of byName.keys()) {
        handler({ method: 'GET', path: `/pypi/${name}/json`, headers: gzip });
        handler({
          method: 'GET',
          path: `/simple/${name}/`,
          headers: { ...gzip, accept: 'application/vnd.pypi.simple.v1+json' },
        });
      }
    },
  });
}
