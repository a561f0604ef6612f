/**
 * Manifests read through an asynchronous source (the contents API at the base revision). The
 * parsers read synchronously, so parsing runs in rounds: each round fetches the files the
 * previous one asked for (a manifest, then its `-r` includes), until nothing new is asked.
 */
import { parseManifest } from '../manifests/registry.js';
import type { SourceTree } from '../manifests/source-tree.js';
import type { Manifest, ManifestKind } from '../manifests/types.js';

/** Includes nest rarely; a bound keeps a hostile chain from making endless requests. */
const MAX_ROUNDS = 8;

export async function loadRemoteManifests(
  wanted: readonly { path: string; kind: ManifestKind }[],
  fetchFile: (path: string) => Promise<Uint8Array | null>,
): Promise<Manifest[]> {
  const files = new Map<string, Uint8Array | null>();
  for (let round = 0; ; round++) {
    const asked = new Set<string>();
    const tree: SourceTree = {
      root: null,
      read(path) {
        if (files.has(path)) return files.get(path) ?? null;
        asked.add(path);
        return null;
      },
    };
    const manifests = wanted.map((w) => parseManifest(w.path, w.kind, tree));
    if (asked.size === 0 || round === MAX_ROUNDS) return manifests;
    await Promise.all(
      [...asked].map(async (path) => {
        files.set(path, await fetchFile(path));
      }),
    );
  }
}
