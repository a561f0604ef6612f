/** Counters of the HTTP layer, by request kind; the benchmark prints them. */
import type { HttpStats, KindStats } from './types.js';

export type StatField = keyof KindStats;

export interface StatsRecorder {
  count(kind: string, field: StatField, amount?: number): void;
  snapshot(): Omit<HttpStats, 'memory'>;
}

const empty = (): KindStats => ({
  calls: 0,
  deduplicated: 0,
  requests: 0,
  cacheHits: 0,
  revalidations: 0,
  retries: 0,
  failures: 0,
  bytes: 0,
});

export function createStatsRecorder(): StatsRecorder {
  const total = empty();
  const byKind = new Map<string, KindStats>();
  return {
    count(kind, field, amount = 1) {
      let stats = byKind.get(kind);
      if (stats === undefined) {
        stats = empty();
        byKind.set(kind, stats);
      }
      stats[field] += amount;
      total[field] += amount;
    },
    snapshot: () => ({
      total: { ...total },
      byKind: Object.fromEntries([...byKind].map(([kind, stats]) => [kind, { ...stats }])),
    }),
  };
}
