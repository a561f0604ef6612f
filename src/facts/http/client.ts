/**
 * The one HTTP layer all package facts come through: a keep-alive pool per origin, a
 * global bound on requests in flight, per-request deduplication for the whole run, the
 * on-disk cache (fresh → no request, stale → conditional request; one file read at the first
 * request and written at `close()`, see `cache.ts`), compact values (a caller's reduction of a
 * body, returned and cached instead of it), credentials per origin, and retries (see
 * `request-loop.ts`). Network trouble is returned as a Result, never thrown.
 *
 * Bounds for the whole run: a byte budget shared by every body in flight (`limiter.ts`), a
 * per-body cap checked against Content-Length before reading, one deadline for all requests
 * (which every exchange and wait listens to), and server-requested waits capped.
 *
 * Deduplication: identical calls (method, URL, Accept, extra headers, body, getJson vs
 * getText, compact id) share one promise for the client's lifetime, failures included — a failure has
 * already been retried, and asking again within one run would only repeat it.
 */
import { H1Pool } from './h1-pool.js';
import { err, ok } from '../../result.js';
import {
  type DiskCache,
  cacheKey,
  createDiskCache,
  freshnessOf,
  isFresh,
  keptHeaders,
} from './cache.js';
import { createCredentialStore, splitUserinfo } from './credentials.js';
import { createStatsRecorder } from './stats.js';
import {
  DEFAULT_USER_AGENT,
  type HttpClient,
  type HttpClientOptions,
  type HttpErrorKind,
  type HttpResult,
  type Compact,
  type RequestOptions,
  type ResponseSource,
} from './types.js';
import { createByteBudget, createLimiter } from './limiter.js';
import { createScrubber, redactUrl } from '../../text/redact.js';
import { decodeBytes, decodeJson, decodeText } from './decoders.js';
import { startDeadline } from './deadline.js';
import { type Decoder, type LoopContext, runRequest } from './request-loop.js';
import { CLIENT } from './wording.js';

export { redactUrl } from '../../text/redact.js';
export type { Credential } from './credentials.js';
export * from './types.js';

interface Call<T> {
  method: 'GET' | 'POST';
  url: string;
  body?: string;
  options: RequestOptions;
  accept: string;
  decode: Decoder<unknown>;
  mode: 'json' | 'text' | 'bytes';
  /** Absent: the decoded body is the value (then `T` is what `decode` gives). */
  compact: Compact<never, T> | undefined;
}

/** The request loop's settings: the options, or their defaults. */
function loopSettings(options: HttpClientOptions): LoopContext['settings'] {
  return {
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    retries: options.retries ?? 3,
    baseDelayMs: options.baseDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 10_000,
    maxRetryWaitMs: options.maxRetryWaitMs ?? 60_000,
    maxRedirects: options.maxRedirects ?? 5,
    allowCrossOriginRedirects: options.allowCrossOriginRedirects ?? false,
    maxBodyBytes: options.maxBodyBytes ?? 64 * 1024 * 1024,
    maxServerDelayMs: options.maxServerDelayMs ?? 60_000,
  };
}

/** The on-disk cache, when a directory is given. */
function openCache(options: HttpClientOptions, now: () => number): DiskCache | null {
  if (options.cacheDir === undefined || options.cacheDir === null) return null;
  return createDiskCache(options.cacheDir, {
    warn: options.warn ?? options.log ?? (() => undefined),
    ...(options.log === undefined ? {} : { log: options.log }),
    now,
  });
}

/**
 * The key identical calls share, in the run and in the cache: getJson and getText of one URL,
 * or two compact functions of one body, are different calls.
 */
