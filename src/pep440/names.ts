/**
 * Project names (PEP 503 normalisation, PEP 508 validity). Every lookup, comparison and
 * deduplication of packages goes through `normalizeName`, so `Flask_SQLAlchemy` and
 * `flask-sqlalchemy` are one package.
 */

const VALID_NAME = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i;

/** PEP 503: lower case, runs of `-`, `_` and `.` become one `-`. */
export function normalizeName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/** PEP 508 name: ASCII letters and digits, with `.`, `_` and `-` inside only. */
export function isValidName(name: string): boolean {
  return VALID_NAME.test(name);
}
