/**
 * One logical request over the network: attempts, retries with backoff, redirects and body
 * decoding, within the request's time budget. The cache and deduplication sit above it
 * (`http.ts`); a single exchange sits below it (`transport.ts`).
 *
 * Decisions:
 * - Retried (up to `retries`): timeouts, refused/reset connections, bodies cut short, 408,
 *   429, 5xx but 501/505, rate-limited 403. A complete body that is not valid JSON is retried
 *   once at most (a CDN hiccup may cause it, a broken server will not heal); a wrong content
 *   type is not retried.
 * - Wait: the server's `Retry-After` (seconds or date) or, for rate-limited 403/429,
 *   `x-ratelimit-reset`; otherwise full-jitter backoff. A wait that would end past the
 *   request's budget (`maxRetryWaitMs` from the first attempt) is not begun: the request
 *   fails at once with the last cause.
 * - Redirects (301/302/303/307/308; POST only 307/308): at most `maxRedirects`, to the same
 *   origin or the https upgrade of the same host, carrying the credential; other origins only
 *   when allowed, and then with that origin's own credential, never the request's.
 */
import {
  type Credential,
  type CredentialStore,
  authorizationHeader,
  redirectRelation,
} from './credentials.js';
import type { HttpError, HttpErrorKind } from './types.js';
import type { StatField } from './stats.js';
import type { ByteBudget, Limiter } from './limiter.js';
import type { Deadline } from './deadline.js';

export type { Deadline } from './deadline.js';
import type { BodyBytes } from './body.js';
import { excerpt, REDIRECT, requestFailed, statusText } from './wording.js';
import { redactUrl } from '../../text/redact.js';
import { backoffDelay, isRetryableStatus, serverRequestedDelay } from './retry-policy.js';
import { ACCEPT_ENCODING, exchange } from './transport.js';
import type { H1Pool } from './h1-pool.js';

export interface LoopSettings {
  userAgent: string;
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryWaitMs: number;
  maxRedirects: number;
  allowCrossOriginRedirects: boolean;
  maxBodyBytes: number;
  /** Longest wait a server may ask for (Retry-After, rate-limit reset); longer fails at once. */
  maxServerDelayMs: number;
}

export interface LoopContext {
  settings: LoopSettings;
  pool: H1Pool;
  limiter: Limiter;
  budget: ByteBudget;
  deadline: Deadline | null;
  credentials: CredentialStore;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Masks known secrets; applied to every message and log line. */
  scrub: (text: string) => string;
  log: (line: string) => void;
  count: (field: StatField, amount?: number) => void;
}

/** Turns a 2xx body into a value, or says why not and whether another try could help. */
export type Decoder<T> = (
  body: BodyBytes,
  headers: Readonly<Record<string, string>>,
) => { ok: true; value: T } | { ok: false; message: string; retry: boolean };

export interface LoopRequest<T> {
  method: 'GET' | 'POST';
  /** Without userinfo. */
  url: URL;
  /** The URL as the caller gave it, redacted: what errors show. */
  shownUrl: string;
  credential: Credential | null;
  accept: string;
  headers: Readonly<Record<string, string>>;
  body?: string;
  timeoutMs: number;
  /** Validators of a stale cache entry: sent as If-None-Match / If-Modified-Since. */
  conditional: { etag: string | null; lastModified: string | null } | null;
  decode: Decoder<T>;
}

export type LoopOutcome<T> =
  | {
      type: 'ok';
      value: T;
      status: number;
      headers: Record<string, string>;
      body: BodyBytes;
      url: URL;
    }
  | { type: 'not-modified'; headers: Record<string, string>; url: URL }
  | { type: 'error'; error: HttpError };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** A complete body that does not decode is retried at most this many times. */
const DECODE_RETRIES = 1;

interface RetryCause {
  kind: HttpErrorKind;
  reason: string;
  status?: number;
  /** Delay the server asked for, ms. */
  serverDelay: number | null;
  /** How the server said it (`Retry-After 100 s`), for the message when it is too long. */
  asked?: string;
}

/** Sleeps, but wakes early (false) when the deadline passes. */
function sleepUntil(ctx: LoopContext, ms: number): Promise<boolean> {
  const { deadline } = ctx;
  if (deadline === null) return ctx.sleep(ms).then(() => true);
  if (deadline.passed()) return Promise.resolve(false);
  return new Promise((resolve) => {
    const unwatch = deadline.onPass(() => {
      resolve(false);
    });
    void ctx.sleep(ms).then(() => {
      unwatch();
      resolve(true);
    });
  });
}

