/**
 * One HTTP exchange over the keep-alive pool (`h1-pool.ts`): send, wait for headers, read the
 * body, all within one time limit. Never throws: failures come back classified for the retry
 * loop.
 */
import {
  brotliDecompressSync,
  createBrotliDecompress,
  createGunzip,
  createInflate,
  gunzipSync,
  inflateSync,
  type ZlibOptions,
} from 'node:zlib';
import type { Transform } from 'node:stream';
import { CONNECTION_CLOSED, type H1Exchange, type H1Handler, type H1Pool } from './h1-pool.js';
import type { ByteBudget } from './limiter.js';
import { tooLargeMessage } from './wording.js';
import type { Alarm } from './deadline.js';
import { BodyBytes } from './body.js';

export interface Exchange {
  url: URL;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxBodyBytes: number;
  /** Shared by every body in flight: raw and decoded bytes are held against it. */
  budget: ByteBudget;
  /** Aborts the exchange from outside when it passes (the deadline of all facts). */
  deadline?: Alarm;
}

/** Why an exchange produced no usable answer. */
export type TransportCause =
  /** The time limit passed (connect, headers or body). Retried. */
  | 'timeout'
  /** Refused, reset or closed before the headers. Retried. */
  | 'connection'
  /** The connection ended inside the body (fewer bytes than announced). Retried. */
  | 'truncated'
  /** The body is larger than `maxBodyBytes`. Not retried. */
  | 'too-large'
  /** The bodies in flight would exceed the shared memory budget. Retried. */
  | 'over-budget'
  /** The facts deadline passed during the exchange. Not retried. */
  | 'aborted'
  /** Anything else (DNS name unknown, TLS, bad request options). Not retried. */
  | 'other';

export type ExchangeOutcome =
  | {
      type: 'response';
      status: number;
      headers: Record<string, string>;
      /** Decoded (decompressed) body. */
      body: BodyBytes;
      /** Bytes received on the wire. */
      wireBytes: number;
    }
  | {
      type: 'failure';
      cause: TransportCause;
      message: string;
      /** Set when the failure came after the status line (a body cut short or too large). */
      status?: number;
    };

/** Error codes of connections that may work on a new try. */
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  CONNECTION_CLOSED,
]);

/** Code and message of an error; duck-typed, since errors may come from another realm. */
function describe(error: unknown): { code: string | null; message: string } {
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return {
      code: typeof code === 'string' ? code : null,
      message: typeof message === 'string' ? message : 'unknown error',
    };
  }
  return { code: null, message: String(error) };
}

function classify(error: unknown, timedOut: boolean, status: number | null): ExchangeOutcome {
  const inBody = status !== null;
  const { code, message } = describe(error);
  const detail = code === null || message.includes(code) ? message : `${code} ${message}`;
  if (timedOut) {
    return {
      type: 'failure',
      cause: 'timeout',
      message: inBody ? 'timed out reading the body' : 'timed out',
    };
  }
  if (inBody) {
    return { type: 'failure', cause: 'truncated', message: `body cut short (${detail})`, status };
  }
  if (code !== null && TRANSIENT_CODES.has(code)) {
    return { type: 'failure', cause: 'connection', message: `connection failed (${detail})` };
  }
  return { type: 'failure', cause: 'other', message: detail };
}

const aborted = (): ExchangeOutcome => ({ type: 'failure', cause: 'aborted', message: 'aborted' });

/** Encodings we ask for (`accept-encoding`) and undo. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';
type Decoder = {
  sync: (data: Buffer, options: ZlibOptions) => Buffer;
  stream: (options: ZlibOptions) => Transform;
};
const gzipDecoder: Decoder = { sync: gunzipSync, stream: createGunzip };
const DECODERS: Record<string, Decoder> = {
  gzip: gzipDecoder,
  'x-gzip': gzipDecoder,
  deflate: { sync: inflateSync, stream: createInflate },
  br: { sync: brotliDecompressSync, stream: createBrotliDecompress },
};
/**
 * Bodies up to this size are decoded on the main thread: a trip to the thread pool costs
 * more than inflating them. PyPI compresses every answer, so this is most of them.
 */
