/**
 * How far the facts stage is, for a progress display: packages whose project page is in, out
 * of all, and HTTP requests in flight and done. The facts stage only counts; what to show and
 * where is the caller's (the CLI draws it on a terminal, the action does not ask).
 */
import type { HttpClient, HttpResult } from './http/client.js';

export interface FactsProgress {
  packagesDone: number;
  packagesTotal: number;
  requestsInFlight: number;
  requestsDone: number;
}

export type ProgressObserver = (progress: FactsProgress) => void;

export interface ProgressTracker {
  /** The client to fetch through: each distinct request is counted while in flight. */
  http: HttpClient;
  /** Packages to fetch, once they are known (can grow). */
  addPackages(count: number): void;
  /** Tells the observer one package is in, whatever its outcome; passes the value on. */
  readonly packageDone: <T>(value: T) => T;
}

/**
 * Counts what goes through `http`. A deduplicated call gets the very promise of the first one
 * (see http.ts), so a request shared by many packages is counted once.
 */
export function trackProgress(http: HttpClient, observe: ProgressObserver): ProgressTracker {
  const state: FactsProgress = {
    packagesDone: 0,
    packagesTotal: 0,
    requestsInFlight: 0,
    requestsDone: 0,
  };
  const emit = () => {
    observe({ ...state });
  };
  const seen = new WeakSet<Promise<unknown>>();
  const track = <T>(pending: Promise<HttpResult<T>>): Promise<HttpResult<T>> => {
    if (seen.has(pending)) return pending;
    seen.add(pending);
    state.requestsInFlight++;
    emit();
    const settle = () => {
      state.requestsInFlight--;
      state.requestsDone++;
      emit();
    };
    pending.then(settle, settle);
    return pending;
  };
  const packageDone = <T>(value: T): T => {
    state.packagesDone++;
    emit();
    return value;
  };
  return {
    packageDone,
    http: {
      getJson: (url, options) => track(http.getJson(url, options)),
      getText: (url, options) => track(http.getText(url, options)),
      getBytes: (url, options) => track(http.getBytes(url, options)),
      postJson: (url, body, options) => track(http.postJson(url, body, options)),
      stats: () => http.stats(),
      close: () => http.close(),
    },
    addPackages(count) {
      state.packagesTotal += count;
      emit();
    },
  };
}