const callKey = <T>(spec: Call<T>, url: string) =>
  `${spec.mode}\n${spec.compact?.id ?? ''}\n${cacheKey({ method: spec.method, url, accept: spec.accept, headers: spec.options.headers ?? {}, ...(spec.body === undefined ? {} : { body: spec.body }) })}`;

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const concurrency = options.concurrency ?? 32;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxCacheAgeS = options.maxCacheAgeS ?? 86_400;
  const offline = options.offline ?? false;
  const cache = openCache(options, now);
  const scrubber = createScrubber();
  const credentials = createCredentialStore(options.credentials ?? {}, scrubber);
  const stats = createStatsRecorder();
  const limiter = createLimiter(concurrency);
  const budget = createByteBudget(options.memoryBudgetBytes ?? 256 * 1024 * 1024);
  const { deadline, stop } = startDeadline(
    options.deadlineMs === undefined ? 300_000 : options.deadlineMs,
  );
  // As many connections per origin as requests may be in flight.
  const pool = new H1Pool({ connectionsPerOrigin: concurrency });
  const log = options.log ?? (() => undefined);
  const memo = new Map<string, Promise<HttpResult<unknown>>>();
  let closed = false;
  let closing: Promise<void> | null = null;

  const loopBase: Omit<LoopContext, 'count'> = {
    settings: loopSettings(options),
    pool,
    limiter,
    budget,
    deadline,
    credentials,
    now,
    sleep,
    random: options.random ?? Math.random,
    scrub: (text) => scrubber.scrub(text),
    log: (line) => {
      log(scrubber.scrub(line));
    },
  };

  async function perform<T>(call: Call<T>): Promise<HttpResult<T>> {
    const { kind } = call.options;
    const count = (field: Parameters<LoopContext['count']>[0], amount?: number) => {
      stats.count(kind, field, amount);
    };
    const failure = (errorKind: HttpErrorKind, message: string, url: string) => {
      count('failures');
      return err({ kind: errorKind, message: scrubber.scrub(message), url, attempts: 0 });
    };
    let parsed: URL;
    try {
      parsed = new URL(call.url);
    } catch {
      return failure(
        'invalid-response',
        CLIENT.notAbsolute(redactUrl(call.url)),
        redactUrl(call.url),
      );
    }
    const { url, credential: fromUserinfo } = splitUserinfo(parsed);
    if (fromUserinfo !== null) credentials.learn(url.origin, fromUserinfo);
    const shownUrl = scrubber.scrub(redactUrl(call.url));
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return failure('invalid-response', CLIENT.notHttp(shownUrl), shownUrl);
    }
    if (closed) return failure('unavailable', CLIENT.closed(shownUrl), shownUrl);

    const extra = call.options.headers ?? {};
    const key = callKey(call, url.href);
    const label = scrubber.scrub(`${call.method} ${redactUrl(url.href)}`);
    const useCache = cache !== null && call.options.cache !== false;
    const entry = useCache ? await cache.read(key) : null;
    const fromEntry = (source: ResponseSource): HttpResult<T> => {
      const stored = entry as NonNullable<typeof entry>;
      return ok({
        url: stored.url,
        status: stored.status,
        headers: stored.headers,
        body: stored.value as T,
        source,
      });
    };

    if (offline) {
      if (entry !== null) {
        count('cacheHits');
        log(`offline: served from the cache ${label}`);
        return fromEntry('offline');
      }
      return failure('unavailable', CLIENT.offlineMiss(label), shownUrl);
    }
    if (entry !== null && isFresh(entry, now(), maxCacheAgeS)) {
      count('cacheHits');
      log(`cache hit ${label}`);
      return fromEntry('cache');
    }

    const conditional =
      entry !== null &&
      call.method === 'GET' &&
      (entry.etag !== null || entry.lastModified !== null)
        ? { etag: entry.etag, lastModified: entry.lastModified }
        : null;
    const outcome = await runRequest(
      { ...loopBase, count },
      {
        method: call.method,
        url,
        shownUrl,
        credential: fromUserinfo ?? credentials.forOrigin(url.origin),
        accept: call.accept,
        headers: extra,
        ...(call.body === undefined ? {} : { body: call.body }),
        timeoutMs: call.options.timeoutMs ?? timeoutMs,
        conditional,
        decode: call.decode,
      },
    );

    if (outcome.type === 'error') {
      count('failures');
      return err(outcome.error);
    }
    const fallbackS = call.options.fallbackMaxAgeS ?? 0;
    if (outcome.type === 'not-modified' && entry !== null) {
      count('revalidations');
      const fresh = freshnessOf(outcome.headers, entry.maxAgeS);
      const refreshed = {
        ...entry,
        storedAt: now(),
        maxAgeS: fresh.maxAgeS,
        etag: outcome.headers.etag ?? entry.etag,
        lastModified: outcome.headers['last-modified'] ?? entry.lastModified,
      };
      if (fresh.store && cache !== null) cache.write(key, refreshed);
      return fromEntry('revalidated');
    }
    if (outcome.type === 'not-modified') {
      return failure('invalid-response', CLIENT.unexpected304(label), shownUrl);
    }
    const answeredUrl = redactUrl(outcome.url.href);
    let value: T;
    try {
      value =
        call.compact === undefined
          ? (outcome.value as T)
          : call.compact.reduce(outcome.value as never, {
              url: answeredUrl,
              headers: outcome.headers,
            });
    } catch (error) {
      // A bug of the caller's, not the server's: the answer is unusable, the run goes on.
      const reason = error instanceof Error ? error.message : String(error);
      return failure('invalid-response', CLIENT.compactFailed(label, reason), shownUrl);
    }
    if (useCache && outcome.status === 200) {
      const fresh = freshnessOf(outcome.headers, fallbackS);
      if (fresh.store) {
        cache.write(key, {
          url: answeredUrl,
          status: outcome.status,
          headers: keptHeaders(outcome.headers),
          value,
          storedAt: now(),
          maxAgeS: fresh.maxAgeS,
          etag: outcome.headers.etag ?? null,
          lastModified: outcome.headers['last-modified'] ?? null,
        });
      }
    }
    return ok({
      url: answeredUrl,
      status: outcome.status,
      headers: outcome.headers,
      body: value,
      source: 'network',
    });
  }

  function call<T>(spec: Call<T>): Promise<HttpResult<T>> {
    stats.count(spec.options.kind, 'calls');
    const key = callKey(spec, spec.url);
    const shared = memo.get(key);
    if (shared !== undefined) {
      stats.count(spec.options.kind, 'deduplicated');
      return shared as Promise<HttpResult<T>>;
    }
    const pending = perform(spec);
    memo.set(key, pending);
    return pending;
  }

  return {
    getJson: (url, opts) =>
      call({
        method: 'GET',
        url,
        options: opts,
        accept: opts.accept ?? 'application/json',
        decode: decodeJson,
        mode: 'json',
        compact: opts.compact,
      }),
    getText: (url, opts) =>
      call({
        method: 'GET',
        url,
        options: opts,
        accept: opts.accept ?? '*/*',
        decode: decodeText,
        mode: 'text',
        compact: opts.compact,
      }),
    getBytes: (url, opts) =>
      call({
        method: 'GET',
        url,
        options: opts,
        accept: opts.accept ?? '*/*',
        decode: decodeBytes,
        mode: 'bytes',
        compact: opts.compact,
      }),
    postJson: (url, body, opts) =>
      call({
        method: 'POST',
        url,
        body: JSON.stringify(body),
        options: opts,
        accept: opts.accept ?? 'application/json',
        decode: decodeJson,
        mode: 'json',
        compact: opts.compact,
      }),
    stats: () => ({
      ...stats.snapshot(),
      memory: { budgetBytes: budget.limit, heldBytes: budget.held(), peakBytes: budget.peak() },
    }),
    // The cache file is written here, once: the Actions cache saves it after this resolves.
    close: () => {
      closing ??= (async () => {
        closed = true;
        stop();
        await pool.close();
        if (cache !== null && !(await cache.close()))
          log(`cache write failed: ${String(options.cacheDir)}`);
      })();
      return closing;
    },
  };
}