export async function runRequest<T>(
  ctx: LoopContext,
  req: LoopRequest<T>,
): Promise<LoopOutcome<T>> {
  const { settings } = ctx;
  // The budget starts with the first attempt, not while queued behind the concurrency bound.
  let start = Number.NaN;
  const shownUrl = ctx.scrub(req.shownUrl);
  let url = req.url;
  let credential = req.credential;
  let attempts = 0;
  let redirects = 0;
  let decodeRetries = DECODE_RETRIES;

  const fail = (kind: HttpErrorKind, reason: string, status?: number): LoopOutcome<T> => {
    const message = ctx.scrub(requestFailed(`${req.method} ${shownUrl}`, reason, attempts));
    const error: HttpError = { kind, message, url: shownUrl, attempts };
    if (status !== undefined) error.status = status;
    return { type: 'error', error };
  };

  for (;;) {
    attempts++;
    const headers: Record<string, string> = {
      ...req.headers,
      'user-agent': settings.userAgent,
      accept: req.accept,
      'accept-encoding': ACCEPT_ENCODING,
    };
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    if (credential !== null) headers.authorization = authorizationHeader(credential);
    if (req.conditional?.etag != null) headers['if-none-match'] = req.conditional.etag;
    if (req.conditional?.lastModified != null) {
      headers['if-modified-since'] = req.conditional.lastModified;
    }
    const { deadline } = ctx;
    const outcome = await ctx.limiter.run(async () => {
      // Checked once the slot is ours: a request queued past the deadline never goes out.
      if (deadline !== null && (deadline.passed() || Date.now() >= deadline.at)) return null;
      ctx.count('requests');
      if (Number.isNaN(start)) start = ctx.now();
      const left = deadline === null ? req.timeoutMs : Math.max(1, deadline.at - Date.now());
      return exchange(ctx.pool, {
        url,
        method: req.method,
        headers,
        ...(req.body === undefined ? {} : { body: req.body }),
        timeoutMs: Math.min(req.timeoutMs, left),
        maxBodyBytes: settings.maxBodyBytes,
        budget: ctx.budget,
        ...(deadline === null ? {} : { deadline }),
      });
    });
    // An attempt cut short by the deadline (its own timer was the deadline) fails with it.
    const passed = deadline !== null && (deadline.passed() || Date.now() >= deadline.at);
    if (
      outcome === null ||
      (outcome.type === 'failure' && (outcome.cause === 'aborted' || passed))
    ) {
      return fail('unavailable', deadline?.reason ?? 'aborted');
    }

    let cause: RetryCause;
    if (outcome.type === 'failure') {
      switch (outcome.cause) {
        case 'timeout':
          cause = {
            kind: 'timeout',
            reason: `${outcome.message} (limit ${req.timeoutMs} ms)`,
            serverDelay: null,
          };
          break;
        case 'connection':
          cause = { kind: 'unavailable', reason: outcome.message, serverDelay: null };
          break;
        case 'truncated':
          cause = {
            kind: 'invalid-response',
            reason: outcome.message,
            serverDelay: null,
            ...(outcome.status === undefined ? {} : { status: outcome.status }),
          };
          break;
        case 'too-large':
          return fail('invalid-response', outcome.message);
        case 'over-budget':
          cause = { kind: 'unavailable', reason: outcome.message, serverDelay: null };
          break;
        case 'other':
        case 'aborted':
          return fail('unavailable', outcome.message);
      }
    } else {
      const { status, headers: answer, body } = outcome;
      ctx.count('bytes', outcome.wireBytes);
      ctx.log(ctx.scrub(`${req.method} ${redactUrl(url.href)} → ${status} (${body.length} bytes)`));
      if (REDIRECTS.has(status) && answer.location !== undefined) {
        const next = followRedirect(ctx, req.method, url, answer.location, status);
        if (typeof next === 'string') return fail('invalid-response', next, status);
        if (++redirects > settings.maxRedirects) {
          return fail('invalid-response', REDIRECT.tooMany(settings.maxRedirects), status);
        }
        if (next.relation === 'cross-origin')
          credential = ctx.credentials.forOrigin(next.url.origin);
        url = next.url;
        attempts--; // a hop is not a new attempt
        continue;
      }
      if (status === 304) {
        if (req.conditional !== null) return { type: 'not-modified', headers: answer, url };
        return fail('invalid-response', '304 Not Modified to an unconditional request', status);
      }
      if (status >= 200 && status < 300) {
        const decoded = req.decode(body, answer);
        if (decoded.ok)
          return { type: 'ok', value: decoded.value, status, headers: answer, body, url };
        if (!decoded.retry || decodeRetries-- <= 0)
          return fail('invalid-response', decoded.message, status);
        cause = { kind: 'invalid-response', reason: decoded.message, status, serverDelay: null };
      } else if (status === 404 || status === 410) {
        return fail('not-found', statusText(status), status);
      } else if (isRetryableStatus(status, answer)) {
        const serverDelay = serverRequestedDelay(status, answer, ctx.now());
        const seconds = String(Math.ceil((serverDelay ?? 0) / 1000));
        cause = {
          kind: 'unavailable',
          reason: `${statusText(status)}${excerpt(body)}`,
          status,
          serverDelay,
          asked:
            answer['retry-after'] === undefined
              ? `its rate limit resets in ${seconds} s, which`
              : `Retry-After ${seconds} s`,
        };
      } else {
        return fail('invalid-response', `${statusText(status)}${excerpt(body)}`, status);
      }
    }

    if (cause.serverDelay !== null && cause.serverDelay > settings.maxServerDelayMs) {
      // Honoured only up to the cap: waiting hours for one fact would hold up the whole run.
      const cap = String(Math.round(settings.maxServerDelayMs / 1000));
      return fail(
        'unavailable',
        `rate limited by ${url.host}: ${cause.asked ?? 'the wait asked for'} is longer than ${cap} s`,
        cause.status,
      );
    }
    if (attempts > settings.retries) return fail(cause.kind, cause.reason, cause.status);
    const delay =
      cause.serverDelay ??
      backoffDelay(attempts, settings.baseDelayMs, settings.maxDelayMs, ctx.random);
    const elapsed = ctx.now() - start;
    if (elapsed + delay > settings.maxRetryWaitMs) {
      const wait = cause.serverDelay === null ? 'backoff' : 'the server asked to wait';
      return fail(
        cause.kind,
        `${cause.reason}; not retried: ${wait} ${delay} ms would exceed the retry budget of ${settings.maxRetryWaitMs} ms`,
        cause.status,
      );
    }
    if (deadline !== null && Date.now() + delay >= deadline.at) {
      return fail(
        cause.kind,
        `${cause.reason}; not retried: waiting ${String(delay)} ms would pass the facts deadline of ${String(deadline.seconds)} s`,
        cause.status,
      );
    }
    ctx.count('retries');
    ctx.log(
      ctx.scrub(
        `${req.method} ${shownUrl}: ${cause.reason}; retry ${attempts}/${settings.retries} in ${delay} ms`,
      ),
    );
    if (!(await sleepUntil(ctx, delay))) return fail('unavailable', deadline?.reason ?? 'aborted');
  }
}

/** The next URL of a redirect, or why it is not followed. */
function followRedirect(
  ctx: LoopContext,
  method: 'GET' | 'POST',
  from: URL,
  location: string,
  status: number,
): { url: URL; relation: ReturnType<typeof redirectRelation> } | string {
  if (method === 'POST' && status !== 307 && status !== 308) {
    return REDIRECT.postNotFollowed(status);
  }
  let to: URL;
  try {
    to = new URL(location, from);
  } catch {
    return REDIRECT.invalidLocation();
  }
  if (to.protocol !== 'http:' && to.protocol !== 'https:') return REDIRECT.scheme(to.protocol);
  // A Location with userinfo would smuggle credentials; it is dropped, never used.
  to.username = '';
  to.password = '';
  const relation = redirectRelation(from, to);
  const shown = ctx.scrub(redactUrl(to.href));
  if (relation === 'downgrade') return REDIRECT.downgrade(shown);
  if (relation === 'cross-origin' && !ctx.settings.allowCrossOriginRedirects) {
    return REDIRECT.crossOrigin(shown);
  }
  return { url: to, relation };
}
