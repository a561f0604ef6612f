/** The one deadline of a run's facts: a signal every exchange and wait listens to. */
import { setMaxListeners } from 'node:events';
import type { Deadline } from './request-loop.js';
import { CLIENT } from './wording.js';

/** Starts the deadline (null: none); `stop` clears its timer when the client closes. */
export function startDeadline(deadlineMs: number | null): {
  deadline: Deadline | null;
  stop: () => void;
} {
  if (deadlineMs === null) return { deadline: null, stop: () => undefined };
  // When it fires, what is left fails at once.
  const controller = new AbortController();
  setMaxListeners(0, controller.signal); // one listener per request in flight
  const seconds = Math.round(deadlineMs / 100) / 10;
  const timer = setTimeout(() => {
    controller.abort();
  }, deadlineMs);
  timer.unref();
  return {
    deadline: {
      at: Date.now() + deadlineMs,
      signal: controller.signal,
      seconds,
      reason: CLIENT.deadline(seconds),
    },
    stop: () => {
      clearTimeout(timer);
    },
  };
}
