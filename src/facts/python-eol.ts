/**
 * CPython feature releases with their first release and end-of-life dates (PEP 602 and the
 * release PEPs; https://devguide.python.org/versions/). Embedded so a run needs no network;
 * `pythonTableAge` lets a run say when the table itself has grown old.
 */

/** The day this table was last checked against the sources above. */
export const PYTHON_TABLE_CHECKED = '2026-11-24';

export interface PythonRelease {
  /** `X.Y`. */
  version: string;
  /** Date of the X.Y.0 release. */
  released: string;
  /**
   * End of life. Scheduled ends are only month-precise (`YYYY-MM`); such a release counts as
   * end of life from the last day of that month, so it is never called dead before it is.
   */
  endOfLife: string;
}

export const PYTHON_RELEASES: readonly PythonRelease[] = [
  { version: '2.7', released: '2010-07-03', endOfLife: '2020-01-01' },
  { version: '3.0', released: '2008-12-03', endOfLife: '2009-06-27' },
  { version: '3.1', released: '2009-06-27', endOfLife: '2012-04-09' },
  { version: '3.2', released: '2011-02-20', endOfLife: '2016-02-20' },
  { version: '3.3', released: '2012-09-29', endOfLife: '2017-09-29' },
  { version: '3.4', released: '2014-03-16', endOfLife: '2019-03-18' },
  { version: '3.5', released: '2015-09-13', endOfLife: '2020-09-30' },
  { version: '3.6', released: '2016-12-23', endOfLife: '2021-12-23' },
  { version: '3.7', released: '2018-06-27', endOfLife: '2023-06-27' },
  { version: '3.8', released: '2019-10-14', endOfLife: '2024-10-07' },
  { version: '3.9', released: '2020-10-05', endOfLife: '2025-10-31' },
  { version: '3.10', released: '2021-10-04', endOfLife: '2026-10' },
  { version: '3.11', released: '2022-10-24', endOfLife: '2027-10' },
  { version: '3.12', released: '2023-10-02', endOfLife: '2028-10' },
  { version: '3.13', released: '2024-10-07', endOfLife: '2029-10' },
  { version: '3.14', released: '2025-10-07', endOfLife: '2030-10' },
  { version: '3.15', released: '2026-10-01', endOfLife: '2031-10' },
];

/** The first day on which the release is past end of life, as `YYYY-MM-DD`. */
export function endOfLifeDay(release: PythonRelease): string {
  const eol = release.endOfLife;
  if (eol.length === 10) return eol;
  const [year, month] = eol.split('-').map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${eol}-${String(lastDay).padStart(2, '0')}`;
}

/** True when the release is past end of life on `today` (`YYYY-MM-DD`; EOL day itself included). */
export function isEndOfLife(release: PythonRelease, today: string): boolean {
  return today >= endOfLifeDay(release);
}

/** Releases already out on `today`. */
export function releasedPythons(today: string): PythonRelease[] {
  return PYTHON_RELEASES.filter((r) => r.released <= today);
}

/** Whole days between the table's check date and `today` (negative if `today` is earlier). */
export function pythonTableAge(today: string): number {
  return Math.round((Date.parse(today) - Date.parse(PYTHON_TABLE_CHECKED)) / 86_400_000);
}
