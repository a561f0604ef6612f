/**
 * A fake of the Actions cache service as @actions/cache 6 speaks it by default (v1, at
 * `ACTIONS_CACHE_URL`): `GET _apis/artifactcache/cache?keys=&version=` finds the newest
 * entry whose key equals the first key, else starts with a later key (204 when none);
 * `POST caches` reserves a key (409 when taken), `PATCH caches/<id>` uploads a
 * `Content-Range` chunk, `POST caches/<id>` commits it, and the archive is downloaded from
 * the `archiveLocation` it answers. Entries of another version (paths, compression) never
 * match, as on GitHub. No jest here.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Entry {
  id: number;
  key: string;
  version: string;
  chunks: { start: number; data: Buffer }[];
  archive: Buffer | null;
  created: number;
}

export interface FakeActionsCache {
  /** For ACTIONS_CACHE_URL (ends with a slash). */
  url: string;
  /** The token the service requires (ACTIONS_RUNTIME_TOKEN). */
  token: string;
  /** Keys of the committed entries. */
  keys(): string[];
  /** Requests by route, e.g. `GET cache`. */
  requests: string[];
  close(): Promise<void>;
}

async function body(request: IncomingMessage, limit: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of request as AsyncIterable<Buffer>) {
    size += part.length;
    if (size > limit) throw new Error('body too large');
    parts.push(part);
  }
  return Buffer.concat(parts);
}

export async function startFakeActionsCache(
  token = 'fake-runtime-token',
): Promise<FakeActionsCache> {
  const entries: Entry[] = [];
  const requests: string[] = [];
  let clock = 0;
  let base = '';
  const server = createServer((request, response) => {
    const send = (status: number, json?: unknown) => {
      response.writeHead(status, json === undefined ? {} : { 'content-type': 'application/json' });
      response.end(json === undefined ? undefined : JSON.stringify(json));
    };
    void (async () => {
      const url = new URL(request.url ?? '/', base);
      const path = url.pathname.replace(/^\/_apis\/artifactcache\//, '');
      const method = request.method ?? 'GET';
      const archive = /^\/archives\/(\d+)$/.exec(url.pathname);
      requests.push(`${method} ${archive === null ? path.replace(/\d+$/, '<id>') : 'archive'}`);
      if (archive !== null) {
        const entry = entries.find((e) => e.id === Number(archive[1]));
        if (entry?.archive == null) {
          send(404);
          return;
        }
        response.writeHead(200, { 'content-length': String(entry.archive.length) });
        return response.end(entry.archive);
      }
      if (request.headers.authorization !== `Bearer ${token}`) {
        send(401);
        return;
      }
      const data = await body(request, 64 * 1024 * 1024);
      if (method === 'GET' && path === 'cache') {
        const keys = (url.searchParams.get('keys') ?? '').split(',');
        const version = url.searchParams.get('version') ?? '';
        const ready = entries
          .filter((e) => e.archive !== null && e.version === version)
          .sort((a, b) => b.created - a.created);
        const hit =
          ready.find((e) => e.key === keys[0]) ??
          keys
            .slice(1)
            .map((prefix) => ready.find((e) => e.key.startsWith(prefix)))
            .find((e) => e !== undefined);
        if (hit === undefined) {
          send(204);
          return;
        }
        send(200, {
          cacheKey: hit.key,
          scope: 'refs/heads/main',
          archiveLocation: `${base}archives/${String(hit.id)}`,
        });
        return;
      }
      if (method === 'POST' && path === 'caches') {
        const { key, version } = JSON.parse(data.toString()) as { key: string; version: string };
        if (entries.some((e) => e.key === key && e.version === version)) {
          send(409, {
            message: `Cache already exists. Scope: refs/heads/main, Key: ${key}`,
          });
          return;
        }
        const entry = {
          id: entries.length + 1,
          key,
          version,
          chunks: [],
          archive: null,
          created: 0,
        };
        entries.push(entry);
        send(201, { cacheId: entry.id });
        return;
      }
      const id = /^caches\/(\d+)$/.exec(path);
      const entry = entries.find((e) => e.id === Number(id?.[1]));
      if (entry === undefined) {
        send(404);
        return;
      }
      if (method === 'PATCH') {
        const range = /^bytes (\d+)-(\d+)\/\*$/.exec(String(request.headers['content-range']));
        if (range === null || Number(range[2]) - Number(range[1]) + 1 !== data.length) {
          send(400);
          return;
        }
        entry.chunks.push({ start: Number(range[1]), data });
        send(204);
        return;
      }
      if (method === 'POST') {
        const { size } = JSON.parse(data.toString()) as { size: number };
        const archiveBytes = Buffer.concat(
          [...entry.chunks].sort((a, b) => a.start - b.start).map((c) => c.data),
        );
        if (archiveBytes.length !== size) {
          send(400);
          return;
        }
        entry.archive = archiveBytes;
        entry.created = ++clock;
        send(204);
        return;
      }
      send(404);
    })().catch(() => {
      send(500);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/`;
  return {
    url: base,
    token,
    keys: () => entries.filter((e) => e.archive !== null).map((e) => e.key),
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => {
          done();
        });
      }),
  };
}
