/**
 * The keep-alive pool against node:http and node:https servers: connections reused and
 * bounded per origin, idle ones closed before the server would, requests the pool will not
 * write refused before anything is sent, aborts and close, TLS verified.
 */
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import {
  createServer as createNetServer,
  type AddressInfo,
  type Server as NetServer,
  type Socket,
} from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { H1Pool, type H1Request } from '../../src/facts/http/h1-pool.js';

interface Served {
  url: string;
  /** Connections accepted, and how many of them are open now. */
  connections: Socket[];
  open: () => number;
  paths: string[];
}

const servers: Server[] = [];
const netServers: NetServer[] = [];
const pools: H1Pool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
  for (const server of netServers.splice(0)) server.close();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

async function serve(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  server: Server = createServer(),
  scheme: 'http' | 'https' = 'http',
): Promise<Served> {
  const connections: Socket[] = [];
  const paths: string[] = [];
  server.on('connection', (socket: Socket) => connections.push(socket));
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    paths.push(req.url ?? '');
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${String(port)}`,
    connections,
    open: () => connections.filter((s) => !s.destroyed).length,
    paths,
  };
}

/** A server that answers each request's bytes with `reply` on the socket (raw bytes). */
async function serveRaw(
  reply: (socket: Socket) => void,
): Promise<{ url: string; connections: () => number }> {
  let connections = 0;
  const raw = createNetServer((socket) => {
    connections++;
    socket.on('data', () => {
      reply(socket);
    });
  });
  netServers.push(raw);
  await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
  const { port } = raw.address() as AddressInfo;
  return { url: `http://127.0.0.1:${String(port)}`, connections: () => connections };
}

function pool(options: ConstructorParameters<typeof H1Pool>[0] = { connectionsPerOrigin: 4 }) {
  const made = new H1Pool(options);
  pools.push(made);
  return made;
}

type Answer =
  | { ok: true; status: number; headers: Record<string, string>; body: string }
  | { ok: false; error: Error };

/** One exchange, its answer gathered. */
function fetchOn(on: H1Pool, request: H1Request): Promise<Answer> & { abort: (e: Error) => void } {
  let abort: (e: Error) => void = () => undefined;
  const answer = new Promise<Answer>((resolve) => {
    let status = 0;
    let headers: Record<string, string> = {};
    const chunks: Buffer[] = [];
    const exchange = on.dispatch(request, {
      onHead: (s, h) => {
        status = s;
        headers = h;
      },
      onData: (piece) => chunks.push(Buffer.from(piece)),
      onEnd: () => {
        resolve({ ok: true, status, headers, body: Buffer.concat(chunks).toString() });
      },
      onError: (error) => {
        resolve({ ok: false, error });
      },
    });
    abort = (e) => {
      exchange.abort(e);
    };
  });
  return Object.assign(answer, {
    abort: (e: Error) => {
      abort(e);
    },
  });
}

