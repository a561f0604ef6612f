/**
 * A fake package index: the PyPI JSON API (`/pypi/<name>/json`, `/pypi/<name>/<version>/json`)
 * and the Simple API (`/simple/<name>/`, PEP 691 JSON or HTML by Accept, with PEP 658
 * `.metadata` files), serving generated projects and the recorded answers in
 * corpus/pypi-json. Built on the fault-injecting fake server. No jest here: the demo and the
 * bench run it compiled.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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

function fileOf(project: FakeProject, release: FakeRelease, base: string) {
  const filename = `${normalize(project.name).replace(/-/g, '_')}-${release.version}-py3-none-any.whl`;
  return {
    filename,
    url: `${base}/files/${normalize(project.name)}/${filename}`,
    upload_time_iso_8601: release.uploaded,
    packagetype: 'bdist_wheel',
    requires_python: meta(project, release).requiresPython,
    yanked: release.yanked !== undefined && release.yanked !== false,
    yanked_reason: typeof release.yanked === 'string' ? release.yanked : null,
    digests: { sha256: '0'.repeat(64) },
    size: 1000,
  };
}

/** The release's pure wheel, then platform wheels up to `filesPerRelease`. */
function filesOf(project: FakeProject, release: FakeRelease, base: string) {
  const main = fileOf(project, release, base);
  const extra = Array.from({ length: Math.max(0, (project.filesPerRelease ?? 1) - 1) }, (_, i) => {
    const filename = main.filename.replace(
      'py3-none-any',
      `cp3${String(i)}-cp3${String(i)}-manylinux_2_17_x86_64`,
    );
    return {
      ...main,
      filename,
      url: main.url.replace(main.filename, filename),
      packagetype: 'bdist_wheel',
    };
  });
  return [main, ...extra];
}

function infoOf(project: FakeProject, release: FakeRelease) {
  const m = meta(project, release);
  return {
    name: project.name,
    version: release.version,
    license_expression: m.licenseExpression,
    license: m.license,
    classifiers: m.classifiers,
    requires_python: m.requiresPython,
    requires_dist: m.requiresDist,
    project_urls: project.projectUrls ?? null,
    home_page: project.homePage ?? null,
    yanked: release.yanked !== undefined && release.yanked !== false,
    yanked_reason: typeof release.yanked === 'string' ? release.yanked : null,
  };
}

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
}

export async function startFakePypi(
  projects: readonly FakeProject[],
  options: FakeServerOptions & { recorded?: Map<string, unknown> } = {},
): Promise<FakePypi> {
  const byName = new Map(projects.map((p) => [normalize(p.name), p]));
  let base = '';
  const handler = (request: {
    method: string;
    path: string;
    headers: Record<string, string | string[] | undefined>;
  }): FakeReply | undefined => {
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
      const releases = Object.fromEntries(
        project.releases.map((r) => [r.version, filesOf(project, r, base)]),
      );
      return {
        json: {
          info: infoOf(project, latest),
          releases,
          urls: releases[latest.version],
          ...(project.ownershipRoles === undefined
            ? {}
            : {
                ownership: {
                  roles: Array.from({ length: project.ownershipRoles }, (_, i) => ({
                    role: 'Maintainer',
                    user: `user${String(i)}`,
                  })),
                  organization: null,
                },
              }),
        },
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
      return { json: { info: infoOf(project, release), urls: filesOf(project, release, base) } };
    }
    m = /^\/simple\/([^/]+)\/$/.exec(path);
    if (m?.[1] !== undefined) {
      const project = byName.get(m[1]);
      if (project === undefined) return undefined;
      const quarantined = project.status?.status === 'quarantined';
      const files = quarantined ? [] : project.releases.flatMap((r) => filesOf(project, r, base));
      const accept = String(request.headers.accept ?? '');
      if (accept.includes('application/vnd.pypi.simple.v1+json')) {
        return {
          contentType: 'application/vnd.pypi.simple.v1+json',
          json: {
            meta: { 'api-version': '1.4' },
            name: normalize(project.name),
            versions: project.releases.map((r) => r.version),
            files: files.map((f) => ({
              filename: f.filename,
              url: f.url,
              hashes: f.digests,
              'requires-python': f.requires_python,
              'core-metadata': { sha256: '0'.repeat(64) },
              yanked: f.yanked_reason ?? f.yanked,
              size: f.size,
              'upload-time': f.upload_time_iso_8601,
            })),
            ...(project.status === undefined ? {} : { 'project-status': project.status }),
          },
        };
      }
      const anchors = files
        .map((f) => {
          const rp =
            f.requires_python === null
              ? ''
              : ` data-requires-python="${f.requires_python.replace(/</g, '&lt;').replace(/>/g, '&gt;')}"`;
          const yanked = f.yanked ? ` data-yanked="${f.yanked_reason ?? ''}"` : '';
          return `<a href="${f.url}#sha256=${'0'.repeat(64)}"${rp}${yanked} data-core-metadata="sha256=${'0'.repeat(64)}">${f.filename}</a>`;
        })
        .join('\n');
      const status =
        project.status === undefined
          ? ''
          : `<meta name="pypi:project-status" content="${project.status.status}">${project.status.reason === undefined ? '' : `<meta name="pypi:project-status-reason" content="${project.status.reason}">`}`;
      return {
        contentType: 'text/html',
        body: `<!DOCTYPE html><html><head><meta name="pypi:repository-version" content="1.4">${status}</head><body>\n${anchors}\n</body></html>`,
      };
    }
    m = /^\/files\/([^/]+)\/(.+)\.metadata$/.exec(path);
    if (m?.[1] !== undefined && m[2] !== undefined) {
      const project = byName.get(m[1]);
      const file = m[2];
      const release = project?.releases.find((r) =>
        filesOf(project, r, base).some((f) => f.filename === file),
      );
      if (project === undefined || release === undefined) return undefined;
      return { body: metadataFile(project, release), contentType: 'application/octet-stream' };
    }
    return undefined;
  };
  const server = await startFakeServer(handler, options);
  base = server.url;
  return Object.assign(server, {
    jsonUrl: `${server.url}/pypi`,
    simpleUrl: `${server.url}/simple`,
  });
}
