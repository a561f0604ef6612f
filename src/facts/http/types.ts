/**
 * The types of the one HTTP layer every package fact comes through (PyPI JSON, the Simple
 * API, OSV, GitHub GraphQL). See `http.ts` for the behaviour.
 */
import type { Result } from '../../result.js';
import type { BodyBytes } from './body.js';
import type { Credential } from './credentials.js';
import { PYGOVERN_VERSION } from '../../version.js';

/**
 * Why a fact could not be fetched. `not-found`: the server said 404. `unavailable`: the
 * service could not be reached or kept failing (5xx, 429, resets, offline cache miss).
 * `timeout`: the last attempt ran out of time. `invalid-response`: an answer we cannot use
 * (another 4xx, bad JSON, truncated body, wrong content type, a redirect we do not follow).
 */
export type HttpErrorKind = 'not-found' | 'unavailable' | 'timeout' | 'invalid-response';

export interface HttpError {
  kind: HttpErrorKind;
  /** One sentence for a human; credentials are never in it. */
  message: string;
  /** The requested URL with credentials removed (see `redactUrl`). */
  url: string;
  /** The HTTP status of the last answer, when there was one. */
  status?: number;
  /** Network attempts made for this request (retries + 1; redirects are not counted). */
  attempts: number;
}

/** Where an answer came from. */
export type ResponseSource =
  /** Fetched now. */
  | 'network'
  /** A fresh on-disk cache entry; no request was made. */
  | 'cache'
  /** A stale cache entry the server confirmed with 304 Not Modified. */
  | 'revalidated'
  /** `offline: true`: a cache entry served whatever its age; no request was made. */
  | 'offline';

export interface HttpResponse<T> {
  /** The URL that answered (after redirects), without credentials. */
  url: string;
  status: number;
  /**
   * Response headers, lower-cased names (`set-cookie` dropped); from the cache, only those it
   * keeps (`content-type`, `cache-control`, `etag`, `last-modified`).
   */
  headers: Readonly<Record<string, string>>;
  /**
   * Parsed JSON (`getJson`, `postJson`) or text (`getText`), or the caller's compact value of
   * it. Shared: treat as read-only.
   */
  body: T;
  source: ResponseSource;
}

export type HttpResult<T> = Result<HttpResponse<T>, HttpError>;

export interface RequestOptions {
  /** Label counted in `stats()`: `pypi-json`, `simple`, `metadata`, `osv-batch`, `github`… */
  kind: string;
  /** `Accept` header; `getJson`/`postJson` default to `application/json`, `getText` to `*\/*`. */
  accept?: string;
  /** More request headers (part of the dedup and cache key). Never put credentials here. */
  headers?: Readonly<Record<string, string>>;
  /** Overrides the client's per-attempt timeout. */
  timeoutMs?: number;
  /** Freshness, in seconds, of an answer that has no Cache-Control max-age (default 0). */
  fallbackMaxAgeS?: number;
  /** `false`: neither read nor write the disk cache for this request (dedup still applies). */
  cache?: boolean;
}

/**
 * What a caller keeps of a body: the client returns `reduce`'s value instead of the body, and
 * the cache stores that value, not the body, so a warm run reads only what is used. `reduce`
 * must be pure (same body and origin, same value) and return plain JSON (no `undefined` in
 * arrays, no Dates or Maps): a cached value is that JSON read back. `id` names the function
 * and its output shape, and is part of the cache key: change it whenever `reduce` changes, so
 * values stored by the old function are a miss.
 */
export interface Compact<In, Out> {
  id: string;
  reduce: (body: In, from: { url: string; headers: Readonly<Record<string, string>> }) => Out;
}

export type CompactOptions<In, Out> = RequestOptions & { compact?: Compact<In, Out> };