const DECODE_INLINE_BYTES = 64 * 1024;

/**
 * Decodes a larger body in the thread pool, keeping zlib's output buffers as its chunks:
 * joining them (what `gunzip()` does) cost as much main-thread time as the reading. The
 * output buffer is large, since each one is a trip to the pool (zlib's default of 16 KiB made
 * a 15 MB Simple page cost five times the CPU); JSON inflates about 5 to 10 times.
 */
function decodeInPool(
  decoder: Decoder,
  raw: BodyBytes,
  maxBodyBytes: number,
): Promise<BodyBytes | 'too-large'> {
  const chunkSize = Math.max(64 * 1024, Math.min(raw.length * 4, 1024 * 1024));
  return new Promise((resolve, reject) => {
    const stream = decoder.stream({ chunkSize });
    const out: Buffer[] = [];
    let length = 0;
    stream.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length <= maxBodyBytes) out.push(chunk);
      else {
        stream.destroy();
        resolve('too-large');
      }
    });
    stream.on('end', () => {
      resolve(new BodyBytes(out, length));
    });
    stream.on('error', reject);
    for (const chunk of raw.chunks) stream.write(chunk);
    stream.end();
  });
}

/** The content coding of an answer, lower-cased; `identity` when none. */
function encodingOf(headers: Record<string, string>): string {
  const encoding = (headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  return encoding === '' ? 'identity' : encoding;
}

/** Undoes a content coding other than identity (zlib runs off the main thread for large bodies). */
async function decodeBody(
  headers: Record<string, string>,
  encoding: string,
  raw: BodyBytes,
  maxBodyBytes: number,
): Promise<ExchangeOutcome> {
  const decoder = DECODERS[encoding];
  if (decoder === undefined) {
    return { type: 'failure', cause: 'other', message: `unsupported content-encoding ${encoding}` };
  }
  const tooLarge: ExchangeOutcome = {
    type: 'failure',
    cause: 'too-large',
    message: tooLargeMessage(maxBodyBytes),
  };
  try {
    const body =
      raw.length <= DECODE_INLINE_BYTES
        ? BodyBytes.of(decoder.sync(raw.buffer(), { maxOutputLength: maxBodyBytes }))
        : await decodeInPool(decoder, raw, maxBodyBytes);
    if (body === 'too-large') return tooLarge;
    const rest = { ...headers };
    delete rest['content-encoding'];
    delete rest['content-length'];
    return { type: 'response', status: 0, headers: rest, body, wireBytes: 0 };
  } catch (error) {
    const { code, message } = describe(error);
    if (code === 'ERR_BUFFER_TOO_LARGE') return tooLarge;
    // A corrupt compressed stream is what a cut-short transfer looks like: retried as one.
    return {
      type: 'failure',
      cause: 'truncated',
      message: `could not decode ${encoding} body (${message})`,
    };
  }
}

/** Runs the exchange on the pool; the handler gathers the body chunks and settles once. */
export function exchange(pool: H1Pool, request: Exchange): Promise<ExchangeOutcome> {
  if (request.deadline?.passed() === true) return Promise.resolve(aborted());
  return new Promise<ExchangeOutcome>((resolve) => {
    const handler = new ExchangeHandler(request, resolve);
    try {
      handler.started(
        pool.dispatch(
          {
            url: request.url,
            method: request.method,
            headers: request.headers,
            ...(request.body === undefined ? {} : { body: request.body }),
          },
          handler,
        ),
      );
    } catch (error) {
      handler.onError(error as Error);
    }
  });
}

/**
 * One exchange's state and the pool's callbacks, as one object (a request's worth of closures
 * was a measurable part of the garbage). Settles once: later callbacks are ignored.
 */
class ExchangeHandler implements H1Handler {
  private exchange: H1Exchange | null = null;
  private timedOut = false;
  private abortedOutside = false;
  private settled = false;
  /** Bytes held against the shared budget, given back when the exchange settles. */
  private held = 0;
  private status: number | null = null;
  private headers: Record<string, string> = {};
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly unwatch: (() => void) | undefined;

  constructor(
    private readonly request: Exchange,
    private readonly resolve: (outcome: ExchangeOutcome) => void,
  ) {
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.abort(new Error('pygovern: request timed out'));
    }, request.timeoutMs);
    this.unwatch = request.deadline?.onPass(() => {
      this.abortedOutside = true;
      this.abort(new Error('pygovern: aborted'));
    });
  }

  /** The pool took the exchange: it can now be aborted. */
  started(exchange: H1Exchange): void {
    this.exchange = exchange;
  }

  onHead(statusCode: number, headers: Record<string, string>): void {
    if (this.settled) return;
    this.status = statusCode;
    this.headers = headers;
    // A size announced too big is refused before a byte of the body is read.
    const { maxBodyBytes } = this.request;
    const announced = Number(headers['content-length'] ?? Number.NaN);
    if (Number.isFinite(announced) && announced > maxBodyBytes) {
      this.refuse({
        type: 'failure',
        cause: 'too-large',
        message: tooLargeMessage(maxBodyBytes, announced),
      });
    }
  }

  onData(piece: Buffer): void {
    if (this.settled) return;
    const { maxBodyBytes, budget } = this.request;
    this.size += piece.length;
    if (this.size > maxBodyBytes) {
      this.refuse({ type: 'failure', cause: 'too-large', message: tooLargeMessage(maxBodyBytes) });
      return;
    }
    if (!budget.take(piece.length)) {
      this.refuse(this.overBudget());
      return;
    }
    this.held += piece.length;
    this.chunks.push(piece);
  }

  onEnd(): void {
    if (this.settled) return;
    const { headers, size } = this;
    const body = new BodyBytes(this.chunks, size);
    const encoding = encodingOf(headers);
    // Answers without a content coding are settled without a hop.
    if (encoding === 'identity') {
      this.settle({ type: 'response', status: this.status ?? 0, headers, body, wireBytes: size });
      return;
    }
    void decodeBody(headers, encoding, body, this.request.maxBodyBytes).then((decoded) => {
      if (decoded.type !== 'response') {
        this.settle(decoded);
        return;
      }
      // The decoded copy is held too (the raw bytes are released with it when the exchange ends).
      if (decoded.body.length !== size) {
        if (!this.request.budget.take(decoded.body.length)) {
          this.settle(this.overBudget());
          return;
        }
        this.held += decoded.body.length;
      }
      this.settle({ ...decoded, status: this.status ?? 0, wireBytes: size });
    });
  }

  /** Settles with the classified error (or the deadline's abort). */
  onError(error: Error): void {
    if (this.settled) return;
    this.settle(this.abortedOutside ? aborted() : classify(error, this.timedOut, this.status));
  }

  private abort(reason: Error): void {
    if (this.exchange === null) this.onError(reason);
    else this.exchange.abort(reason);
  }

  private settle(outcome: ExchangeOutcome): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.unwatch?.();
    this.request.budget.give(this.held);
    this.resolve(outcome);
  }

  /** Ends the exchange early (too large, over budget): the connection and its answer are dropped. */
  private refuse(outcome: ExchangeOutcome): void {
    this.settle(outcome);
    this.exchange?.abort(new Error('pygovern: answer refused'));
  }

  private overBudget(): ExchangeOutcome {
    const mib = Math.round(this.request.budget.limit / (1024 * 1024));
    return {
      type: 'failure',
      cause: 'over-budget',
      message: `answers in flight would exceed the memory budget of ${String(mib)} MiB`,
    };
  }
}
