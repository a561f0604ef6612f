/**
 * Lock files: every pinned third-party package with its version, where it comes from and its
 * markers, at the line of its entry. The locked project itself and workspace members are the
 * repository's own code, not dependencies, and are left out. This file reads the `[[key]]`
 * entries every TOML lock has; a file per format says what an entry means.
 */
import { normalizeMarker } from '../../pep508/requirement.js';
import { dependencyFrom } from '../dependency.js';
import { quote } from '../text.js';
import { isLockWithEdges, lockEdges, MAX_EDGES } from '../lock-edges.js';
import { readTomlManifest } from '../toml-manifest.js';
import { isTable, type Table, type TomlReader } from '../toml-values.js';
import type { DependencySource, Manifest, ManifestKind } from '../types.js';

export const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A marker in normal form, or null with an error when it does not parse. */
export function normalMarker(
  marker: string | null,
  onError: (message: string) => void,
): string | null {
  if (marker === null || marker.trim() === '') return null;
  const parsed = normalizeMarker(marker);
  if (parsed.ok) return parsed.value;
  onError(`invalid marker ${quote(marker)}`);
  return null;
}

export interface Entry {
  name: string;
  version: string | null;
  source: DependencySource;
  marker?: string | null;
  group?: string;
  hashes?: string[];
}

/** Reads `[[key]]` entries of a TOML lock, one dependency per entry `read` returns. */
export function readTomlLock(
  path: string,
  input: Uint8Array | string,
  kind: ManifestKind,
  key: string,
  read: (entry: Table, reader: TomlReader, index: number) => Entry | null,
  setup?: (reader: TomlReader, manifest: Manifest) => void,
): Manifest {
  const { manifest, reader } = readTomlManifest(path, input, kind, { lineDepth: 2 });
  if (reader === null) return manifest;
  setup?.(reader, manifest);
  const packages = reader.array([key]) ?? [];
  // The lock's tree (which package needs which) comes from the same parsed entries.
  if (isLockWithEdges(kind)) {
    const { edges, truncatedAt } = lockEdges(packages);
    manifest.edges = edges;
    if (truncatedAt !== null)
      (manifest.notices ??= []).push({
        rule: 'resolve/tree-limit',
        file: path,
        line: reader.line([key, truncatedAt]) ?? null,
        message: `the lock lists more than ${MAX_EDGES.toLocaleString('en-US')} dependency edges; from this entry on, paths through the tree are not shown (every locked package is still judged)`,
      });
  }
  packages.forEach((raw, index) => {
    const at = [key, index];
    if (!isTable(raw) || typeof raw.name !== 'string') {
      reader.error(at, `[[${key}]] entry #${String(index + 1)} has no name`);
      return;
    }
    const entry = read(raw, reader, index);
    if (entry === null) return;
    const line = reader.line(at) ?? 1;
    const marker = normalMarker(entry.marker ?? null, (message) => {
      reader.error(at, `${entry.name}: ${message}`);
    });
    manifest.dependencies.push(
      dependencyFrom(
        {
          name: entry.name,
          extras: [],
          specifier: entry.version === null ? '' : `==${entry.version}`,
          url: null,
          marker,
        },
        {
          file: path,
          line,
          group: entry.group ?? 'main',
          source: entry.source,
          version: entry.version,
          hashes: entry.hashes ?? [],
        },
      ),
    );
  });
  return manifest;
}
