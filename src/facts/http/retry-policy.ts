/**
 * What is retried and how long to wait. Pure functions; the clock and randomness are passed in.
 *
 * Retried: timeouts, connection resets/refusals, truncated bodies, 408, 429, 5xx except 501
 * and 505, and GitHub rate limits (403/429 with `x-ratelimit-remaining: 0` or `retry-after`).
 * Not retried: 404 and the other 4xx, wrong content types, redirects we refuse.
 */

type Headers = Readonly<Record<string, string>>;

/** A 403/429 that says the rate limit is exhausted (GitHub's primary or secondary limit). */
export function isRateLimited(status: number, headers: Headers): boolean {
  if (status !== 403 && status !== 429) return false;
  return headers['x-ratelimit-remaining'] === '0' || headers['retry-after'] !== undefined;
}

export function isRetryableStatus(status: number, headers: Headers): boolean {
  if (status === 408 || status === 429) return true;
  if (status >= 500 && status <= 599) return status !== 501 && status !== 505;
  return isRateLimited(status, headers);
}

/** `Retry-After` as delay-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/^[a-z]{3}/i.test(text)) return null; // HTTP dates (all three forms) start with the day
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

/**
 * The wait the server asked for, in ms: `Retry-After` first, then (rate-limited 403/429 only)
 * `x-ratelimit-reset` (epoch seconds). Null: the server did not say.
 */
export function serverRequestedDelay(status: number, headers: Headers, now: number): number | null {
  const retryAfter = parseRetryAfter(headers['retry-after'], now);
  if (retryAfter !== null) return retryAfter;
  const reset = headers['x-ratelimit-reset'];
  if (isRateLimited(status, headers) && reset !== undefined && /^\d+$/.test(reset.trim())) {
    return Math.max(0, Number(reset.trim()) * 1000 - now);
  }
  return null;
}

/** Exponential backoff with full jitter: random(0, min(max, base·2^(retry-1))), retry ≥ 1. */
export function backoffDelay(
  retry: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number,
): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}