export interface HttpClientOptions {
  /** Default `pygovern/<version> (+https://github.com/pygovern/pygovern)`. */
  userAgent?: string;
  /** Most requests in flight at once, across all origins (default 32). */
  concurrency?: number;
  /** Per-attempt time limit for connect + headers + body, in ms (default 30 000). */
  timeoutMs?: number;
  /** Retries after the first attempt (default 3). */
  retries?: number;
  /** Backoff base: attempt n waits random(0, min(maxDelayMs, baseDelayMs·2^(n-1))) (500). */
  baseDelayMs?: number;
  /** Backoff ceiling (default 10 000). Retry-After and rate-limit resets are not capped by it. */
  maxDelayMs?: number;
  /**
   * Time budget of one request, attempts and waits included, in ms (default 60 000): no
   * retry starts after it, and a wait that would end after it is not begun. A request thus
   * ends within `maxRetryWaitMs + timeoutMs`.
   */
  maxRetryWaitMs?: number;
  /** Redirect hops followed per request (default 5). */
  maxRedirects?: number;
  /** Follow redirects to other origins (credentials are never sent there). Default false. */
  allowCrossOriginRedirects?: boolean;
  /**
   * Largest body accepted, in bytes (default 64 MiB); larger is `invalid-response` ("answer
   * larger than 64 MiB"), refused before reading when Content-Length says so.
   */
  maxBodyBytes?: number;
  /**
   * Bytes all bodies in flight may hold together, raw and decoded (default 256 MiB): memory is
   * bounded for the run, not per answer. A body that would go over it fails and is retried.
   */
  memoryBudgetBytes?: number;
  /**
   * The deadline of all facts together, in ms from the client's creation (default 300 000;
   * `null`: none). Every exchange, queue wait and retry wait ends with it; what is left
   * fails as `unavailable`: "the facts deadline of N s passed".
   */
  deadlineMs?: number | null;
  /**
   * Longest wait a server may ask for (Retry-After, rate-limit reset), in ms (default 60 000);
   * a longer one fails the request at once: "rate limited by HOST: Retry-After N s is longer
   * than 60 s".
   */
  maxServerDelayMs?: number;
  /** Credentials by origin (`https://host[:port]`): Basic or Bearer. */
  credentials?: Readonly<Record<string, Credential>>;
  /** Directory of the on-disk cache; `null` or absent: no cache. */
  cacheDir?: string | null;
  /** Serve only from the cache, never touch the network. */
  offline?: boolean;
  /** Cap on the freshness a server's max-age can give, in seconds (default 86 400). */
  maxCacheAgeS?: number;
  /** Injectable for tests: wall clock (ms since epoch), sleep, randomness in [0, 1). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Debug lines (requests, retries, cache decisions), already redacted. */
  log?: (line: string) => void;
  /** Problems the user should see that do not stop the run (a cache directory refused). */
  warn?: (line: string) => void;
}

/** Counters for one request kind, or for all of them. */
export interface KindStats {
  /** `getJson`/`getText`/`postJson` calls. */
  calls: number;
  /** Calls answered by an earlier or in-flight identical request (no work of their own). */
  deduplicated: number;
  /** HTTP exchanges on the wire: first attempts, retries and redirect hops. */
  requests: number;
  /** Answers served from a fresh cache entry (or offline) without a request. */
  cacheHits: number;
  /** Stale entries confirmed by 304 Not Modified. */
  revalidations: number;
  retries: number;
  /** Calls whose final result is an error. */
  failures: number;
  /** Body bytes received from the network. */
  bytes: number;
}

export interface HttpStats {
  total: KindStats;
  byKind: Readonly<Record<string, KindStats>>;
  /** The shared body budget: its limit, bytes held now, the most ever held at once. */
  memory: { budgetBytes: number; heldBytes: number; peakBytes: number };
}

/** With `compact`, a response's `body` is the compact value (see `Compact`). */
export interface HttpClient {
  getJson<T = unknown>(url: string, options: CompactOptions<unknown, T>): Promise<HttpResult<T>>;
  /** Any content type; for Simple API HTML/JSON pages and `.metadata` files. */
  getText<T = string>(url: string, options: CompactOptions<string, T>): Promise<HttpResult<T>>;
  /**
   * The body's bytes, as they arrived, to a compact function that reads them itself (a large
   * page read without building one string of it). Only the compact value is kept or cached.
   */
  getBytes<T>(
    url: string,
    options: RequestOptions & { compact: Compact<BodyBytes, T> },
  ): Promise<HttpResult<T>>;
  /** For idempotent query POSTs (OSV, GraphQL reads): retried, deduplicated and cached. */
  postJson<T = unknown>(
    url: string,
    body: unknown,
    options: CompactOptions<unknown, T>,
  ): Promise<HttpResult<T>>;
  stats(): HttpStats;
  /** Closes the pooled connections; later calls fail with `unavailable`. */
  close(): Promise<void>;
}

/** PEP 691 content negotiation: JSON preferred, HTML accepted (check `content-type`). */
export const SIMPLE_ACCEPT =
  'application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01';

export const DEFAULT_USER_AGENT = `pygovern/${PYGOVERN_VERSION} (+https://github.com/pygovern/pygovern)`;
