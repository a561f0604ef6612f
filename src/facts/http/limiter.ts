/** A counting semaphore: at most `limit` tasks run at once, the others wait in FIFO order. */
export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>;
}

export function createLimiter(limit: number): Limiter {
  const max = Math.max(1, Math.floor(limit));
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next === undefined) active--;
    else next(); // the slot passes straight to the next task
  };
  return {
    async run(task) {
      if (active < max) active++;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}

/**
 * A byte budget shared by every body in flight, so that memory is bounded for the whole run and
 * not only per answer. `take` never blocks: a body that does not fit fails (and may be retried
 * once others are done), since waiting while holding bytes could deadlock the readers.
 */
export interface ByteBudget {
  readonly limit: number;
  /** Reserves `bytes`; false (and nothing reserved) when they do not fit. */
  take(bytes: number): boolean;
  give(bytes: number): void;
  /** Bytes held now and the most ever held at once. */
  held(): number;
  peak(): number;
}

export function createByteBudget(limit: number): ByteBudget {
  let held = 0;
  let peak = 0;
  return {
    limit,
    take(bytes) {
      if (held + bytes > limit) return false;
      held += bytes;
      peak = Math.max(peak, held);
      return true;
    },
    give(bytes) {
      held = Math.max(0, held - bytes);
    },
    held: () => held,
    peak: () => peak,
  };
}
