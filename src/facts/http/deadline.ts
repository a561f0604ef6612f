/** The one deadline of a run's facts: every exchange and wait listens to it. */
import { CLIENT } from './wording.js';

/**
 * Something that passes once, as exchanges and waits see it. A set of callbacks rather than
 * an AbortSignal: adding and removing a listener per request is then a Set operation, not an
 * EventTarget one (with an AbortController per request to relay it).
 */
export interface Alarm {
  passed(): boolean;
  /** Calls `listener` once when it passes (not if it already has); returns the unsubscribe. */
  onPass(listener: () => void): () => void;
}

/** The deadline of all facts together: one alarm every exchange and wait listens to. */
export interface Deadline extends Alarm {
  /** Epoch ms (real clock) when it passes. */
  at: number;
  /** "the facts deadline of 300 s passed" */
  reason: string;
  seconds: number;
}

/** Starts the deadline (null: none); `stop` clears its timer when the client closes. */
export function startDeadline(deadlineMs: number | null): {
  deadline: Deadline | null;
  stop: () => void;
} {
  if (deadlineMs === null) return { deadline: null, stop: () => undefined };
  // When it fires, what is left fails at once.
  const listeners = new Set<() => void>();
  let fired = false;
  const seconds = Math.round(deadlineMs / 100) / 10;
  const timer = setTimeout(() => {
    fired = true;
    const waiting = [...listeners];
    listeners.clear();
    for (const listener of waiting) listener();
  }, deadlineMs);
  timer.unref();
  return {
    deadline: {
      at: Date.now() + deadlineMs,
      passed: () => fired,
      onPass: (listener) => {
        if (!fired) listeners.add(listener);
        return () => {
          listeners.delete(listener);
        };
      },
      seconds,
      reason: CLIENT.deadline(seconds),
    },
    stop: () => {
      clearTimeout(timer);
    },
  };
}
