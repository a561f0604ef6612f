/**
 * Manifests read through an asynchronous source (the contents API or git at a revision). The
 * parsers read synchronously, so parsing runs in rounds: each round fetches the files the
 * previous one asked for (a manifest, then its `-r` includes), until nothing new is asked.
 */
import { createLimiter } from '../facts/http/limiter.js';
import { parseManifest } from '../manifests/formats.js';
import type { SourceTree } from '../manifests/source-tree.js';
import type { Manifest, ManifestKind } from '../manifests/types.js';

/** Includes nest rarely; a bound keeps a hostile chain from making endless requests. */
const MAX_ROUNDS = 8;
/** Files one run reads through the API at most, and how many requests are in flight at once. */
export const MAX_REMOTE_FILES = 1000;
const CONCURRENCY = 8;

export type FetchFile = (path: string) => Promise<Uint8Array | null>;

export interface RemoteManifest {
  manifest: Manifest;
  /** Whether the manifest file itself exists at that revision. */
  exists: boolean;
  /** Every path the parse read or tried to read: the file itself and its includes, any depth. */
  reads: Set<string>;
}

export async function loadRemoteManifests(
  wanted: readonly { path: string; kind: ManifestKind }[],
  fetchFile: FetchFile,
): Promise<Manifest[]> {
  return (await loadRemoteManifestsWithReads(wanted, fetchFile)).map((r) => r.manifest);
}

/**
 * `problem` says why a file that reads as null was refused (a link out of the repository, a
 * FIFO, over the size limit): such a manifest exists, and its refusal is reported.
 */
export async function loadRemoteManifestsWithReads(
  wanted: readonly { path: string; kind: ManifestKind }[],
  fetchFile: FetchFile,
  problem: (path: string) => string | null = () => null,
): Promise<RemoteManifest[]> {
  const files = new Map<string, Uint8Array | null>();
  // A file asked for but never fetched says why instead of reading as "no such file".
  const unread = new Map<string, string>();
  const why = (path: string) => unread.get(path) ?? problem(path);
  const limiter = createLimiter(CONCURRENCY);
  for (let round = 0; ; round++) {
    const asked = new Set<string>();
    const parsed: { manifest: Manifest; reads: Set<string>; path: string }[] = [];
    for (const w of wanted) {
      const reads = new Set<string>();
      const tree: SourceTree = {
        root: null,
        read(path) {
          reads.add(path);
          if (files.has(path)) return files.get(path) ?? null;
          if (!unread.has(path)) asked.add(path);
          return null;
        },
        problem: why,
      };
      parsed.push({ manifest: await parseManifest(w.path, w.kind, tree), reads, path: w.path });
    }
    if (asked.size > 0 && round >= MAX_ROUNDS) {
      // Parsed once more with these marked, so the manifests say why they were not read.
      for (const path of asked)
        unread.set(path, `not read: includes nest more than ${String(MAX_ROUNDS)} files deep`);
      continue;
    }
    if (asked.size === 0)
      return parsed.map((p) => ({
        manifest: p.manifest,
        exists: (files.get(p.path) ?? null) !== null || why(p.path) !== null,
        reads: p.reads,
      }));
    // Each file is claimed before it is fetched, so the bound counts files in flight too.
    const fetching = [...asked].filter((path) => {
      if (files.size + unread.size >= MAX_REMOTE_FILES) {
        unread.set(
          path,
          `not read: more than ${String(MAX_REMOTE_FILES)} files to read through the API`,
        );
        return false;
      }
      files.set(path, null);
      return true;
    });
    await Promise.all(
      fetching.map((path) =>
        limiter.run(async () => {
          files.set(path, await fetchFile(path));
        }),
      ),
    );
  }
}
