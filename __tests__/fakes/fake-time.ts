/**
 * A clock and sleep for deterministic tests: `sleep(ms)` records the delay asked for and
 * moves the clock forward at once, so backoff and Retry-After cost no real time.
 */
export interface FakeTime {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Every delay passed to sleep, in order. */
  sleeps: number[];
  advance(ms: number): void;
}

export const FAKE_EPOCH = Date.parse('2026-11-24T12:00:00Z');

export function fakeTime(start = FAKE_EPOCH): FakeTime {
  let current = start;
  const sleeps: number[] = [];
  return {
    now: () => current,
    sleep: (ms) => {
      sleeps.push(ms);
      current += ms;
      return Promise.resolve();
    },
    sleeps,
    advance(ms) {
      current += ms;
    },
  };
}
