/**
 * A programmable HTTP/1.1 server on 127.0.0.1 for tests, the demo and the benchmark: routes
 * or a handler, a log of every request, latency and fault injection, keep-alive on.
 * It must not import jest: the demo and bench scripts run it compiled.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type Fault, type FaultRule, pickFault } from './faults.js';

export type { Fault, FaultRule } from './faults.js';

/** One request as the server received it. */
export interface FakeRequest {
  method: string;
  /** Path with query string. */
  path: string;
  /** Lower-cased header names, as Node gives them. */
  headers: IncomingHttpHeaders;
  body: string;
  /** Which TCP connection carried it (1-based, in accept order): shows keep-alive reuse. */
  socket: number;
}

/** An answer. `json` is serialised with `application/json` unless `contentType` says otherwise. */
export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  body?: string | Buffer;
  contentType?: string;
  /** When set, sent as ETag, and a request whose If-None-Match equals it gets 304. */
  etag?: string;
  /** Extra latency for this answer, added to the server-wide latency. */
  delayMs?: number;
}

export type FakeHandler = (
  request: FakeRequest,
) => FakeReply | undefined | Promise<FakeReply | undefined>;

/** `'GET /path'` or `'/path'` (any method) → a reply or a handler. Paths include the query. */
export type FakeRoutes = Record<string, FakeReply | FakeHandler>;

/** A counter several servers can share to measure in-flight requests across origins. */
export interface InFlightProbe {
  current: number;
  max: number;
}

export interface FakeServerOptions {
  /** Latency before every answer, in ms (e.g. 50 for the bench). */
  latencyMs?: number;
  faults?: readonly FaultRule[];
  /** Seed of the deterministic fault choice. */
  seed?: number;
  /** Shared in-flight counter; by default each server has its own. */
  probe?: InFlightProbe;
}

export interface FakeServer {
  /** `http://127.0.0.1:<port>` without a trailing slash. */
  url: string;
  requests: FakeRequest[];
  /** TCP connections accepted so far. */
  connections(): number;
  /** Most requests in flight at once (on this server's probe). */
  maxInFlight(): number;
  setFaults(faults: readonly FaultRule[], seed?: number): void;
  setLatency(ms: number): void;
  close(): Promise<void>;
}

function toHandler(routes: FakeRoutes | FakeHandler): FakeHandler {
  if (typeof routes === 'function') return routes;
  return (request) => {
    const route = routes[`${request.method} ${request.path}`] ?? routes[request.path];
    return typeof route === 'function' ? route(request) : route;
  };
}

function readBody(message: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    message.on('error', reject);
  });
}

interface Rendered {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

function render(reply: FakeReply | undefined, request: FakeRequest): Rendered {
  if (reply === undefined) {
    return render({ status: 404, json: { message: 'Not Found' } }, request);
  }
  const headers: Record<string, string> = { ...reply.headers };
  let body: Buffer = Buffer.alloc(0);
  if (reply.json !== undefined) {
    body = Buffer.from(JSON.stringify(reply.json));
    headers['content-type'] = reply.contentType ?? 'application/json';
  } else if (reply.body !== undefined) {
    body = Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(reply.body);
    headers['content-type'] = reply.contentType ?? 'text/plain; charset=utf-8';
  }
  if (reply.etag !== undefined) {
    headers.etag = reply.etag;
    if (request.headers['if-none-match'] === reply.etag) {
      delete headers['content-type'];
      return { status: 304, headers, body: Buffer.alloc(0) };
    }
  }
  return { status: reply.status ?? 200, headers, body };
}

/** Applies a fault to the normal answer, or says how to break the connection instead. */
function withFault(
  fault: Fault,
  normal: Rendered,
): Rendered | 'reset' | 'truncate' | { stream: number; announce: boolean } {
  switch (fault.kind) {
    case 'slow':
      return normal;
    case 'oversized':
      return { stream: fault.bytes, announce: fault.announce === true };
    case 'reset':
    case 'truncate':
      return fault.kind;
    case 'status': {
      const headers: Record<string, string> = { ...fault.headers };
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      headers['content-type'] = 'application/json';
      const body = Buffer.from(
        JSON.stringify(fault.json ?? { message: `injected ${String(fault.status)}` }),
      );
      return { status: fault.status, headers, body };
    }
    case 'malformed-json':
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: Buffer.from('{"info": {"name": "x", '),
      };
    case 'wrong-content-type':
      return {
        ...normal,
        headers: { ...normal.headers, 'content-type': fault.contentType ?? 'text/html' },
      };
  }
}

