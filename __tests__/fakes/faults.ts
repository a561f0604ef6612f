/**
 * Faults a fake server can inject, and the deterministic choice of which request gets one.
 *
 * A ratio fault is decided from a hash of (seed, method, path, how many times this path was
 * requested before), not from a shared PRNG stream, so the same request gets the same fate
 * whatever order concurrent requests arrive in: runs are reproducible.
 */

/** What goes wrong with one answer. */
export type Fault =
  /** Answer normally, but only after `ms` (pick more than the client's timeout). */
  | { kind: 'slow'; ms: number }
  /** An error status; 429/503 usually with `retryAfter` (seconds or an HTTP date). */
  | {
      kind: 'status';
      status: number;
      retryAfter?: string;
      headers?: Record<string, string>;
      /** The JSON body (default `{"message": "injected <status>"}`). */
      json?: unknown;
    }
  /** Destroy the socket without answering (the client sees a reset or "other side closed"). */
  | { kind: 'reset' }
  /** Status 200 with a Content-Length larger than the bytes sent, then close the socket. */
  | { kind: 'truncate' }
  /** Status 200, `application/json`, a body that is not JSON. */
  | { kind: 'malformed-json' }
  /** Status 200 with the route's body but another Content-Type (default `text/html`). */
  | { kind: 'wrong-content-type'; contentType?: string }
  /**
   * Status 200 and a body of `bytes` bytes streamed in 64 KiB chunks until the client hangs
   * up; with `announce`, a Content-Length says its size up front, else it is chunked.
   */
  | { kind: 'oversized'; bytes: number; announce?: boolean };

/** When a fault applies. Without `times` or `ratio`, it applies to every matching request. */
export interface FaultRule {
  /** Path (with query) equal to a string, matching a RegExp, or a predicate; default all. */
  match?: string | RegExp | ((method: string, path: string) => boolean);
  /** One fault, or several picked deterministically per request. */
  fault: Fault | readonly Fault[];
  /** Fail-N-times-then-succeed: only the first `times` requests to each path get the fault. */
  times?: number;
  /** Deterministic fraction (0–1) of matching requests that get the fault. */
  ratio?: number;
}

/** 32-bit FNV-1a. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: a small seeded PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  const { match } = rule;
  if (match === undefined) return true;
  if (typeof match === 'string') return match === path;
  if (match instanceof RegExp) return match.test(path);
  return match(method, path);
}

/**
 * Picks the fault (or none) for the `seen`-th request (0-based) to `method path`: the first
 * rule that matches and fires wins.
 */
export function pickFault(
  rules: readonly FaultRule[],
  seed: number,
  method: string,
  path: string,
  seen: number,
): Fault | null {
  for (const [index, rule] of rules.entries()) {
    if (!matches(rule, method, path)) continue;
    if (rule.times !== undefined && seen >= rule.times) continue;
    const random = seededRandom(fnv1a(`${seed}|${index}|${method} ${path}|${seen}`));
    if (rule.ratio !== undefined && random() >= rule.ratio) continue;
    const faults: readonly Fault[] = Array.isArray(rule.fault) ? rule.fault : [rule.fault];
    const picked = faults[Math.floor(random() * faults.length)];
    if (picked !== undefined) return picked;
  }
  return null;
}
