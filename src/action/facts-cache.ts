/**
 * The facts cache kept between workflow runs with the Actions cache: restored before the check
 * and saved after it, so the second pull request of the day answers from the cache and
 * revalidates only what is stale. A cache failure is a warning, never a failed step.
 */
import { createHash } from 'node:crypto';
import type { IsoDate } from '../iso-date.js';

/** Restores `paths` from the first key that matches; resolves to the key restored, if any. */
export type RestoreCache = (
  paths: string[],
  key: string,
  restoreKeys: string[],
) => Promise<string | undefined>;
export type SaveCache = (paths: string[], key: string) => Promise<void>;

export interface CacheKeys {
  key: string;
  restoreKeys: string[];
}

/**
 * `pygovern-<version>-<YYYY-MM-DD>-<hash of the sorted package names>`; restore keys fall
 * back to the same day with other packages, then any day of this version.
 */
export function factsCacheKeys(version: string, day: IsoDate, names: Iterable<string>): CacheKeys {
  const hash = createHash('sha256')
    .update([...new Set(names)].sort().join('\n'))
    .digest('hex')
    .slice(0, 16);
  return {
    key: `pygovern-${version}-${day}-${hash}`,
    restoreKeys: [`pygovern-${version}-${day}-`, `pygovern-${version}-`],
  };
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Restores the cache directory; resolves to the key restored (null: none or a failure). */
export async function restoreFactsCache(
  restore: RestoreCache,
  dir: string,
  keys: CacheKeys,
  log: { info: (line: string) => void; warning: (line: string) => void },
): Promise<string | null> {
  try {
    const hit = await restore([dir], keys.key, keys.restoreKeys);
    log.info(hit === undefined ? 'Facts cache: none restored.' : `Facts cache: restored ${hit}.`);
    return hit ?? null;
  } catch (error) {
    log.warning(`pygovern: the facts cache was not restored (${reason(error)}).`);
    return null;
  }
}

/** Saves the cache directory unless its exact key was restored (an entry is immutable). */
export async function saveFactsCache(
  save: SaveCache,
  dir: string,
  keys: CacheKeys,
  restored: string | null,
  log: { info: (line: string) => void; warning: (line: string) => void },
): Promise<void> {
  if (restored === keys.key) return;
  try {
    await save([dir], keys.key);
    log.info(`Facts cache: saved ${keys.key}.`);
  } catch (error) {
    log.warning(`pygovern: the facts cache was not saved (${reason(error)}).`);
  }
}
