/**
 * One HTTP exchange over a pooled undici dispatcher: send, wait for headers, read the body,
 * all within one time limit. Never throws: failures come back classified for the retry loop.
 */
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import type { Dispatcher } from 'undici';
import type { ByteBudget } from './limiter.js';
import { tooLargeMessage } from './wording.js';
import type { Alarm } from './deadline.js';

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
      body: Buffer;
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
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
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
  if (timedOut || (code !== null && TIMEOUT_CODES.has(code))) {
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

/** Lower-cased single-valued headers; `set-cookie` is dropped. */
function flattenHeaders(
  raw: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name in raw) {
    const value = raw[name];
    const key = name.toLowerCase();
    if (value === undefined || key === 'set-cookie') continue;
    headers[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

const aborted = (): ExchangeOutcome => ({ type: 'failure', cause: 'aborted', message: 'aborted' });

/** Encodings we ask for (`accept-encoding`) and undo. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';
const DECODERS: Record<
  string,
  (data: Buffer, options: { maxOutputLength: number }) => Promise<Buffer>
> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  deflate: promisify(inflate),
  br: promisify(brotliDecompress),
};

/** The content coding of an answer, lower-cased; `identity` when none. */
function encodingOf(headers: Record<string, string>): string {
  const encoding = (headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  return encoding === '' ? 'identity' : encoding;
}

/** Undoes a content coding other than identity (zlib runs off the main thread). */
async function decodeBody(
  headers: Record<string, string>,
  encoding: string,
  raw: Buffer,
  maxBodyBytes: number,
): Promise<ExchangeOutcome> {
  const decoder = DECODERS[encoding];
  if (decoder === undefined) {
    return { type: 'failure', cause: 'other', message: `unsupported content-encoding ${encoding}` };
  }
  try {
    const body = await decoder(raw, { maxOutputLength: maxBodyBytes });
    const rest = { ...headers };
    delete rest['content-encoding'];
    delete rest['content-length'];
    return { type: 'response', status: 0, headers: rest, body, wireBytes: 0 };
  } catch (error) {
    const { code, message } = describe(error);
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      return { type: 'failure', cause: 'too-large', message: tooLargeMessage(maxBodyBytes) };
    }
    // A corrupt compressed stream is what a cut-short transfer looks like: retried as one.
    return {
      type: 'failure',
      cause: 'truncated',
      message: `could not decode ${encoding} body (${message})`,
    };
  }
}

/**
 * Runs the exchange through undici's `dispatch` with a handler that gathers the body chunks
 * itself: no response stream, async iterator, AbortController or async resource per request
 * (`request` builds all four), which was most of the client's CPU per small answer.
 */
export function exchange(dispatcher: Dispatcher, request: Exchange): Promise<ExchangeOutcome> {
  const { budget, maxBodyBytes } = request;
  const outside = request.deadline;
  if (outside?.passed() === true) return Promise.resolve(aborted());
  return new Promise<ExchangeOutcome>((resolve) => {
    let controller: Dispatcher.DispatchController | null = null;
    /** An abort asked for before undici handed over its controller: applied on the handover. */
    let pendingAbort: Error | null = null;
    let timedOut = false;
    let abortedOutside = false;
    let settled = false;
    let held = 0;
    let status: number | null = null;
    let headers: Record<string, string> = {};
    const chunks: Buffer[] = [];
    let size = 0;

    const abort = (reason: Error) => {
      if (controller === null) pendingAbort ??= reason;
      else controller.abort(reason);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      abort(new Error('pygovern: request timed out'));
    }, request.timeoutMs);
    const unwatch = outside?.onPass(() => {
      abortedOutside = true;
      abort(new Error('pygovern: aborted'));
    });
    const settle = (outcome: ExchangeOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unwatch?.();
      budget.give(held);
      resolve(outcome);
    };
    /** Ends the exchange early (too large, over budget) and drops the connection's answer. */
    const refuse = (outcome: ExchangeOutcome) => {
      settle(outcome);
      controller?.abort(new Error('pygovern: answer refused'));
    };
    const overBudget = (): ExchangeOutcome => ({
      type: 'failure',
      cause: 'over-budget',
      message: `answers in flight would exceed the memory budget of ${String(Math.round(budget.limit / (1024 * 1024)))} MiB`,
    });
    const decode = async (encoding: string): Promise<ExchangeOutcome> => {
      const decoded = await decodeBody(
        headers,
        encoding,
        Buffer.concat(chunks, size),
        maxBodyBytes,
      );
      if (decoded.type !== 'response') return decoded;
      // The decoded copy is held too (the raw bytes are released with it when the exchange ends).
      if (decoded.body.length !== size) {
        if (!budget.take(decoded.body.length)) return overBudget();
        held += decoded.body.length;
      }
      return { ...decoded, status: status ?? 0, wireBytes: size };
    };

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(given) {
        controller = given;
        if (settled) given.abort(new Error('pygovern: answer refused'));
        else if (pendingAbort !== null) given.abort(pendingAbort);
      },
      onResponseStart(_controller, statusCode, raw) {
        if (settled || statusCode < 200) return; // 1xx: informational, the answer follows
        status = statusCode;
        headers = flattenHeaders(raw);
        // A size announced too big is refused before a byte of the body is read.
        const announced = Number(headers['content-length'] ?? Number.NaN);
        if (Number.isFinite(announced) && announced > maxBodyBytes) {
          refuse({
            type: 'failure',
            cause: 'too-large',
            message: tooLargeMessage(maxBodyBytes, announced),
          });
        }
      },
      onResponseData(_controller, chunk) {
        if (settled) return;
        size += chunk.length;
        if (size > maxBodyBytes) {
          refuse({ type: 'failure', cause: 'too-large', message: tooLargeMessage(maxBodyBytes) });
          return;
        }
        if (!budget.take(chunk.length)) {
          refuse(overBudget());
          return;
        }
        held += chunk.length;
        chunks.push(chunk);
      },
      onResponseEnd() {
        if (settled) return;
        const encoding = encodingOf(headers);
        // Most answers are not compressed (or undici saw no coding): settled without a hop.
        if (encoding === 'identity') {
          const body = Buffer.concat(chunks, size);
          settle({ type: 'response', status: status ?? 0, headers, body, wireBytes: size });
        } else void decode(encoding).then(settle);
      },
      onResponseError(_controller, error) {
        if (settled) return;
        settle(abortedOutside ? aborted() : classify(error, timedOut, status));
      },
    };
    try {
      dispatcher.dispatch(
        {
          origin: request.url.origin,
          path: `${request.url.pathname}${request.url.search}`,
          method: request.method,
          headers: request.headers,
          body: request.body ?? null,
          // Our own timer covers connect + headers + body; undici's per-phase ones stay as backstops.
          headersTimeout: request.timeoutMs + 1000,
          bodyTimeout: request.timeoutMs + 1000,
        },
        handler,
      );
    } catch (error) {
      settle(classify(error, timedOut, status));
    }
  });
}
