import { describe, expect, it } from '@jest/globals';
import {
  PYTHON_RELEASES,
  endOfLifeDay,
  isEndOfLife,
  pythonTableAge,
  releasedPythons,
} from '../../src/facts/python-eol.js';

const release = (version: string) => {
  const r = PYTHON_RELEASES.find((p) => p.version === version);
  if (r === undefined) throw new Error(`no ${version} in the table`);
  return r;
};

describe('Python end-of-life table', () => {
  it('covers 2.7 and 3.0 to 3.15, each released before its end of life', () => {
    const versions = PYTHON_RELEASES.map((r) => r.version);
    expect(versions).toEqual(['2.7', ...Array.from({ length: 16 }, (_, i) => `3.${i}`)]);
    for (const r of PYTHON_RELEASES) expect(r.released < endOfLifeDay(r)).toBe(true);
  });

  it.each([
    // exact dates: the EOL day itself is end of life
    ['3.9', '2025-10-30', false],
    ['3.9', '2025-10-31', true],
    ['3.8', '2024-10-07', true],
    // month-precise dates count from the month's last day
    ['3.10', '2026-10-30', false],
    ['3.10', '2026-10-31', true],
    ['3.11', '2026-11-24', false],
    ['2.7', '2020-01-01', true],
  ])('%s on %s is end of life: %s', (version, today, expected) => {
    expect(isEndOfLife(release(version), today)).toBe(expected);
  });

  it('knows which releases are out on a given day', () => {
    expect(releasedPythons('2026-09-30').map((r) => r.version)).not.toContain('3.15');
    expect(releasedPythons('2026-10-01').map((r) => r.version)).toContain('3.15');
  });

  it('measures its own age against the day passed in', () => {
    expect(pythonTableAge('2026-11-24')).toBe(0);
    expect(pythonTableAge('2027-11-24')).toBe(365);
  });

  // The one test that reads the clock, on purpose: it fails once the embedded table is
  // more than a year old, so the table gets re-checked before its verdicts drift.
  it('is less than a year old today', () => {
    const today = new Date().toISOString().slice(0, 10);
    expect(pythonTableAge(today)).toBeLessThanOrEqual(365);
  });
});