const get = (url: string, headers: Record<string, string> = {}): H1Request => ({
  url: new URL(url),
  method: 'GET',
  headers,
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the keep-alive pool', () => {
  it('reuses one connection for requests one after another', async () => {
    const server = await serve((req, res) => res.end(`hello ${req.url ?? ''}`));
    const http = pool();
    for (let i = 0; i < 20; i++) {
      const answer = await fetchOn(http, get(`${server.url}/p${String(i)}`));
      expect(answer).toMatchObject({ ok: true, status: 200, body: `hello /p${String(i)}` });
    }
    expect(server.connections).toHaveLength(1);
  });

  it('opens at most the bound per origin; the others wait their turn and all are answered', async () => {
    let inFlight = 0;
    let most = 0;
    const server = await serve((req, res) => {
      inFlight++;
      most = Math.max(most, inFlight);
      setTimeout(() => {
        inFlight--;
        res.end(req.url);
      }, 5);
    });
    const http = pool({ connectionsPerOrigin: 3 });
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => fetchOn(http, get(`${server.url}/${String(i)}`))),
    );
    expect(answers.map((a) => (a.ok ? a.body : a.error.message))).toEqual(
      Array.from({ length: 40 }, (_, i) => `/${String(i)}`),
    );
    expect(server.connections.length).toBeLessThanOrEqual(3);
    expect(most).toBeLessThanOrEqual(3);
  });

  it('sends a POST body with its own length and host, and the headers the caller gave', async () => {
    let seen: { method?: string; headers: Record<string, unknown>; body: string } | null = null;
    const server = await serve((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen = { method: req.method, headers: req.headers, body: Buffer.concat(chunks).toString() };
        res.end('{}');
      });
    });
    const body = JSON.stringify({ queries: [{ package: { name: 'ünïcode' } }] });
    const answer = await fetchOn(pool(), {
      url: new URL(`${server.url}/v1/querybatch?x=1`),
      method: 'POST',
      // Names in any case; a length or host of the caller's is not what goes out.
      headers: {
        'content-type': 'application/json',
        'User-Agent': 'pygovern-test',
        'Content-Length': '999',
        Host: 'elsewhere.example',
      },
      body,
    });
    expect(answer).toMatchObject({ ok: true, status: 200 });
    expect(seen).toEqual({
      method: 'POST',
      headers: expect.objectContaining({
        host: server.url.slice('http://'.length),
        'content-length': String(Buffer.byteLength(body)),
        'content-type': 'application/json',
        'user-agent': 'pygovern-test',
      }) as unknown,
      body,
    });
    expect(server.paths).toEqual(['/v1/querybatch?x=1']);
  });

  it('closes an idle connection a second before the Keep-Alive timeout the server gives', async () => {
    const server = await serve((_req, res) => {
      res.setHeader('keep-alive', 'timeout=1');
      res.end('ok');
    });
    const http = pool({ connectionsPerOrigin: 2, idleTimeoutMs: 60_000 });
    expect(await fetchOn(http, get(`${server.url}/a`))).toMatchObject({ ok: true });
    await sleep(200); // timeout=1 s less a second: closed at once, not after 60 s
    expect(server.open()).toBe(0);
    expect(await fetchOn(http, get(`${server.url}/b`))).toMatchObject({ ok: true, body: 'ok' });
    expect(server.connections).toHaveLength(2);
  });

  it('a connection the server closed while idle is left, and the next request opens another', async () => {
    const server = await serve((_req, res) => res.end('ok'));
    const http = pool();
    expect(await fetchOn(http, get(`${server.url}/a`))).toMatchObject({ ok: true });
    server.connections[0]?.destroy();
    await sleep(50);
    expect(await fetchOn(http, get(`${server.url}/b`))).toMatchObject({ ok: true, body: 'ok' });
    expect(server.connections).toHaveLength(2);
  });

  it('an answer followed by bytes nobody asked for: the connection is dropped, the next request goes on a new one', async () => {
    const { url, connections } = await serveRaw((socket) => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n\r\nforged');
    });
    const http = pool({ connectionsPerOrigin: 1 });
    const [first, second] = await Promise.all([
      fetchOn(http, get(`${url}/a`)),
      fetchOn(http, get(`${url}/b`)),
    ]);
    expect(first).toMatchObject({ ok: true, body: 'ok' });
    expect(second).toMatchObject({ ok: true, body: 'ok' });
    expect(connections()).toBe(2);
  });

  it('refuses, before sending anything, a header that would inject a line, and other schemes', async () => {
    const server = await serve((_req, res) => res.end('ok'));
    const http = pool();
    expect(() =>
      http.dispatch(get(`${server.url}/x`, { authorization: 'token a\r\nx-evil: 1' }), {
        onHead: () => undefined,
        onData: () => undefined,
        onEnd: () => undefined,
        onError: () => undefined,
      }),
    ).toThrow('refused to send header "authorization": not a valid field');
    expect(() =>
      http.dispatch(get('ftp://127.0.0.1/x'), {
        onHead: () => undefined,
        onData: () => undefined,
        onEnd: () => undefined,
        onError: () => undefined,
      }),
    ).toThrow('unsupported protocol ftp:');
    await sleep(20);
    expect(server.connections).toHaveLength(0);
  });

  it('an exchange aborted while it waits for a connection is never sent', async () => {
    const server = await serve((_req, res) => setTimeout(() => res.end('slow'), 50));
    const http = pool({ connectionsPerOrigin: 1 });
    const first = fetchOn(http, get(`${server.url}/first`));
    const second = fetchOn(http, get(`${server.url}/second`));
    second.abort(new Error('given up'));
    expect(await second).toEqual({ ok: false, error: new Error('given up') });
    expect(await first).toMatchObject({ ok: true, body: 'slow' });
    await sleep(20);
    expect(server.paths).toEqual(['/first']);
  });

  it('an exchange aborted in the middle of its answer ends with the reason; its connection is dropped', async () => {
    const server = await serve((_req, res) => {
      res.write('part');
      setTimeout(() => res.end('rest'), 200);
    });
    const http = pool();
    const answer = fetchOn(http, get(`${server.url}/x`));
    await sleep(50);
    answer.abort(new Error('timed out'));
    expect(await answer).toEqual({ ok: false, error: new Error('timed out') });
    await sleep(50);
    expect(server.open()).toBe(0);
  });

  it('a refused connection fails with its code, as the retry loop expects', async () => {
    const server = await serve((_req, res) => res.end());
    const { url } = server;
    for (const s of servers.splice(0)) s.close();
    await sleep(20);
    const answer = await fetchOn(pool(), get(`${url}/x`));
    expect(answer.ok).toBe(false);
    expect(answer.ok ? null : (answer.error as Error & { code?: string }).code).toBe(
      'ECONNREFUSED',
    );
  });

  it('a server that closes before answering fails the exchange as a closed connection', async () => {
    const server = await serve((req) => req.socket.destroy());
    const answer = await fetchOn(pool(), get(`${server.url}/x`));
    expect(answer.ok ? null : (answer.error as Error & { code?: string }).code).toMatch(
      /^(ERR_PYGOVERN_CONNECTION_CLOSED|ECONNRESET)$/,
    );
  });

  it('a server that closes inside the head fails the exchange as a closed connection too', async () => {
    const { url } = await serveRaw((socket) => socket.end('HTTP/1.1 200 OK\r\ncontent-le'));
    const answer = await fetchOn(pool(), get(`${url}/x`));
    expect(answer.ok ? null : (answer.error as Error & { code?: string }).code).toBe(
      'ERR_PYGOVERN_CONNECTION_CLOSED',
    );
  });

  it('close() fails what waits and what runs', async () => {
    const server = await serve((_req, res) => setTimeout(() => res.end('late'), 200));
    const http = pool({ connectionsPerOrigin: 1 });
    const running = fetchOn(http, get(`${server.url}/a`));
    const waiting = fetchOn(http, get(`${server.url}/b`));
    await sleep(30);
    await http.close();
    expect(await running).toEqual({ ok: false, error: new Error('the HTTP client was closed') });
    expect(await waiting).toEqual({ ok: false, error: new Error('the HTTP client was closed') });
    expect(() => http.dispatch(get(`${server.url}/c`), {} as never)).toThrow('closed');
  });
});

describe('the pool over TLS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pygovern-tls-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  // A self-signed certificate for 127.0.0.1, made here by openssl.
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );

  it('verifies the server against the certificates trusted, and refuses an unknown one', async () => {
    const tlsServer = createTlsServer({ key: readFileSync(key), cert: readFileSync(cert) });
    const server = await serve((_req, res) => res.end('secure'), tlsServer, 'https');
    expect(server.url.startsWith('https://')).toBe(true);
    const trusting = pool({ connectionsPerOrigin: 2, tls: { ca: readFileSync(cert) } });
    expect(await fetchOn(trusting, get(`${server.url}/a`))).toMatchObject({
      ok: true,
      body: 'secure',
    });
    expect(await fetchOn(trusting, get(`${server.url}/b`))).toMatchObject({
      ok: true,
      body: 'secure',
    });
    expect(server.connections).toHaveLength(1);
    const answer = await fetchOn(pool(), get(`${server.url}/c`));
    expect(answer.ok ? null : (answer.error as Error & { code?: string }).code).toBe(
      'DEPTH_ZERO_SELF_SIGNED_CERT',
    );
  });
});
