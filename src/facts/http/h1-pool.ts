/**
 * Keep-alive HTTP/1.1 connections, a bounded number per origin, over node:net and node:tls.
 * It does what the facts client needs and no more: one request at a time per connection (no
 * pipelining), a request head written in one go, the answer read by `ResponseReader`.
 * Written here rather than taken from undici because undici's per-request machinery was
 * most of the client's CPU on hundreds of small answers (measured: 0.45–0.53 s against
 * 0.13–0.18 s for the same 737 answers).
 *
 * Time limits are the caller's: it aborts an exchange, and the connection is destroyed.
 * An idle connection is closed before the server would close it (a second short of its
 * Keep-Alive timeout, 4 s at most), so that a request rarely meets a connection closing under
 * it; when one does, it fails as a closed connection and the request loop tries again.
 */
import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { ResponseFormatError, ResponseReader } from './h1-response.js';

export interface H1Request {
  url: URL;
  method: 'GET' | 'POST' | 'HEAD';
  /** Lower-case names; `host` and `content-length` are written by the pool. */
  headers: Record<string, string>;
  body?: string;
}

/** What an exchange reports: a head, body pieces, then the end, or an error instead. */
export interface H1Handler {
  onHead(status: number, headers: Record<string, string>): void;
  onData(piece: Buffer): void;
  onEnd(): void;
  onError(error: Error): void;
}

export interface H1Exchange {
  /** Ends the exchange: its connection is destroyed and `onError(reason)` reported. */
  abort(reason: Error): void;
}

/** The code of a connection closed before the answer's head: may work on a new try. */
export const CONNECTION_CLOSED = 'ERR_PYGOVERN_CONNECTION_CLOSED';

export class ConnectionClosedError extends Error {
  readonly code = CONNECTION_CLOSED;
}

/** Header names as RFC 9110 tokens, and values without CR, LF or NUL (no header injection). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

export function requestHead(request: H1Request, bodyBytes: number | null): string {
  const { url } = request;
  let head = `${request.method} ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\n`;
  for (const name in request.headers) {
    const value = request.headers[name] as string;
    if (!TOKEN.test(name) || !VALUE.test(value)) {
      throw new Error(
        `refused to send header ${JSON.stringify(name.slice(0, 40))}: not a valid field`,
      );
    }
    const lower = name.toLowerCase();
    if (lower === 'host' || lower === 'content-length') continue;
    head += `${name}: ${value}\r\n`;
  }
  if (bodyBytes !== null) head += `content-length: ${String(bodyBytes)}\r\n`;
  return `${head}\r\n`;
}

interface Pending {
  request: H1Request;
  /** What goes on the wire, made once when the exchange is dispatched. */
  head: string;
  body: Buffer | null;
  handler: H1Handler;
  /** Where it runs, once it does. */
  connection: Connection | null;
  done: boolean;
}

/** The connections of one origin and the exchanges waiting for one. */
class Origin {
  readonly idle: Connection[] = [];
  readonly waiting: Pending[] = [];
  /** Every connection open, idle or not. */
  readonly connections = new Set<Connection>();

  constructor(
    readonly url: URL,
    readonly pool: H1Pool,
  ) {}

  /** Runs the exchange on an idle connection, a new one, or queues it. */
  run(pending: Pending, first = false): void {
    let idle = this.idle.pop(); // the most recent: the least likely to have been closed
    while (idle !== undefined && !idle.usable()) {
      idle.destroy(null);
      idle = this.idle.pop();
    }
    if (idle !== undefined) idle.start(pending);
    else if (this.connections.size < this.pool.connectionsPerOrigin) {
      const connection = new Connection(this);
      this.connections.add(connection);
      connection.start(pending);
    } else if (first) this.waiting.unshift(pending);
    else this.waiting.push(pending);
  }

  /** A connection finished an exchange and may take the next. */
  release(connection: Connection): void {
    const next = this.waiting.shift();
    if (next !== undefined) connection.start(next);
    else {
      this.idle.push(connection);
      connection.rest();
    }
  }

