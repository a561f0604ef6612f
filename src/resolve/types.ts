/** What resolving reads (the releases an index lists) and what it decides. */

export interface ReleaseInfo {
  version: string;
  /** Earliest upload time of the release's files (ISO 8601), null when it has none. */
  uploaded: string | null;
  yanked: boolean;
  yankedReason: string | null;
  requiresPython: string | null;
}

/** How the version a dependency uses was decided. */
export type Resolution =
  /** A lock entry or an exact pin. */
  | 'pinned'
  /** The newest release the specifier admits (no pre-releases, no yanked releases). */
  | 'newest-matching'
  /** No release satisfies the specifier, or the project could not be read. */
  | 'unresolved';