/** Starts a server on 127.0.0.1 with an ephemeral port. */
export async function startFakeServer(
  routes: FakeRoutes | FakeHandler,
  options: FakeServerOptions = {},
): Promise<FakeServer> {
  const handler = toHandler(routes);
  const requests: FakeRequest[] = [];
  const seenByPath = new Map<string, number>();
  const sockets = new Map<Socket, number>();
  const timers = new Set<NodeJS.Timeout>();
  const probe = options.probe ?? { current: 0, max: 0 };
  let faults = options.faults ?? [];
  let seed = options.seed ?? 1;
  let latencyMs = options.latencyMs ?? 0;
  let accepted = 0;

  const wait = (ms: number): Promise<void> =>
    ms <= 0
      ? Promise.resolve()
      : new Promise((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            resolve();
          }, ms);
          timers.add(timer);
        });

  const server = createServer((message, response) => {
    probe.current++;
    probe.max = Math.max(probe.max, probe.current);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      probe.current--;
    };
    response.on('close', finish);
    void (async () => {
      const method = message.method ?? 'GET';
      const path = message.url ?? '/';
      const body = await readBody(message);
      const request: FakeRequest = {
        method,
        path,
        headers: message.headers,
        body,
        socket: sockets.get(message.socket) ?? 0,
      };
      requests.push(request);
      const key = `${method} ${path}`;
      const seen = seenByPath.get(key) ?? 0;
      seenByPath.set(key, seen + 1);
      const fault = pickFault(faults, seed, method, path, seen);
      let reply: FakeReply | undefined;
      try {
        // An error status means the server refused the request: the handler (which may
        // record a write, like a posted comment) does not run. Other faults spoil its answer.
        reply = fault?.kind === 'status' ? undefined : await handler(request);
      } catch (error) {
        reply = { status: 500, body: `fake handler failed: ${String(error)}` };
      }
      await wait(latencyMs + (reply?.delayMs ?? 0) + (fault?.kind === 'slow' ? fault.ms : 0));
      if (response.destroyed) return;
      const normal = render(reply, request);
      const answer = fault === null ? normal : withFault(fault, normal);
      if (answer === 'reset') {
        message.socket.destroy();
      } else if (typeof answer === 'object' && 'stream' in answer) {
        response.writeHead(200, {
          'content-type': 'application/json',
          ...(answer.announce ? { 'content-length': String(answer.stream) } : {}),
        });
        // Written as the client reads (backpressure), so a client that stops early stops it.
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        let left = answer.stream;
        const pump = () => {
          while (left > 0 && !response.destroyed) {
            const piece = chunk.subarray(0, Math.min(chunk.length, left));
            left -= piece.length;
            if (!response.write(piece)) {
              response.once('drain', pump);
              return;
            }
          }
          if (!response.destroyed) response.end();
        };
        pump();
      } else if (answer === 'truncate') {
        response.writeHead(200, {
          ...normal.headers,
          'content-length': String(normal.body.length + 100),
        });
        response.write(normal.body.subarray(0, Math.floor(normal.body.length / 2)), () => {
          message.socket.destroy();
        });
      } else {
        response.writeHead(answer.status, {
          ...answer.headers,
          'content-length': String(answer.body.length),
        });
        response.end(answer.body);
      }
    })().catch((error: unknown) => {
      // A bug in the fake itself: answer 500 rather than hang the client.
      if (!response.headersSent) response.writeHead(500).end(String(error));
    });
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', (socket) => {
    sockets.set(socket, ++accepted);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    connections: () => accepted,
    maxInFlight: () => probe.max,
    setFaults(next, nextSeed) {
      faults = next;
      if (nextSeed !== undefined) seed = nextSeed;
      seenByPath.clear();
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}