  /** A connection is gone: its place goes to the next waiting exchange. */
  closed(connection: Connection): void {
    this.connections.delete(connection);
    const at = this.idle.indexOf(connection);
    if (at !== -1) this.idle.splice(at, 1);
    const next = this.pool.isClosed ? undefined : this.waiting.shift();
    if (next !== undefined) this.run(next, true);
  }
}

class Connection {
  private readonly socket: Socket;
  private current: Pending | null = null;
  private reader: ResponseReader | null = null;
  private gone = false;
  private lastError: Error | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  /** How long the server keeps an idle connection, when it says (Keep-Alive: timeout=N). */
  private idleMs: number;

  constructor(private readonly origin: Origin) {
    const { url } = origin;
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const tls = url.protocol === 'https:';
    const port = Number(url.port || (tls ? 443 : 80));
    this.socket = tls
      ? connectTls({
          host,
          port,
          ...(isIP(host) === 0 ? { servername: host } : {}),
          ALPNProtocols: ['http/1.1'],
          ...origin.pool.tls,
        })
      : connectTcp({ host, port });
    this.socket.setNoDelay(true);
    this.idleMs = origin.pool.idleTimeoutMs;
    this.socket.on('data', (chunk: Buffer) => {
      this.read(chunk);
    });
    this.socket.on('end', () => {
      this.ended();
    });
    this.socket.on('error', (error) => {
      this.lastError = error;
    });
    this.socket.on('close', () => {
      this.ended();
    });
  }

  start(pending: Pending): void {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.socket.ref();
    this.current = pending;
    pending.connection = this;
    const { request } = pending;
    this.reader = new ResponseReader(request.method, {
      onHead: (status, headers) => {
        this.keepAliveHint(headers['keep-alive']);
        if (this.current === pending) pending.handler.onHead(status, headers);
      },
      onData: (piece) => {
        if (this.current === pending) pending.handler.onData(piece);
      },
      onEnd: (reusable) => {
        this.finish(pending, reusable);
      },
    });
    const { head, body } = pending;
    if (body === null) this.socket.write(head, 'latin1');
    else {
      this.socket.cork();
      this.socket.write(head, 'latin1');
      this.socket.write(body);
      this.socket.uncork();
    }
  }

  /** Idle in the pool: it does not keep the process alive, and closes after a while. */
  rest(): void {
    this.socket.unref();
    this.idleTimer = setTimeout(() => {
      this.destroy(null);
    }, this.idleMs);
    this.idleTimer.unref();
  }

  /** Ends the connection; the exchange on it, if any, fails with `reason`. */
  destroy(reason: Error | null): void {
    const pending = this.current;
    this.current = null;
    if (!this.gone) {
      this.gone = true;
      if (this.idleTimer !== null) clearTimeout(this.idleTimer);
      this.socket.destroy();
      this.origin.closed(this);
    }
    if (pending !== null && !pending.done) {
      pending.done = true;
      pending.handler.onError(reason ?? new ConnectionClosedError('the connection closed'));
    }
  }

  /** False once the server has closed its side or the socket is gone. */
  usable(): boolean {
    return !this.gone && !this.socket.destroyed && !this.socket.readableEnded;
  }

  private read(chunk: Buffer): void {
    const { reader, current } = this;
    if (reader === null || current === null) {
      // An idle connection may not speak unasked.
      this.destroy(null);
      return;
    }
    try {
      reader.feed(chunk);
    } catch (error) {
      this.destroy(error as Error);
      return;
    }
    // Only once the whole chunk is read: a byte after the answer must not reach the next one.
    const reusable = this.reusable;
    if (reusable === null) return;
    this.reusable = null;
    if (reusable && this.usable()) this.origin.release(this);
    else this.destroy(null);
  }

  /** Set when an answer ends inside `read`: whether the connection may be reused. */
  private reusable: boolean | null = null;

