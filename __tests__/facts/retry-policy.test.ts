import { describe, expect, it } from '@jest/globals';
import {
  backoffDelay,
  isRetryableStatus,
  parseRetryAfter,
  serverRequestedDelay,
} from '../../src/facts/http/retry-policy.js';

const NOW = Date.parse('2026-11-24T12:00:00Z');

describe('retry policy', () => {
  it.each<[number, Record<string, string>, boolean]>([
    [408, {}, true],
    [429, {}, true],
    [500, {}, true],
    [502, {}, true],
    [503, {}, true],
    [504, {}, true],
    [501, {}, false],
    [505, {}, false],
    [400, {}, false],
    [403, {}, false],
    [404, {}, false],
    [403, { 'x-ratelimit-remaining': '0' }, true],
    [403, { 'retry-after': '60' }, true],
    [403, { 'x-ratelimit-remaining': '12' }, false],
  ])('status %i with %j is retryable: %s', (status, headers, expected) => {
    expect(isRetryableStatus(status, headers)).toBe(expected);
  });

  it.each<[string | undefined, number | null]>([
    ['120', 120_000],
    [' 0 ', 0],
    ['Tue, 24 Nov 2026 12:00:30 GMT', 30_000],
    ['Tue, 24 Nov 2026 11:00:00 GMT', 0],
    ['soon', null],
    ['-5', null],
    [undefined, null],
  ])('Retry-After %j → %j ms', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it('prefers Retry-After, then x-ratelimit-reset on a rate-limited answer only', () => {
    const reset = String(NOW / 1000 + 90);
    expect(
      serverRequestedDelay(
        429,
        { 'retry-after': '5', 'x-ratelimit-reset': reset, 'x-ratelimit-remaining': '0' },
        NOW,
      ),
    ).toBe(5000);
    expect(
      serverRequestedDelay(403, { 'x-ratelimit-reset': reset, 'x-ratelimit-remaining': '0' }, NOW),
    ).toBe(90_000);
    expect(
      serverRequestedDelay(403, { 'x-ratelimit-reset': reset, 'x-ratelimit-remaining': '3' }, NOW),
    ).toBeNull();
    expect(serverRequestedDelay(503, {}, NOW)).toBeNull();
  });

  it('backs off exponentially up to the ceiling, scaled by the random draw', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, 500, 10_000, () => 0.999999))).toEqual([
      499, 999, 1999, 3999, 7999, 9999,
    ]);
    expect(backoffDelay(3, 500, 10_000, () => 0)).toBe(0);
  });
});
