/**
 * Manifests read through an asynchronous source (the contents API or git at a revision). The
 * parsers read synchronously, so parsing runs in rounds: each round fetches the files the
 * previous one asked for (a manifest, then its `-r` includes), until nothing new is asked.
 */
import { parseManifest } from '../manifests/registry.js';
import type { SourceTree } from '../manifests/source-tree.js';
import type { Manifest, ManifestKind } from '../manifests/types.js';

/** Includes nest rarely; a bound keeps a hostile chain from making endless requests. */
const MAX_ROUNDS = 8;

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
  for (let round = 0; ; round++) {
    const asked = new Set<string>();
    const parsed = wanted.map((w) => {
      const reads = new Set<string>();
      const tree: SourceTree = {
        root: null,
        read(path) {
          reads.add(path);
          if (files.has(path)) return files.get(path) ?? null;
          asked.add(path);
          return null;
        },
        problem,
      };
      return { manifest: parseManifest(w.path, w.kind, tree), reads, path: w.path };
    });
    if (asked.size === 0 || round === MAX_ROUNDS)
      return parsed.map((p) => ({
        manifest: p.manifest,
        exists: (files.get(p.path) ?? null) !== null || problem(p.path) !== null,
        reads: p.reads,
      }));
    await Promise.all(
      [...asked].map(async (path) => {
        files.set(path, await fetchFile(path));
      }),
    );
  }
}