  private finish(pending: Pending, reusable: boolean): void {
    if (this.current !== pending) return;
    this.current = null;
    this.reader = null;
    pending.done = true;
    this.reusable = reusable;
    pending.handler.onEnd();
  }

  /** The server closed its side (or the socket closed). */
  private ended(): void {
    const { current: pending, reader } = this;
    if (pending === null || reader === null) {
      this.destroy(null);
      return;
    }
    if (!reader.headRead) {
      // Closed before a whole head: nothing of an answer, as a closed connection (retried).
      this.destroy(
        this.lastError ?? new ConnectionClosedError('the connection closed before the answer'),
      );
      return;
    }
    try {
      reader.end(); // a body read to the end of the connection ends here
    } catch (error) {
      this.destroy(this.lastError ?? (error as ResponseFormatError));
      return;
    }
    this.reusable = null;
    this.destroy(null);
  }

  private keepAliveHint(value: string | undefined): void {
    const seconds = value === undefined ? null : /(?:^|[\s,])timeout=(\d{1,6})/i.exec(value);
    if (seconds?.[1] === undefined) return;
    // A second short of what the server says, so that it is we who close.
    const ms = Number(seconds[1]) * 1000 - 1000;
    this.idleMs = Math.max(0, Math.min(this.idleMs, ms));
  }
}

export interface H1PoolOptions {
  /** Connections per origin; more exchanges wait for one. */
  connectionsPerOrigin: number;
  /** How long an idle connection is kept (shorter when the server says so). */
  idleTimeoutMs?: number;
  /** Certificates to trust instead of the system's (NODE_EXTRA_CA_CERTS adds to those). */
  tls?: { ca: string | Buffer };
}

export class H1Pool {
  readonly connectionsPerOrigin: number;
  readonly idleTimeoutMs: number;
  readonly tls: { ca: string | Buffer } | undefined;
  private readonly origins = new Map<string, Origin>();
  private closed = false;

  get isClosed(): boolean {
    return this.closed;
  }

  constructor(options: H1PoolOptions) {
    this.connectionsPerOrigin = Math.max(1, Math.floor(options.connectionsPerOrigin));
    this.idleTimeoutMs = options.idleTimeoutMs ?? 4000;
    this.tls = options.tls;
  }

  /**
   * Starts an exchange; throws (before anything is sent) on a request it will not write:
   * another scheme than http(s), a header that is not a valid field, a closed pool.
   */
  dispatch(request: H1Request, handler: H1Handler): H1Exchange {
    if (this.closed) throw new Error('the HTTP client is closed');
    const { url } = request;
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`unsupported protocol ${url.protocol}`);
    }
    // Made here, so that a header it refuses fails the dispatch, not a connection.
    const body = request.body === undefined ? null : Buffer.from(request.body, 'utf8');
    const head = requestHead(request, body === null ? null : body.length);
    let origin = this.origins.get(url.origin);
    if (origin === undefined) {
      origin = new Origin(url, this);
      this.origins.set(url.origin, origin);
    }
    const pending: Pending = { request, head, body, handler, connection: null, done: false };
    const from = origin;
    from.run(pending);
    return {
      abort: (reason) => {
        if (pending.done) return;
        if (pending.connection !== null) {
          pending.connection.destroy(reason);
          return;
        }
        const at = from.waiting.indexOf(pending);
        if (at !== -1) from.waiting.splice(at, 1);
        pending.done = true;
        handler.onError(reason);
      },
    };
  }

  /** Closes every connection; exchanges still running or waiting fail. */
  close(): Promise<void> {
    this.closed = true;
    for (const origin of this.origins.values()) {
      for (const pending of origin.waiting.splice(0)) {
        pending.done = true;
        pending.handler.onError(new Error('the HTTP client was closed'));
      }
      for (const connection of [...origin.connections]) {
        connection.destroy(new Error('the HTTP client was closed'));
      }
    }
    return Promise.resolve();
  }
}
