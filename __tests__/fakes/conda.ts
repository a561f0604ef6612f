/**
 * A fake Conda channel as conda.anaconda.org serves one: `GET /{channel}/{subdir}/repodata.json`
 * with `application/json`, `info.subdir`, and the `packages` (`.tar.bz2`) and `packages.conda`
 * maps of file name → `{name, version, build, build_number, depends, license, timestamp, …}`
 * (timestamp in ms since the epoch). An unknown channel or subdir is 404, as there.
 */
import { startFakeServer, type FakeServer, type FakeServerOptions } from './server.js';

export interface FakeCondaBuild {
  name: string;
  version: string;
  subdir?: 'noarch' | 'linux-64';
  license?: string;
  /** ISO date, written to repodata as ms since the epoch. */
  uploaded?: string;
  build?: string;
  depends?: string[];
  /** `.conda` (the default, as conda-forge uploads today) or the older `.tar.bz2`. */
  format?: 'conda' | 'tar.bz2';
}

export interface FakeCondaChannel extends FakeServer {
  /** The channel base URL pygovern is configured with: `http://127.0.0.1:PORT/{channel}`. */
  channelUrl(channel: string): string;
  /** Makes every request answer this status (500: the channel is down). */
  failWith(status: number | null): void;
}

function repodata(subdir: string, builds: readonly FakeCondaBuild[]): unknown {
  const packages: Record<string, unknown> = {};
  const conda: Record<string, unknown> = {};
  for (const b of builds) {
    if ((b.subdir ?? 'noarch') !== subdir) continue;
    const build = b.build ?? (subdir === 'noarch' ? 'pyhd8ed1ab_0' : 'py311h1234567_0');
    const file = `${b.name}-${b.version}-${build}.${b.format ?? 'conda'}`;
    const entry = {
      name: b.name,
      version: b.version,
      build,
      build_number: 0,
      depends: b.depends ?? ['python >=3.9'],
      ...(b.license === undefined ? {} : { license: b.license }),
      license_family: b.license?.split(/[-\s]/)[0] ?? 'OTHER',
      md5: '0'.repeat(32),
      sha256: '0'.repeat(64),
      size: 12345,
      subdir,
      ...(b.uploaded === undefined ? {} : { timestamp: Date.parse(b.uploaded) }),
      ...(subdir === 'noarch' ? { noarch: 'python' } : {}),
    };
    if ((b.format ?? 'conda') === 'conda') conda[file] = entry;
    else packages[file] = entry;
  }
  return { info: { subdir }, packages, 'packages.conda': conda, removed: [], repodata_version: 1 };
}

/** Serves `channels` (name → builds). */
export async function startFakeCondaChannel(
  channels: Readonly<Record<string, readonly FakeCondaBuild[]>>,
  options: FakeServerOptions = {},
): Promise<FakeCondaChannel> {
  let failing: number | null = null;
  const server = await startFakeServer((request) => {
    if (failing !== null)
      return { status: failing, body: 'Internal Server Error', contentType: 'text/plain' };
    const m = /^\/([^/]+)\/(noarch|linux-64|osx-arm64|win-64)\/repodata\.json$/.exec(request.path);
    const builds = m === null ? undefined : channels[m[1] ?? ''];
    if (m === null || builds === undefined)
      return { status: 404, body: 'Not Found', contentType: 'text/plain' };
    return {
      json: repodata(m[2] ?? '', builds),
      headers: { 'cache-control': 'public, max-age=30' },
    };
  }, options);
  return {
    ...server,
    channelUrl: (channel) => `${server.url}/${channel}`,
    failWith: (status) => {
      failing = status;
    },
  };
}
